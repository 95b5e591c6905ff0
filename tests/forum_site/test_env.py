"""forum_site/env.py: every bad variable gives one clear error naming it."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from forum_site import env

ROOT = Path(__file__).resolve().parents[2]
GOOD_SECRET = secrets.token_urlsafe(64)


def test_required_string_missing_names_variable(monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(env.EnvError, match="^SECRET_KEY is not set"):
        env.get_str("SECRET_KEY")


def test_blank_required_string_counts_as_missing(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "   ")
    with pytest.raises(env.EnvError, match="SECRET_KEY"):
        env.get_str("SECRET_KEY")


@pytest.mark.parametrize("value", ["maybe", "2", "yes please"])
def test_bad_boolean(monkeypatch, value):
    monkeypatch.setenv("EMAIL_USE_TLS", value)
    with pytest.raises(env.EnvError, match="^EMAIL_USE_TLS must be true or false"):
        env.get_bool("EMAIL_USE_TLS", default=True)


@pytest.mark.parametrize(("value", "expected"), [("1", True), ("off", False), ("TRUE", True)])
def test_good_boolean(monkeypatch, value, expected):
    monkeypatch.setenv("EMAIL_USE_TLS", value)
    assert env.get_bool("EMAIL_USE_TLS", default=not expected) is expected


@pytest.mark.parametrize("default", [True, False])
def test_empty_boolean_means_default(monkeypatch, default):
    monkeypatch.setenv("STAFF_MFA_REQUIRED", "")
    assert env.get_bool("STAFF_MFA_REQUIRED", default=default) is default


def test_bad_integer(monkeypatch):
    monkeypatch.setenv("EMAIL_PORT", "five-eight-seven")
    with pytest.raises(env.EnvError, match="^EMAIL_PORT must be a whole number"):
        env.get_int("EMAIL_PORT", default=587)


def test_list_required_and_parsed(monkeypatch):
    monkeypatch.setenv("ALLOWED_HOSTS", " forum.example.org, ,www.forum.example.org ")
    assert env.get_list("ALLOWED_HOSTS") == ["forum.example.org", "www.forum.example.org"]
    monkeypatch.setenv("ALLOWED_HOSTS", " , ")
    with pytest.raises(env.EnvError, match="^ALLOWED_HOSTS is not set"):
        env.get_list("ALLOWED_HOSTS")


@pytest.mark.parametrize("value", ["forum.example.org", "ftp://forum.example.org", "https://"])
def test_bad_site_url(monkeypatch, value):
    monkeypatch.setenv("SITE_URL", value)
    with pytest.raises(env.EnvError, match="^SITE_URL must be a URL"):
        env.get_url("SITE_URL", default="http://127.0.0.1:8000")


def test_database_default_is_sqlite_with_wal_and_immediate(monkeypatch, tmp_path):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    config = env.get_database("DATABASE_URL", default_sqlite_path=tmp_path / "db.sqlite3")
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in config["OPTIONS"]["init_command"]
    assert "busy_timeout" in config["OPTIONS"]["init_command"]


def test_database_postgres_url(monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", "postgres://forum:pw@db.internal:5432/forum")
    config = env.get_database("DATABASE_URL", default_sqlite_path=tmp_path / "x")
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["NAME"], config["HOST"], config["PORT"], config["USER"]) == ("forum", "db.internal", 5432, "forum")


@pytest.mark.parametrize(
    "value",
    ["not a url", "mysql://u:p@h/db", "postgres://u:p@h:notaport/db", "postgres://u:p@h:5432/", "oracle://x/y"],
)
def test_bad_database_url(monkeypatch, tmp_path, value):
    monkeypatch.setenv("DATABASE_URL", value)
    with pytest.raises(env.EnvError, match="^DATABASE_URL "):
        env.get_database("DATABASE_URL", default_sqlite_path=tmp_path / "x")


def test_cache_default_and_redis(monkeypatch):
    monkeypatch.delenv("REDIS_URL", raising=False)
    assert env.get_cache("REDIS_URL")["BACKEND"].endswith("LocMemCache")
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/2")
    assert env.get_cache("REDIS_URL") == {
        "BACKEND": "forum_site.core.cache_backends.ResilientRedisCache",
        "LOCATION": "redis://127.0.0.1:6379/2",
    }


@pytest.mark.parametrize("value", ["localhost:6379", "http://cache:6379", "redis://", "redis://h:port/0"])
def test_bad_redis_url(monkeypatch, value):
    monkeypatch.setenv("REDIS_URL", value)
    with pytest.raises(env.EnvError, match="^REDIS_URL "):
        env.get_cache("REDIS_URL")


def _manage(args: list[str], **overrides: str) -> subprocess.CompletedProcess:
    # Only what production would have (the browser tests set DJANGO_ALLOW_ASYNC_UNSAFE for themselves).
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    clean.update(DJANGO_SETTINGS_MODULE="forum_site.settings.production", **overrides)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize(
    ("overrides", "variable"),
    [
        ({"ALLOWED_HOSTS": "forum.example.org"}, "SECRET_KEY"),
        ({"SECRET_KEY": GOOD_SECRET}, "ALLOWED_HOSTS"),
        ({"SECRET_KEY": GOOD_SECRET, "ALLOWED_HOSTS": "forum.example.org"}, "SITE_URL"),
        ({"SECRET_KEY": "short", "ALLOWED_HOSTS": "forum.example.org"}, "SECRET_KEY"),
        ({"SECRET_KEY": GOOD_SECRET, "ALLOWED_HOSTS": "f.example.org", "DATABASE_URL": "nonsense"}, "DATABASE_URL"),
        ({"SECRET_KEY": GOOD_SECRET, "ALLOWED_HOSTS": "f.example.org", "REDIS_URL": "localhost"}, "REDIS_URL"),
        ({"SECRET_KEY": GOOD_SECRET, "ALLOWED_HOSTS": "f.example.org", "EMAIL_PORT": "smtp"}, "EMAIL_PORT"),
    ],
)
def test_production_refuses_to_start_with_one_clear_line(overrides, variable):
    result = _manage(["check"], **overrides)
    assert result.returncode != 0
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"Configuration error: {variable}")


def test_production_check_deploy_reports_no_issues(tmp_path):
    result = _manage(
        ["check", "--deploy", "--fail-level", "WARNING"],
        SECRET_KEY=GOOD_SECRET,
        ALLOWED_HOSTS="forum.example.org",
        SITE_URL="https://forum.example.org",
        DATABASE_URL=f"sqlite:///{tmp_path}/deploy.sqlite3",
        REDIS_URL="redis://127.0.0.1:6379/15",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_warns_about_a_per_process_cache(tmp_path):
    result = _manage(
        ["check", "--deploy", "--fail-level", "WARNING"],
        SECRET_KEY=GOOD_SECRET,
        ALLOWED_HOSTS="forum.example.org",
        SITE_URL="https://forum.example.org",
        DATABASE_URL=f"sqlite:///{tmp_path}/deploy.sqlite3",
    )
    assert result.returncode != 0
    assert "forum_site.W001" in result.stdout + result.stderr
