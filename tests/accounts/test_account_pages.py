"""Every allauth page we serve is ours: our template (never allauth's stock one), a sentence-case heading, and
none of its stock wording ("Verify Your Email Address", "finalize", "Sign In")."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.conftest import mfa_login, sign_in

pytestmark = pytest.mark.django_db

OURS = settings.BASE_DIR / "templates"
STOCK = [
    "Verify Your",
    "finalize",
    "Sign In",
    "Sign Up",
    "Sign Out",
    "E-mail",
    "username",
    "Please ",
    "Bad Token",
    "Confirm Access",
    "reauthenticate",
    "Forgot your password",
    "Two-Factor",
    "Authenticator App",
    "Recovery Codes",
]


def check_page(response, heading: str) -> BeautifulSoup:
    assert response.status_code == 200, (response.status_code, response.get("Location"))
    for template in response.templates:
        if template.name and template.name.split("/")[0] in ("account", "mfa", "allauth"):
            assert Path(template.origin.name).is_relative_to(OURS), f"stock allauth template {template.origin.name}"
    soup = BeautifulSoup(response.content, "html.parser")
    h1 = [h.get_text(" ", strip=True) for h in soup.find_all("h1")]
    assert h1 == [heading]
    rest = heading.split()[1:]
    assert all(word == word.lower() or word == "I" for word in rest), f"not sentence case: {heading}"
    assert soup.title.get_text().startswith(heading)
    text = soup.get_text(" ", strip=True)
    for phrase in STOCK:
        assert phrase not in text, (phrase, response.wsgi_request.path)
    return soup


def _reauthenticated(client, url: str, password: str):
    response = client.get(url)
    if response.status_code == 302 and "reauthenticate" in response["Location"]:
        client.post(response["Location"], {"password": password})
        response = client.get(url)
    return response


def test_pages_for_visitors(client, home_page):
    check_page(client.get(reverse("account_login")), "Sign in")
    check_page(client.get(reverse("account_signup")), "Create an account")
    check_page(client.get(reverse("account_reset_password")), "Reset your password")
    check_page(client.get(reverse("account_reset_password_done")), "Check your email")
    check_page(client.get(reverse("account_email_verification_sent")), "Check your email")
    check_page(client.get(reverse("account_inactive")), "This account is not active")
    check_page(
        client.get(reverse("account_confirm_email", args=["not-a-real-key"])),
        "This link has expired or has already been used",
    )
    bad = reverse("account_reset_password_from_key", kwargs={"uidb36": "1", "key": "set-password"})
    check_page(client.get(bad, follow=True), "This link has expired or has already been used")
    check_page(client.get(reverse("account_reset_password_from_key_done")), "Your password has been changed")


def test_sign_up_pages_in_order(client, home_page):
    password = "Purple-otter-rides-42"
    response = client.post(
        reverse("account_signup"),
        {"email": "sam@example.org", "display_name": "Sam", "password1": password, "password2": password},
        follow=True,
    )
    soup = check_page(response, "Check your email")
    assert "signed in straight away" in soup.get_text()
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+/)", mail.outbox[0].body).group(1)
    soup = check_page(client.get(link), "Confirm your email address")
    assert soup.find("button", string="Confirm my email address")


def test_sign_up_closed(client, home_page, monkeypatch):
    from forum_site.accounts.adapters import AccountAdapter

    monkeypatch.setattr(AccountAdapter, "is_open_for_signup", lambda self, request: False)
    check_page(client.get(reverse("account_signup")), "You cannot create an account just now")


def test_password_reset_link_page(client, home_page, parent):
    client.post(reverse("account_reset_password"), {"email": parent.email})
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+/)", mail.outbox[0].body).group(1)
    check_page(client.get(link, follow=True), "Choose a new password")


def test_pages_for_a_member(client, home_page, parent, password):
    sign_in(client, parent)
    check_page(client.get(reverse("account_logout")), "Sign out")
    check_page(client.get(reverse("account_change_password")), "Change your password")
    check_page(client.get(reverse("account_email")), "Change your email address")
    check_page(client.get(reverse("account_reauthenticate")), "Confirm it is you")
    check_page(client.get(reverse("mfa_index")), "Two-factor authentication")
    check_page(_reauthenticated(client, reverse("mfa_activate_totp"), password), "Turn on two-factor authentication")
    # Signed in, the reset pages say so.
    soup = check_page(client.get(reverse("account_reset_password")), "Reset your password")
    assert "You are signed in as Jo parent" in soup.get_text(" ", strip=True)


@pytest.mark.urls("tests.accounts.member_urls")
def test_verified_email_required_page(client, home_page, unverified_parent):
    sign_in(client, unverified_parent)
    check_page(client.get(reverse("member-only")), "Confirm your email address first")


def test_pages_for_a_member_with_two_factor(client, home_page, organiser, password):
    mfa_login(client, organiser)
    soup = check_page(client.get(reverse("mfa_index")), "Two-factor authentication")
    assert soup.select_one(".govuk-summary-list .govuk-tag").get_text(strip=True) == "On"
    check_page(_reauthenticated(client, reverse("mfa_deactivate_totp"), password), "Turn off two-factor authentication")
    check_page(client.get(reverse("mfa_generate_recovery_codes")), "Make new recovery codes")
    client.post(reverse("mfa_generate_recovery_codes"))
    soup = check_page(client.get(reverse("mfa_view_recovery_codes")), "Your recovery codes")
    codes = [c.get_text() for c in soup.select("main li code")]
    assert len(codes) == 10
    download = client.get(reverse("mfa_download_recovery_codes"))
    assert download["Content-Disposition"] == 'attachment; filename="recovery-codes.txt"'
    text = download.content.decode()
    assert text.startswith(f"{settings.WAGTAIL_SITE_NAME}: recovery codes for {organiser.email}")
    assert all(code in text for code in codes)
    check_page(client.get(reverse("mfa_reauthenticate")), "Confirm it is you")


def test_second_step_of_signing_in(client, home_page, organiser, password, totp):
    totp(organiser)
    client.post(reverse("account_login"), {"login": organiser.email, "password": password})
    soup = check_page(client.get(reverse("mfa_authenticate")), "Enter the code from your authenticator app")
    assert soup.find("button", string="Cancel and sign out")


def test_messages_are_ours(client, home_page, parent, password):
    response = client.post(reverse("account_login"), {"login": parent.email, "password": password}, follow=True)
    assert "You are signed in." in response.content.decode()
    assert "Successfully" not in response.content.decode()
    response = client.post(reverse("account_logout"), follow=True)
    assert "You have signed out." in response.content.decode()


def test_a_different_browser_sees_the_same_expired_link_page(home_page):
    """A made-up confirmation key gets the same page as an expired one, for anybody."""
    first = Client().get(reverse("account_confirm_email", args=["abc"])).content
    second = Client().get(reverse("account_confirm_email", args=["xyz"])).content
    strip = lambda html: re.sub(rb'value="[^"]+"', b"", html)  # noqa: E731
    assert strip(first) == strip(second)
