"""Redis stopped or hung: the site keeps answering, correctly and a little slower, and recovers by itself.

The backend under test is the real one (forum_site/core/cache_backends.py) pointed at a port where nothing
listens (`redis_stopped`) or at a socket that accepts and never answers (`redis_hung`); the fallback is the
real database cache. The recovery tests use the real Redis of the machine and make it fail mid-test.
"""

from __future__ import annotations

import logging
import time

import pytest
from django.conf import settings
from django.core.cache import cache, caches
from django.test import Client
from django.urls import reverse
from redis.exceptions import ConnectionError as RedisConnectionError

from forum_site.core import cache_backends
from forum_site.core.ratelimit import limit_exceeded

pytestmark = pytest.mark.django_db


def test_every_call_answers_from_the_database_while_redis_is_stopped(redis_stopped):
    assert cache.get("missing") is None
    assert cache.add("k", 1, 60) is True and cache.add("k", 2, 60) is False
    assert cache.incr("k") == 2
    cache.set_many({"a": 1, "b": 2})
    assert cache.get_many(["a", "b", "c"]) == {"a": 1, "b": 2}
    cache.delete("a")
    assert cache.get("a") is None and cache.has_key("b")
    assert caches["fallback"].get("b") == 2  # it really is the database cache that holds them


def test_an_outage_starts_from_an_empty_fallback(redis_stopped):
    """Left in the table by an earlier outage whose process died before Redis came back: never read."""
    caches["fallback"].set("session-of-someone-signed-out-since", "stale")
    assert cache.get("session-of-someone-signed-out-since") is None


def test_an_outage_is_logged_once_not_per_call(redis_stopped, caplog):
    with caplog.at_level(logging.WARNING, logger="forum_site.core.cache_backends"):
        for _ in range(20):
            cache.get("x")
    warnings = [r for r in caplog.records if "unavailable" in r.getMessage()]
    assert len(warnings) == 1 and "using the database instead" in warnings[0].getMessage()


def test_a_hung_redis_costs_one_short_timeout_then_nothing(redis_hung):
    started = time.monotonic()
    assert cache.get("x") is None
    first = time.monotonic() - started
    assert first < 1.5  # connect succeeds, the read times out at 0.5 s
    started = time.monotonic()
    for _ in range(50):
        cache.get("x")
    assert time.monotonic() - started < 0.5  # the circuit is open: no call waits on Redis


@pytest.mark.parametrize("outage", ["redis_stopped", "redis_hung"])
def test_pages_render_and_are_cached_in_the_database(request, client, home_page, outage):
    request.getfixturevalue(outage)
    for url in ("/", "/about/", "/consultations/"):
        response = client.get(url)
        assert response.status_code == 200, url
    again = client.get("/")
    assert again.status_code == 200 and again["X-Page-Cache"] == "hit"


@pytest.mark.parametrize("outage", ["redis_stopped", "redis_hung"])
def test_sign_in_works_and_the_session_holds(request, client, home_page, parent, password, outage):
    request.getfixturevalue(outage)
    response = client.post(reverse("account_login"), {"login": parent.email, "password": password})
    assert response.status_code == 302
    assert client.get(reverse("accounts:account-home")).status_code == 200
    client.post(reverse("account_logout"))
    assert client.get(reverse("accounts:account-home")).status_code == 302


def test_sign_in_stays_rate_limited_while_redis_is_down(client, home_page, parent, password, redis_stopped):
    """allauth's failed-login limit (5 per address) counts in the database meanwhile: brute force stays shut."""
    for _ in range(5):
        response = client.post(reverse("account_login"), {"login": parent.email, "password": "wrong-password"})
        assert _locked_out_message() not in response.content.decode()
    response = client.post(reverse("account_login"), {"login": parent.email, "password": password})
    assert _locked_out_message() in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_our_rate_limits_count_while_redis_is_down_and_lock_nobody_else_out(redis_stopped):
    results = [limit_exceeded(key="email:a@example.org", limit=3, window_seconds=60) for _ in range(5)]
    assert results == [False, False, False, True, True]
    assert limit_exceeded(key="email:b@example.org", limit=3, window_seconds=60) is False


