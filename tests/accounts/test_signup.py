"""Sign up -> verify (link from the outbox) -> log in, and every kind of bad sign-up input."""

from __future__ import annotations

import re

import pytest
from allauth.account.models import EmailAddress
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse

from forum_site.accounts import roles
from forum_site.accounts.models import User
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db

SIGNUP = {
    "email": "sam@example.org",
    "display_name": "Sam (dad of one)",
    "password1": "Purple-otter-rides-42",
    "password2": "Purple-otter-rides-42",
}


def _confirmation_link(message) -> str:
    match = re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


def _error_summary(response) -> list[tuple[str, str]]:
    soup = BeautifulSoup(response.content, "html.parser")
    summary = soup.select_one(".govuk-error-summary")
    assert summary is not None, "no error summary on the page"
    # The summary comes before the form.
    assert summary.find_next("form") is not None
    items = []
    for li in summary.select("li"):
        link = li.find("a")
        items.append((link["href"] if link else "", li.get_text(" ", strip=True)))
    return items


def test_signup_verify_login_flow(client, home_page):
    response = client.post(reverse("account_signup"), SIGNUP)
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")

    user = User.objects.get(email="sam@example.org")
    assert user.display_name == "Sam (dad of one)"
    assert list(user.groups.values_list("name", flat=True)) == [roles.PARENTS]
    assert not EmailAddress.objects.get(user=user).verified

    # Not signed in until the address is verified.
    assert "_auth_user_id" not in client.session
    response = client.post(reverse("account_login"), {"login": "sam@example.org", "password": SIGNUP["password1"]})
    assert "_auth_user_id" not in client.session
    assert response.status_code == 302 and response["Location"] == reverse("account_email_verification_sent")

    assert len(mail.outbox) >= 1
    link = _confirmation_link(mail.outbox[-1])
    assert mail.outbox[-1].to == ["sam@example.org"]
    page = client.get(link)
    assert page.status_code == 200
    assert "_auth_user_id" not in client.session  # opening the link does not confirm (nor sign in) on its own
    response = client.post(link)
    assert response.status_code == 302
    assert EmailAddress.objects.get(user=user).verified
    # Confirmed in the browser that signed up: signed in straight away, and sent to My account.
    assert int(client.session["_auth_user_id"]) == user.pk
    assert response["Location"] == reverse("accounts:account-home")
    account = client.get(response["Location"])
    assert account.status_code == 200
    html = account.content.decode()
    assert "Sam (dad of one)" in html
    assert "sam@example.org is confirmed" in html and "You are signed in" in html

    # Signing out and in again works with the email address in any case.
    client.post(reverse("account_logout"))
    assert "_auth_user_id" not in client.session
    response = client.post(reverse("account_login"), {"login": "SAM@example.org", "password": SIGNUP["password1"]})
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == user.pk


def test_confirming_in_another_browser_confirms_but_does_not_sign_in(client, home_page):
    """The link alone must not sign anyone in: whoever has it (a shared inbox, a forwarded email) could."""
    from django.test import Client

    client.post(reverse("account_signup"), SIGNUP)
    user = User.objects.get(email=SIGNUP["email"])
    link = _confirmation_link(mail.outbox[-1])
    other = Client()
    response = other.post(link)
    assert response.status_code == 302
    assert EmailAddress.objects.get(user=user).verified
    assert "_auth_user_id" not in other.session
    assert response["Location"] == reverse("account_login")
    assert client.get(reverse("accounts:account-home")).status_code == 302  # nor the browser that signed up
    assert "_auth_user_id" not in client.session
    # The same link cannot be used again to sign in later, in the first browser either.
    response = client.post(link)
    assert "_auth_user_id" not in client.session


def test_a_wrong_confirmation_key_confirms_nothing(client, home_page):
    client.post(reverse("account_signup"), SIGNUP)
    link = _confirmation_link(mail.outbox[-1])
    tampered = link.rstrip("/")[:-3] + "xyz/"
    page = client.get(tampered)
    assert page.status_code == 200
    assert "This link has expired or has already been used" in page.content.decode()
    client.post(tampered)
    assert not EmailAddress.objects.get(email=SIGNUP["email"]).verified
    assert "_auth_user_id" not in client.session


def test_a_signed_in_member_opening_someone_elses_link_is_not_swapped_into_their_account(client, home_page, parent):
    """allauth signs the member out first; confirming then signs nobody in (there is no pending sign-up)."""
    from django.test import Client

    Client().post(reverse("account_signup"), SIGNUP)
    link = _confirmation_link(mail.outbox[-1])
    sign_in(client, parent)
    client.post(link)
    assert "_auth_user_id" not in client.session


