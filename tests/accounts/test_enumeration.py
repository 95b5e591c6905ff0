"""No form tells anyone whether an email address has an account (on a SEND forum that says the person is
probably a parent carer of a disabled child). Each form is sent once with a known and once with an unknown
address; what the sender sees must be the same, and only the mailbox of the address learns anything."""

from __future__ import annotations

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from forum_site.accounts.models import User
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db

UNKNOWN = "nobody-here@example.org"
PASSWORD = "A-long-pass-phrase-2026"


def _seen(client, response, *addresses) -> tuple:
    """What the sender sees: status, where they are sent, and the text of the page they end on, with the
    address they typed, CSRF tokens and ids taken out."""
    location = response.get("Location")
    page = client.get(location) if location else response
    text = page.content.decode()
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", text)
    for address in addresses:
        text = text.replace(address, "ADDRESS").replace(address.upper(), "ADDRESS")
    return response.status_code, location, page.status_code, text


def test_sign_up_answers_the_same_and_tells_the_owner(client, home_page, parent):
    def sign_up(email):
        fresh = client.__class__()
        response = fresh.post(
            reverse("account_signup"),
            {"email": email, "display_name": "New parent", "password1": PASSWORD, "password2": PASSWORD},
        )
        return _seen(fresh, response, email)

    users = User.objects.count()
    known = sign_up(parent.email)
    assert User.objects.count() == users  # no second account for the address
    assert [m.to for m in mail.outbox] == [[parent.email]]
    assert "already" in mail.outbox[0].body.lower()  # the owner is told someone tried
    unknown = sign_up(UNKNOWN)
    assert User.objects.count() == users + 1
    assert known == unknown


def test_password_reset_answers_the_same(client, home_page, parent):
    def reset(email):
        fresh = client.__class__()
        return _seen(fresh, fresh.post(reverse("account_reset_password"), {"email": email}), email)

    known = reset(parent.email)
    unknown = reset(UNKNOWN)
    assert known == unknown
    assert [m.to for m in mail.outbox] == [[parent.email], [UNKNOWN]]
    assert "/accounts/password/reset/key/" in mail.outbox[0].body
    assert "/accounts/password/reset/key/" not in mail.outbox[1].body  # "you have no account here"


def test_email_change_answers_the_same(client, home_page, parent, member):
    """A signed-in member adding someone else's address learns nothing about that someone."""
    sign_in(client, member)

    def add(email):
        response = client.post(reverse("account_email"), {"action_add": "", "email": email})
        return _seen(client, response, email)

    known = add(parent.email)
    unknown = add(UNKNOWN)
    assert known == unknown
    # The page lists the member's own addresses; neither attempt shows that the known one is taken.
    assert "already" not in known[3].lower() and "in use" not in known[3].lower()
    assert not EmailAddress.objects.filter(user=member, email__iexact=parent.email, verified=True).exists()


def test_resending_verification_answers_the_same(client, home_page, parent, unverified_parent):
    """The only resend a visitor can trigger is signing in with an unverified address; without the right
    password it looks exactly like an unknown address."""

    def sign_in(email):
        fresh = client.__class__()
        response = fresh.post(reverse("account_login"), {"login": email, "password": "not-the-password"})
        return _seen(fresh, response, email)

    assert sign_in(unverified_parent.email) == sign_in(UNKNOWN) == sign_in(parent.email)
    assert mail.outbox == []