# --- Recovery, against the machine's real Redis ------------------------------------------------------------


@pytest.fixture
def real_redis(settings):
    import redis

    location = (
        settings.CACHES["default"]["LOCATION"]
        if "Redis" in settings.CACHES["default"]["BACKEND"]
        else "redis://127.0.0.1:6379/12"
    )
    try:
        redis.Redis.from_url(location, socket_connect_timeout=0.3).ping()
    except redis.exceptions.RedisError:
        pytest.skip(f"no Redis at {location} (CI starts one; so does the machine's service)")
    from tests.conftest import _redis_cache_settings

    _redis_cache_settings(settings, location, RETRY_SECONDS=0.2)
    cache_backends._circuits.pop(location, None)
    cache.clear()
    yield location
    cache.clear()
    cache_backends._circuits.pop(location, None)


@pytest.fixture
def make_redis_fail(monkeypatch):
    """Calling it makes every Redis call raise (the client cannot be had); undoing it brings Redis back."""
    from django.core.cache.backends.redis import RedisCacheClient

    def fail(*args, **kwargs):
        raise RedisConnectionError("Connection refused (made to fail by the test)")

    class Switch:
        def down(self):
            monkeypatch.setattr(RedisCacheClient, "get_client", fail)

        def up(self):
            monkeypatch.undo()
            time.sleep(0.25)  # past RETRY_SECONDS: the next call tries Redis again

    return Switch()


def test_signing_out_during_an_outage_stays_signed_out_when_redis_returns(
    client, home_page, parent, password, real_redis, make_redis_fail
):
    """What Redis held from before the outage is stale: it is flushed on recovery, so the session that was
    signed out meanwhile does not come back from Redis."""
    client.post(reverse("account_login"), {"login": parent.email, "password": password})
    assert client.get(reverse("accounts:account-home")).status_code == 200  # the session is now in Redis
    old_cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    make_redis_fail.down()
    client.post(reverse("account_logout"))
    make_redis_fail.up()
    assert client.get(reverse("accounts:account-home")).status_code == 302
    # Whoever still holds the old session cookie (a shared computer, a stolen cookie) is signed out too.
    other = Client()
    other.cookies[settings.SESSION_COOKIE_NAME] = old_cookie
    assert other.get(reverse("accounts:account-home")).status_code == 302


def test_recovery_flushes_redis_and_empties_the_fallback(real_redis, make_redis_fail, caplog):
    cache.set("before", "stale")
    make_redis_fail.down()
    cache.set("during", "kept in the database")
    assert caches["fallback"].get("during") == "kept in the database"
    make_redis_fail.up()
    with caplog.at_level(logging.WARNING, logger="forum_site.core.cache_backends"):
        assert cache.get("before") is None  # flushed
    assert cache.get("during") is None and caches["fallback"].get("during") is None
    assert any("is back" in r.getMessage() for r in caplog.records)
    cache.set("after", 1)
    assert cache.get("after") == 1 and caches["fallback"].get("after") is None  # Redis in use again


def test_settings_give_redis_short_timeouts():
    from forum_site import env

    backend = cache_backends.ResilientRedisCache("redis://127.0.0.1:6379/0", {"OPTIONS": {}})
    assert backend._options["socket_connect_timeout"] < 1 and backend._options["socket_timeout"] < 1
    assert "FALLBACK" not in backend._options and "RETRY_SECONDS" not in backend._options
    assert settings.CACHES["fallback"]["BACKEND"].endswith("DatabaseCache")
    assert env.get_cache("REDIS_URL")["BACKEND"] in (
        "forum_site.core.cache_backends.ResilientRedisCache",
        "django.core.cache.backends.locmem.LocMemCache",
    )


def _locked_out_message() -> str:
    """What allauth says once sign-in is locked, in the words our adapter gives it (HTML-escaped)."""
    from django.utils.html import escape

    from forum_site.accounts.adapters import AccountAdapter

    return escape(AccountAdapter.error_messages["too_many_login_attempts"])