def test_signup_page_asks_no_real_name(client, home_page):
    response = client.get(reverse("account_signup"))
    form = response.context["form"]
    assert set(form.fields) == {"email", "display_name", "password1", "password2"}
    assert "pseudonym" in response.content.decode()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"email": "not-an-email"}, "email", "Enter a valid email address, like name@example.com"),
        ({"email": "<script>@example.org"}, "email", "Enter a valid email address"),
        ({"email": ("x" * 250) + "@example.org"}, "email", "Email address must be 254 characters or fewer"),
        ({"email": ""}, "email", "Enter your email address"),
        ({"password1": "", "password2": ""}, "password1", "Enter a password"),
        ({"password2": ""}, "password2", "Type your password again"),
        ({"password1": "short1!", "password2": "short1!"}, "password1", "too short"),
        ({"password1": "password123", "password2": "password123"}, "password1", "too common"),
        ({"password1": "12345678901234", "password2": "12345678901234"}, "password1", "entirely numeric"),
        ({"password2": "Something-else-99"}, "password2", "same password"),
        ({"display_name": "x" * 51}, "display_name", "50 characters or fewer"),
        ({"display_name": "   "}, "display_name", "Enter a display name"),
        ({"display_name": "<script>alert(1)</script>"}, "display_name", "cannot contain < or >"),
        ({"display_name": "<b>Bold</b>"}, "display_name", "cannot contain < or >"),
        ({"display_name": "Tab\u0007bell"}, "display_name", "control characters"),
    ],
)
def test_bad_signup_shows_errors_and_creates_nothing(client, home_page, changes, field, message):
    data = {**SIGNUP, **changes}
    response = client.post(reverse("account_signup"), data)
    assert response.status_code == 200
    assert not User.objects.exists()
    assert mail.outbox == []
    summary = _error_summary(response)
    hrefs = [href for href, _ in summary]
    assert f"#id_{field}" in hrefs
    assert any(message.lower() in text.lower() for _, text in summary), summary
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    # What the person typed is kept (except passwords), escaped.
    if field == "display_name" and "<" in data["display_name"]:
        assert "&lt;script&gt;" in html or "&lt;b&gt;" in html


def test_display_name_is_escaped_everywhere(client, home_page):
    user = User.objects.create_user(email="q@example.org", password="x-Y-z-123456", display_name='Jo "&" Co')
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    sign_in(client, user)
    html = client.get(reverse("accounts:account-home")).content.decode()
    assert "Jo &quot;&amp;&quot; Co" in html


def test_signup_enforces_csrf(home_page):
    from django.test import Client

    csrf_client = Client(enforce_csrf_checks=True)
    response = csrf_client.post(reverse("account_signup"), SIGNUP)
    assert response.status_code == 403
    assert not User.objects.exists()


def test_new_members_join_parents_group_only(client, home_page):
    client.post(reverse("account_signup"), SIGNUP)
    user = User.objects.get(email=SIGNUP["email"])
    assert not user.is_staff and not user.is_superuser
    assert set(user.groups.all()) == {Group.objects.get(name=roles.PARENTS)}


def test_password_reset_sends_link(client, home_page, parent):
    response = client.post(reverse("account_reset_password"), {"email": parent.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "/accounts/password/reset/key/" in mail.outbox[0].body


def test_login_is_rate_limited(client, home_page, parent):
    for _ in range(12):
        client.post(reverse("account_login"), {"login": parent.email, "password": "wrong-password-1"})
    response = client.post(reverse("account_login"), {"login": parent.email, "password": "wrong-password-1"})
    assert response.status_code == 429 or "You have tried to sign in too many times" in response.content.decode()


def test_an_empty_signup_says_what_each_field_needs(client, home_page):
    """Not "This field is required." four times: one message per field, each linked to its field."""
    response = client.post(reverse("account_signup"), {})
    assert response.status_code == 200
    assert not User.objects.exists()
    summary = _error_summary(response)
    assert summary == [
        ("#id_email", "Enter your email address"),
        ("#id_display_name", "Enter a display name. A pseudonym is fine."),
        ("#id_password1", "Enter a password"),
        ("#id_password2", "Type your password again"),
    ]
    html = response.content.decode()
    assert "This field is required" not in html
    assert html.startswith("<!DOCTYPE html>") and "<title>Error: Create an account" in html
    # Each message also sits by its own field, tied to the input.
    soup = BeautifulSoup(response.content, "html.parser")
    for href, text in summary:
        field_id = href.removeprefix("#")
        error = soup.find(id=f"{field_id}-error")
        assert error is not None and text in error.get_text(), field_id
        assert f"{field_id}-error" in soup.find(id=field_id)["aria-describedby"]


def test_signup_form_has_no_placeholders_and_plain_labels(client, home_page):
    soup = BeautifulSoup(client.get(reverse("account_signup")).content, "html.parser")
    labels = [label.get_text(" ", strip=True) for label in soup.select("main form label")]
    assert labels == ["Email address", "Display name", "Create a password", "Confirm your password"]
    assert not soup.select("main form [placeholder]")
    hint = soup.find(id="id_password1-hint").get_text(" ", strip=True)
    assert "at least 10 characters" in hint and "<ul" not in hint
