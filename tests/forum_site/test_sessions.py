"""Sessions: read from the cache only when the cache is shared by every process (Redis); signing out
ends the session for every later request, wherever the cookie comes from."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.conftest import sign_in


def test_sessions_are_cached_only_in_a_shared_cache():
    shared = settings.CACHES["default"]["BACKEND"].endswith("RedisCache")
    assert settings.SESSION_ENGINE.endswith(".cached_db") is shared
    assert settings.SESSION_ENGINE.endswith((".cached_db", ".db"))


@pytest.mark.django_db
def test_a_copied_cookie_is_worthless_after_signing_out(client, parent, home_page):
    sign_in(client, parent)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    copy = Client()
    copy.cookies[settings.SESSION_COOKIE_NAME] = cookie
    assert copy.get(reverse("accounts:account-home")).status_code == 200
    client.post(reverse("account_logout"))
    assert copy.get(reverse("accounts:account-home")).status_code == 302  # to the sign-in page
