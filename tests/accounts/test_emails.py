"""allauth's emails in our voice: each one sent through the real flow (mail.outbox), from a browser that
reached the site as 127.0.0.1, with the site's name changed in settings. The name must come from the
setting, the host may appear only inside links, and none of allauth's stock phrases may be left."""

from __future__ import annotations

import re
from pathlib import Path

import allauth
import pytest
from allauth.account.models import EmailAddress
from allauth.core.context import request_context
from django.conf import settings
from django.core import mail
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from forum_site.accounts.adapters import AccountAdapter
from forum_site.accounts.models import User
from tests.conftest import mfa_login, sign_in

pytestmark = pytest.mark.django_db

SITE_NAME = "Eastshire Parent Carer Forum"
HOST = "127.0.0.1"
NEW_PASSWORD = "Seven-quiet-herons-2026"
URL = re.compile(r"https?://\S+")
# allauth's wording, its American spellings, and the Title Case of its subjects.
STOCK = [
    "Hello from",
    "Thank you for using",
    "receiving this",
    "Please Confirm",
    "finalize",
    "recognize",
    "signup",
    "username",
    "user account",
    "originates",
    "precautions",
    "our database",
]


@pytest.fixture(autouse=True)
def _site_name(settings):
    settings.WAGTAIL_SITE_NAME = SITE_NAME


@pytest.fixture
def browser():
    return Client(HTTP_HOST=HOST)


def check(message, *, subject: str, to: str, says: list[str], greeting: str = "Hello") -> str:
    """The checks every allauth email must pass; returns the body for more."""
    assert message.subject == subject
    assert message.to == [to]
    body = message.body
    text = URL.sub("", body)
    assert body.startswith(f"{greeting},") or body.startswith(f"{greeting} "), body
    assert body.rstrip().endswith(SITE_NAME), body
    assert HOST not in text and "testserver" not in text, body  # the host only inside links
    assert HOST not in message.subject
    for phrase in STOCK:
        assert phrase.lower() not in text.lower(), (phrase, body)
        assert phrase.lower() not in message.subject.lower(), (phrase, message.subject)
    for phrase in says:
        assert phrase in body, (phrase, body)
    assert "{{" not in body and "{%" not in body
    return body


def _link(message, path: str) -> str:
    match = re.search(rf"https?://{re.escape(HOST)}({re.escape(path)}\S+/)", message.body)
    assert match, message.body
    return match.group(1)


