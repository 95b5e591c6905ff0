"""The only module that reads ``os.environ``.

Every setting that comes from the environment is read through the helpers here.
A missing required variable or a malformed value raises :class:`EnvError`, whose
message is one line naming the variable; ``manage.py`` and ``wsgi.py`` print that
line and stop instead of showing a traceback.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

_REQUIRED = object()

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


class EnvError(ImproperlyConfigured):
    """A missing or malformed environment variable."""


def _raw(name: str) -> str | None:
    value = os.environ.get(name)
    if value is None:
        return None
    return value.strip()


def get_str(name: str, default: Any = _REQUIRED) -> str:
    value = _raw(name)
    if value:
        return value
    if default is _REQUIRED:
        raise EnvError(f"{name} is not set: this environment variable is required.")
    return default


def get_bool(name: str, default: bool) -> bool:
    value = _raw(name)
    if not value:
        return default  # unset or empty (e.g. FOO=${FOO} in a compose file): the safe default
    lowered = value.lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise EnvError(f"{name} must be true or false (1/0, yes/no, on/off), not {value!r}.")


def get_int(name: str, default: int) -> int:
    value = _raw(name)
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise EnvError(f"{name} must be a whole number, not {value!r}.") from None


def get_list(name: str, default: Any = _REQUIRED) -> list[str]:
    """A comma-separated list; empty items are dropped."""
    value = _raw(name)
    items = [item.strip() for item in (value or "").split(",") if item.strip()]
    if items:
        return items
    if default is _REQUIRED:
        raise EnvError(f"{name} is not set: give a comma-separated list, e.g. forum.example.org.")
    return list(default)


def get_url(name: str, default: Any = _REQUIRED, schemes: tuple[str, ...] = ("http", "https")) -> str:
    value = get_str(name, default)
    if value is default and default is not _REQUIRED:
        return value
    parts = urlsplit(value)
    if parts.scheme not in schemes or not parts.netloc:
        raise EnvError(f"{name} must be a URL starting with {' or '.join(s + '://' for s in schemes)}, not {value!r}.")
    return value.rstrip("/")


def sqlite_database(path: Path) -> dict[str, Any]:
    """SQLite tuned for a small site with concurrent writers.

    WAL lets readers and one writer work at once; the busy timeout and IMMEDIATE
    transactions make a second writer wait for the lock instead of failing with
    "database is locked" half-way through a transaction.
    """
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(path),
        # Keep connections open between requests: the PRAGMAs run once per connection, not per request.
        "CONN_MAX_AGE": 60,
        "CONN_HEALTH_CHECKS": True,
        "OPTIONS": {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;",
        },
    }


def get_database(name: str, default_sqlite_path: Path) -> dict[str, Any]:
    value = _raw(name)
    if not value:
        return sqlite_database(default_sqlite_path)
    try:
        config = dj_database_url.parse(value, conn_max_age=60, conn_health_checks=True)
    except ValueError:
        raise EnvError(
            f"{name} is not a valid database URL (expected postgres://user:password@host:5432/name "
            "or sqlite:////absolute/path.sqlite3)."
        ) from None
    engine = config.get("ENGINE", "")
    if engine == "django.db.backends.sqlite3":
        if not config.get("NAME"):
            raise EnvError(f"{name} names no SQLite file (expected sqlite:////absolute/path.sqlite3).")
        return sqlite_database(Path(config["NAME"]))
    if engine not in ("django.db.backends.postgresql",):
        raise EnvError(f"{name} must point at PostgreSQL or SQLite, not {engine or 'an unknown engine'}.")
    if not config.get("NAME"):
        raise EnvError(f"{name} names no database (expected postgres://user:password@host:5432/name).")
    return config


def get_cache(name: str) -> dict[str, Any]:
    value = _raw(name)
    if not value:
        # Room for whole pages and post fragments (the default, 300 entries, is one long topic's worth).
        return {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "forum-site",
            "OPTIONS": {"MAX_ENTRIES": 3_000},
        }
    parts = urlsplit(value)
    valid = parts.scheme in ("redis", "rediss") and parts.netloc or parts.scheme == "unix" and parts.path
    if not valid:
        raise EnvError(f"{name} must look like redis://host:6379/0 (or rediss:// or unix://), not {value!r}.")
    try:
        parts.port  # noqa: B018 - raises ValueError on a non-numeric port
    except ValueError:
        raise EnvError(f"{name} has an invalid port: {value!r}.") from None
    # Redis with short timeouts and the database as its stand-in while Redis is away (core/cache_backends.py).
    return {"BACKEND": "forum_site.core.cache_backends.ResilientRedisCache", "LOCATION": value}


def settings_module_default() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "forum_site.settings.dev")
