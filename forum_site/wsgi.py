"""WSGI entry point for gunicorn: `gunicorn forum_site.wsgi`."""

import sys

from forum_site import env

env.settings_module_default()

from django.core.wsgi import get_wsgi_application  # noqa: E402

try:
    application = get_wsgi_application()
except env.EnvError as error:
    sys.exit(f"Configuration error: {error}")