def test_sign_up_confirmation(browser, home_page):
    browser.post(
        reverse("account_signup"),
        {"email": "sam@example.org", "display_name": "Sam (dad)", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert len(mail.outbox) == 1
    body = check(
        mail.outbox[0],
        subject=f"Confirm your email address for {SITE_NAME}",
        to="sam@example.org",
        says=[f"Thank you for joining {SITE_NAME}.", "signed in straight away", "works for 3 days"],
        greeting="Hello Sam (dad)",
    )
    assert f"http://{HOST}/accounts/confirm-email/" in body


def test_sign_up_with_an_address_that_has_an_account(browser, home_page, parent):
    browser.post(
        reverse("account_signup"),
        {
            "email": parent.email,
            "display_name": "Typed by a stranger",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
    )
    body = check(
        mail.outbox[0],
        subject=f"You already have an account with {SITE_NAME}",
        to=parent.email,
        says=["You already have an account with it", "/accounts/login/", f"http://{HOST}/accounts/password/reset/"],
    )
    # Whoever typed the address is not the owner: the email does not greet the owner by a name it guessed.
    assert body.startswith("Hello,\n")
    assert "Typed by a stranger" not in body


def test_password_reset_for_an_unknown_address(browser, home_page):
    browser.post(reverse("account_reset_password"), {"email": "nobody@example.org"})
    body = check(
        mail.outbox[0],
        subject="There is no account with this email address",
        to="nobody@example.org",
        says=["There is no account with this address", "nobody@example.org", f"http://{HOST}/accounts/signup/"],
    )
    assert "/accounts/password/reset/key/" not in body


def test_password_reset_and_the_notice_after_it(browser, home_page, parent):
    browser.post(reverse("account_reset_password"), {"email": parent.email})
    check(
        mail.outbox[0],
        subject=f"Reset your password for {SITE_NAME}",
        to=parent.email,
        says=["To choose a new password, open this link", "works once, for 3 days", "Your password stays the same"],
        greeting="Hello Jo parent",
    )
    form_url = browser.get(_link(mail.outbox[0], "/accounts/password/reset/key/"))["Location"]
    browser.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert len(mail.outbox) == 2
    check(
        mail.outbox[1],
        subject="Your password has been reset",
        to=parent.email,
        says=[
            f"The password for your account with {SITE_NAME} has been reset.",
            "If it was not you",
            "/accounts/password/reset/",
        ],
        greeting="Hello Jo parent",
    )


def test_changing_the_password_sends_a_notice(browser, home_page, parent, password):
    sign_in(browser, parent)
    browser.post(
        reverse("account_change_password"),
        {"oldpassword": password, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
        HTTP_USER_AGENT="Mozilla/5.0 (iPhone)",
    )
    body = check(
        mail.outbox[0],
        subject="Your password has been changed",
        to=parent.email,
        says=[
            "has been changed.",
            "When: ",
            "(UK time)",
            "Browser: Mozilla/5.0 (iPhone)",
            "If this was you, there is nothing else to do.",
        ],
        greeting="Hello Jo parent",
    )
    assert "IP address" not in body


def test_a_failed_password_change_sends_nothing(browser, home_page, parent):
    sign_in(browser, parent)
    browser.post(
        reverse("account_change_password"),
        {"oldpassword": "wrong", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert mail.outbox == []


def test_changing_the_email_address(browser, home_page, parent):
    old = parent.email
    sign_in(browser, parent)
    browser.post(reverse("account_email"), {"action_add": "", "email": "jo.new@example.org"})
    assert len(mail.outbox) == 1
    check(
        mail.outbox[0],
        subject=f"Confirm your new email address for {SITE_NAME}",
        to="jo.new@example.org",
        says=["jo.new@example.org", "We will keep using your old address until you do."],
        greeting="Hello Jo parent",
    )
    link = _link(mail.outbox[0], "/accounts/confirm-email/")
    browser.post(link)
    assert EmailAddress.objects.get(user=parent, email="jo.new@example.org").verified
    check(
        mail.outbox[1],
        subject="The email address for your account has changed",
        to=old,
        says=[f"changed from {old} to jo.new@example.org", "this is the last one to this address"],
        greeting="Hello Jo parent",
    )


def _reauthenticated(client, url: str, password: str):
    """allauth asks for the password again before two-factor changes; give it, then come back to `url`."""
    response = client.get(url)
    if response.status_code == 302 and "reauthenticate" in response["Location"]:
        client.post(response["Location"], {"password": password})
        response = client.get(url)
    return response


def test_two_factor_notices(home_page, organiser, password, django_capture_on_commit_callbacks):
    client = mfa_login(Client(HTTP_HOST=HOST), organiser)
    _reauthenticated(client, reverse("mfa_generate_recovery_codes"), password)
    with django_capture_on_commit_callbacks(execute=True):  # allauth sends it once the codes are saved
        client.post(reverse("mfa_generate_recovery_codes"))
    client.post(reverse("mfa_deactivate_totp"))
    subjects = [m.subject for m in mail.outbox]
    assert subjects == ["New recovery codes for your account", "Two-factor authentication is off"]
    greeting = f"Hello {organiser.display_name}"
    check(
        mail.outbox[0],
        subject=subjects[0],
        to=organiser.email,
        says=["Your old codes no longer work."],
        greeting=greeting,
    )
    check(mail.outbox[1], subject=subjects[1], to=organiser.email, says=["has been turned off"], greeting=greeting)


def test_turning_on_two_factor_sends_a_notice(home_page, parent, password, django_capture_on_commit_callbacks):
    from allauth.mfa.totp.internal.auth import hotp_value, yield_hotp_counters_from_time

    client = Client(HTTP_HOST=HOST)
    client.post(reverse("account_login"), {"login": parent.email, "password": password})
    response = _reauthenticated(client, reverse("mfa_activate_totp"), password)
    code = hotp_value(response.context["form"].secret, next(iter(yield_hotp_counters_from_time())))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("mfa_activate_totp"), {"code": "000000"})
    assert mail.outbox == []  # a wrong code turns nothing on and tells nobody
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("mfa_activate_totp"), {"code": f"{code:06d}"})
    assert [m.subject for m in mail.outbox] == ["Two-factor authentication is on"]
    check(
        mail.outbox[-1],
        subject="Two-factor authentication is on",
        to=parent.email,
        says=["Two-factor authentication is now on", "recovery codes"],
        greeting="Hello Jo parent",
    )


ALLAUTH_TEMPLATES = Path(allauth.__file__).parent / "templates"
EVERY_EMAIL = sorted(
    str(path.relative_to(ALLAUTH_TEMPLATES)).removesuffix("_subject.txt")
    for app in ("account", "mfa")  # socialaccount is not installed
    for path in ALLAUTH_TEMPLATES.glob(f"{app}/email/*_subject.txt")
)


def test_the_list_of_emails_is_allauths_whole_list():
    assert "account/email/email_confirmation_signup" in EVERY_EMAIL and "mfa/email/totp_activated" in EVERY_EMAIL
    assert len(EVERY_EMAIL) >= 18


@pytest.mark.parametrize("prefix", EVERY_EMAIL)
def test_every_allauth_email_is_ours(home_page, prefix):
    """Every email allauth can send, including the ones our settings do not use today (codes, security keys):
    our template, not the stock one, and no stock phrase in it."""
    from django.template.loader import get_template

    for part in ("subject", "message"):
        origin = Path(get_template(f"{prefix}_{part}.txt").origin.name)
        assert origin.is_relative_to(settings.BASE_DIR / "templates"), origin
    user = User(email="jo@example.org", display_name="Jo")
    request = RequestFactory().get("/", HTTP_HOST=HOST)
    request.user = user
    context = {
        "user": user,
        "code": "ABC123",
        "activate_url": f"http://{HOST}/accounts/confirm-email/key/",
        "password_reset_url": f"http://{HOST}/accounts/password/reset/key/1-abc/",
        "signup_url": f"http://{HOST}/accounts/signup/",
        "from_email": "old@example.org",
        "to_email": "jo@example.org",
        "deleted_email": "old@example.org",
        "timestamp": timezone.now(),
        "user_agent": "Firefox",
    }
    with request_context(request):
        AccountAdapter(request).send_mail(prefix, "jo@example.org", context)
    message = mail.outbox[-1]
    greeting = "Hello" if "unknown_account" in prefix or "already_exists" in prefix else "Hello Jo"
    check(message, subject=message.subject, to="jo@example.org", says=[], greeting=greeting)
    assert message.subject and message.subject[0].isupper() and not message.subject.istitle()
    assert "[" not in message.subject and not message.subject.endswith(".")
