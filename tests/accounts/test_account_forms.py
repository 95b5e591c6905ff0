"""Every account form says, field by field, what is missing or wrong (never "This field is required."),
and the error summary links each message to its own field. Each form is sent empty, and with wrong,
over-long or HTML input."""

from __future__ import annotations

import re

import pytest
from allauth.account.models import EmailAddress
from bs4 import BeautifulSoup
from django.core import mail
from django.urls import reverse

from forum_site.accounts.models import User
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Seven-quiet-herons-2026"


def _summary(response) -> dict[str, str]:
    """The error summary as {link target: message}; every message must also be by its field."""
    assert response.status_code == 200, response.status_code
    html = response.content.decode()
    assert "This field is required" not in html
    soup = BeautifulSoup(html, "html.parser")
    summary = soup.select_one(".govuk-error-summary")
    assert summary is not None, "no error summary"
    assert soup.title.get_text().startswith("Error: ")
    found = {}
    for link in summary.select("li a"):
        target = link["href"].removeprefix("#")
        found[target] = link.get_text(" ", strip=True)
        field_error = soup.find(id=f"{target}-error")
        assert field_error is not None and found[target] in field_error.get_text(), target
    return found


def _reset_link(message) -> str:
    return re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+/)", message.body).group(1)


def test_sign_in_empty(client, home_page):
    assert _summary(client.post(reverse("account_login"), {})) == {
        "id_login": "Enter your email address",
        "id_password": "Enter your password",
    }


@pytest.mark.parametrize(
    ("login", "password", "expected"),
    [
        ("not-an-email", "x", {"id_login": "Enter a valid email address, like name@example.com"}),
        ("<script>alert(1)</script>", "x", {"id_login": "Enter a valid email address, like name@example.com"}),
        ("", "x", {"id_login": "Enter your email address"}),
        ("someone@example.org", "", {"id_password": "Enter your password"}),
    ],
)
def test_sign_in_bad_input(client, home_page, login, password, expected):
    response = client.post(reverse("account_login"), {"login": login, "password": password})
    assert _summary(response) == expected
    assert "<script>alert(1)</script>" not in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_sign_in_wrong_password_says_so_without_saying_which(client, home_page, parent):
    response = client.post(reverse("account_login"), {"login": parent.email, "password": "not-the-password"})
    html = response.content.decode()
    assert "The email address or password is not right. Check them and try again." in html
    assert "and/or" not in html
    assert "_auth_user_id" not in client.session


def test_password_reset_empty_and_bad(client, home_page):
    url = reverse("account_reset_password")
    assert _summary(client.post(url, {})) == {"id_email": "Enter the email address you use to sign in"}
    assert _summary(client.post(url, {"email": "<b>me</b>"})) == {
        "id_email": "Enter a valid email address, like name@example.com"
    }
    too_long = "x" * 250 + "@example.org"
    assert _summary(client.post(url, {"email": too_long})) == {
        "id_email": "Email address must be 254 characters or fewer"
    }
    assert mail.outbox == []


def test_password_reset_from_the_link(client, home_page, parent):
    client.post(reverse("account_reset_password"), {"email": parent.email})
    form_url = client.get(_reset_link(mail.outbox[-1]))["Location"]
    assert _summary(client.post(form_url, {})) == {
        "id_password1": "Enter a new password",
        "id_password2": "Type your new password again",
    }
    assert _summary(client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD + "x"})) == {
        "id_password2": "The passwords do not match. Type the same password in both boxes."
    }
    errors = _summary(client.post(form_url, {"password1": "short", "password2": "short"}))
    assert "too short" in errors["id_password1"]
    parent.refresh_from_db()
    assert not parent.check_password(NEW_PASSWORD)
    response = client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    parent.refresh_from_db()
    assert parent.check_password(NEW_PASSWORD)


