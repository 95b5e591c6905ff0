"""One way in: no URL of the project or of the packages it includes signs a staff member in without the
second factor, and a staff session that has not passed it reaches no admin, export or staff URL.

The walks below reverse every named URL pattern (filling path converters with sample values), so a
login-shaped view added later by us or by a package upgrade is covered without editing this file.
"""

from __future__ import annotations

import re
import time

import pytest
from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
from django.test import Client
from django.urls import reverse

from forum_site.accounts.middleware import EXEMPT_PREFIXES
from tests.urlwalk import every_url

pytestmark = pytest.mark.django_db


def _sessions_staff_member_without_second_factor(client: Client, user) -> bool:
    """True if `client`'s session is signed in as `user` and no second factor was recorded."""
    session = client.session
    if session.get("_auth_user_id") != str(user.pk):
        return False
    records = session.get(AUTHENTICATION_METHODS_SESSION_KEY) or []
    return not any(record.get("method") == "mfa" for record in records)


def test_the_walk_covers_every_login_shaped_route():
    urls = every_url()
    assert len(urls) > 150  # Wagtail's admin alone has hundreds: the walk cannot be silently empty
    for login in (
        "/accounts/login/",
        "/_util/login/",
        "/admin/login/",
        "/accounts/signup/",
        "/accounts/password/reset/",
    ):
        assert login in urls


def test_no_url_signs_a_staff_member_in_with_a_password_alone(home_page, organiser, password, totp):
    totp(organiser)
    credentials = {
        "login": organiser.email,
        "username": organiser.email,
        "email": organiser.email,
        "password": password,
        "password1": password,
        "password2": password,
        "oldpassword": password,
        "next": "/admin/",
    }
    signed_in = []
    for url in every_url():
        client = Client()
        response = client.post(url, credentials)
        assert response.status_code < 500, url
        if _sessions_staff_member_without_second_factor(client, organiser):
            signed_in.append(url)
        elif client.session.get("_auth_user_id"):
            # Signed in some other way (never expected): the admin must still be shut without the code.
            assert client.get("/admin/").status_code == 302, url
    assert signed_in == []


def test_wagtails_front_end_login_goes_to_allauth(client, home_page):
    response = client.get("/_util/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/admin/"
    response = client.post(
        "/admin/password_reset/confirm/MQ/set-password/", {"new_password1": "x", "new_password2": "x"}
    )
    assert response.status_code == 302 and response["Location"] == reverse("account_reset_password")


def test_page_privacy_login_is_allauths(settings):
    assert reverse("account_login") == settings.WAGTAIL_FRONTEND_LOGIN_URL


def test_password_reset_by_email_does_not_sign_staff_in(client, home_page, organiser, totp, mailoutbox):
    totp(organiser)
    client.post(reverse("account_reset_password"), {"email": organiser.email})
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+/)", mailoutbox[-1].body).group(1)
    form_url = client.get(link)["Location"]
    response = client.post(form_url, {"password1": "A-new-password-2026!", "password2": "A-new-password-2026!"})
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302


@pytest.mark.parametrize("role", ["organiser", "scrutiny_member", "officer", "site_admin"])
def test_a_session_without_the_second_factor_reaches_no_staff_url(request, home_page, role, password, totp):
    """Password passed, code not: every URL outside allauth's own pages sends the session to the code step,
    the admin, its exports and the staff views outside /admin/ alike."""
    user = request.getfixturevalue(role)
    totp(user)
    client = Client()
    client.force_login(user)
    session = client.session
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [{"method": "password", "at": time.time(), "email": user.email}]
    session["account_authentication_methods_user"] = str(user.pk)
    session.save()
    urls = [url for url in every_url() if not url.startswith(EXEMPT_PREFIXES)]
    assert any("export" in url for url in urls) and any(url.startswith("/admin/consultation-results/") for url in urls)
    for url in urls:
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code == 302, (method.__name__, url, response.status_code)
            assert response["Location"].startswith(reverse("mfa_reauthenticate")), url
