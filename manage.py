#!/usr/bin/env python
"""Django's command-line utility. Defaults to the dev settings."""

import sys


def main() -> None:
    from forum_site import env

    env.settings_module_default()
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(sys.argv)
    except env.EnvError as error:
        sys.exit(f"Configuration error: {error}")


if __name__ == "__main__":
    main()