def test_a_tampered_reset_link_says_it_has_expired(client, home_page, parent):
    client.post(reverse("account_reset_password"), {"email": parent.email})
    link = _reset_link(mail.outbox[-1])
    response = client.get(link[:-4] + "zzz/", follow=True)
    html = response.content.decode()
    assert "This link has expired or has already been used" in html
    assert "Bad Token" not in html


def test_change_password(client, home_page, parent, password):
    sign_in(client, parent)
    url = reverse("account_change_password")
    assert _summary(client.post(url, {})) == {
        "id_oldpassword": "Enter your current password",
        "id_password1": "Enter a new password",
        "id_password2": "Type your new password again",
    }
    assert _summary(
        client.post(url, {"oldpassword": "wrong", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    ) == {"id_oldpassword": "Your current password is not right. Check it and try again."}
    assert _summary(client.post(url, {"oldpassword": password, "password1": NEW_PASSWORD, "password2": "other"})) == {
        "id_password2": "The passwords do not match. Type the same password in both boxes."
    }
    parent.refresh_from_db()
    assert parent.check_password(password)


def test_change_email(client, home_page, parent):
    sign_in(client, parent)
    url = reverse("account_email")
    assert _summary(client.post(url, {"action_add": "", "email": ""})) == {"id_email": "Enter your new email address"}
    assert _summary(client.post(url, {"action_add": "", "email": "<script>"})) == {
        "id_email": "Enter a valid email address, like name@example.com"
    }
    assert _summary(client.post(url, {"action_add": "", "email": "y" * 250 + "@example.org"})) == {
        "id_email": "Email address must be 254 characters or fewer"
    }
    assert _summary(client.post(url, {"action_add": "", "email": parent.email.upper()})) == {
        "id_email": "That is already the email address for your account."
    }
    assert list(EmailAddress.objects.filter(user=parent).values_list("email", flat=True)) == [parent.email]


def test_reauthenticate(client, home_page, parent):
    sign_in(client, parent)
    url = reverse("account_reauthenticate")
    assert _summary(client.post(url, {})) == {"id_password": "Enter your password"}
    assert _summary(client.post(url, {"password": "wrong"})) == {
        "id_password": "The password is not right. Check it and try again."
    }


def test_second_factor_code(client, home_page, organiser, password, totp):
    totp(organiser)
    client.post(reverse("account_login"), {"login": organiser.email, "password": password})
    url = reverse("mfa_authenticate")
    assert _summary(client.post(url, {"code": ""})) == {"id_code": "Enter the 6-digit code from your authenticator app"}
    assert client.post(url, {}).status_code == 200  # no code field at all: asked again, not a server error
    assert _summary(client.post(url, {"code": "<b>1</b>" * 100})) == {
        "id_code": "That code is not right. Enter the 6-digit code your authenticator app shows now."
    }
    assert "_auth_user_id" not in client.session


def test_turning_on_two_factor(client, home_page, parent, password):
    client.post(reverse("account_login"), {"login": parent.email, "password": password})
    url = reverse("mfa_activate_totp")
    response = client.get(url, follow=True)
    if response.redirect_chain and "reauthenticate" in response.redirect_chain[-1][0]:
        client.post(response.redirect_chain[-1][0], {"password": password})
    assert _summary(client.post(url, {})) == {"id_code": "Enter the 6-digit code from your authenticator app"}
    assert _summary(client.post(url, {"code": "123"})) == {
        "id_code": "That code is not right. Enter the 6-digit code your authenticator app shows now."
    }


def test_display_name_empty(client, home_page, parent):
    sign_in(client, parent)
    assert _summary(client.post(reverse("accounts:display-name-edit"), {})) == {
        "id_display_name": "Enter a display name. A pseudonym is fine."
    }


def test_delete_account_empty(client, home_page, parent):
    sign_in(client, parent)
    assert _summary(client.post(reverse("accounts:account-delete"), {})) == {
        "id_password": "Enter your password to confirm it is you.",
        "id_confirm": "Tick the box to confirm you understand this cannot be undone.",
    }
    assert User.objects.filter(pk=parent.pk).exists()
