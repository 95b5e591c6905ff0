"""A visitor signs up, confirms their email address (and is signed in by it), signs out and in again by
keyboard, and a member who forgot their password resets it. Every page on the way, error states included,
goes through the shared check (axe with the WCAG 2.2 AA rules and target size, reflow at 320 px)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from playwright.sync_api import expect

from forum_site.accounts.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.browser

EMAIL = "new.parent@example.org"
DISPLAY_NAME = "Mum of two in Eastfield"
PASSWORD = "Quiet-lantern-harbour-42"
CONFIRM_LINK = re.compile(r"https?://[^\s\"'<>]+/accounts/confirm-email/[^\s\"'<>]+")
RESET_LINK = re.compile(r"https?://[^\s\"'<>]+/accounts/password/reset/key/[^\s\"'<>]+")


def _summary_links(page) -> list[tuple[str, str]]:
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(summary.locator('[role="alert"]')).to_have_count(1)
    links = summary.get_by_role("link")
    return [(links.nth(i).inner_text().strip(), links.nth(i).get_attribute("href")) for i in range(links.count())]


def test_visitor_signs_up_confirms_and_is_signed_in(page, assert_accessible):
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

    # Home page, then the call to action.
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Northfield Parent Carer Forum")
    # The stylesheet loaded, so axe's colour-contrast checks see the real colours.
    assert page.evaluate("[...document.styleSheets].some(s => s.cssRules.length > 0)")
    assert_accessible(page)

    page.get_by_role("main").get_by_role("link", name="Create an account").click()
    page.wait_for_url("**/accounts/signup/")
    expect(page.get_by_role("navigation", name="Breadcrumb").get_by_role("link", name="Home")).to_be_visible()
    assert_accessible(page)

    # Sent empty: one message per field, each saying what that field needs.
    with page.expect_navigation():
        page.get_by_role("button", name="Create account").click()
    expect(page).to_have_title(re.compile(r"^Error: Create an account"))
    assert _summary_links(page) == [
        ("Enter your email address", "#id_email"),
        ("Enter a display name. A pseudonym is fine.", "#id_display_name"),
        ("Enter a password", "#id_password1"),
        ("Type your password again", "#id_password2"),
    ]
    expect(page.get_by_label("Create a password", exact=True)).to_have_accessible_description(
        re.compile("Enter a password")
    )
    assert_accessible(page)

    # An HTML tag in the display name and passwords that do not match.
    page.get_by_label("Email address", exact=True).fill(EMAIL)
    page.get_by_label("Display name", exact=True).fill("<script>alert(1)</script>")
    page.get_by_label("Create a password", exact=True).fill(PASSWORD)
    page.get_by_label("Confirm your password", exact=True).fill(PASSWORD + "x")
    with page.expect_navigation():
        page.get_by_role("button", name="Create account").click()

    summary = page.locator(".govuk-error-summary")
    # At the top: above the form and on screen without scrolling.
    assert page.evaluate(
        "() => { const s = document.querySelector('.govuk-error-summary'), f = document.querySelector('main form');"
        " return !!(s.compareDocumentPosition(f) & Node.DOCUMENT_POSITION_FOLLOWING); }"
    ), "the error summary must come before the form"
    box = summary.bounding_box()
    assert box is not None and box["y"] < page.viewport_size["height"], (
        "the error summary must be on screen without scrolling"
    )
    assert _summary_links(page) == [
        ("Display name cannot contain < or >.", "#id_display_name"),
        ("The passwords do not match. Type the same password in both boxes.", "#id_password2"),
    ]
    # The field's own message is tied to it for screen readers.
    expect(page.get_by_label("Display name", exact=True)).to_have_accessible_description(
        re.compile("Display name cannot contain < or >")
    )
    # Nothing was created, and the tag did not run or reach the page unescaped.
    assert not User.objects.filter(email=EMAIL).exists()
    assert mail.outbox == []
    expect(page.get_by_label("Display name", exact=True)).to_have_value("<script>alert(1)</script>")
    assert page.locator("main script").count() == 0
    assert dialogs == []
    assert_accessible(page)
    # Following the message's link puts the cursor in the field (GOV.UK Frontend's error summary does it
    # without changing the address).
    summary.get_by_role("link", name="Display name cannot contain < or >.").click()
    expect(page.get_by_label("Display name", exact=True)).to_be_focused()
    expect(page.get_by_label("Display name", exact=True)).to_be_in_viewport()

    # Everything right, filled in by label.
    page.get_by_label("Email address", exact=True).fill(EMAIL)
    page.get_by_label("Display name", exact=True).fill(DISPLAY_NAME)
    page.get_by_label("Create a password", exact=True).fill(PASSWORD)
    page.get_by_label("Confirm your password", exact=True).fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Create account").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    expect(page.get_by_role("main")).to_contain_text("signed in straight away")
    assert_accessible(page)
    user = User.objects.get(email=EMAIL)
    assert user.display_name == DISPLAY_NAME
    assert not EmailAddress.objects.get(user=user, email=EMAIL).verified

    # The confirmation email: one message, to the new member, in our words, with a link back to this site.
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [EMAIL]
    assert message.subject == "Confirm your email address for Northfield Parent Carer Forum"
    assert message.body.startswith(f"Hello {DISPLAY_NAME},")
    match = CONFIRM_LINK.search(message.body)
    assert match, f"no confirmation link in the email:\n{message.body}"
    page.goto(urlsplit(match.group(0)).path)
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm your email address")
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Confirm my email address").click()
    assert EmailAddress.objects.get(user=user, email=EMAIL).verified

    # Confirmed in the browser that signed up: signed in straight away, on My account.
    page.wait_for_url("**/my-account/")
    account_nav = page.get_by_role("navigation", name="Your account")
    expect(account_nav.get_by_role("link", name="My account")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("My account")
    expect(page.get_by_role("main")).to_contain_text(f"Thank you: {EMAIL} is confirmed.")
    expect(page.get_by_role("main")).to_contain_text(DISPLAY_NAME)
    assert_accessible(page)

    # Sign out, then back in by keyboard alone.
    with page.expect_navigation():
        account_nav.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("main")).to_contain_text("You have signed out.")
    assert_accessible(page)
    page.get_by_role("navigation", name="Your account").get_by_role("link", name="Sign in").click()
    page.wait_for_url("**/accounts/login/**")
    assert_accessible(page)
    page.get_by_label("Email address", exact=True).focus()
    page.keyboard.type(EMAIL)
    password_field = page.get_by_label("Password", exact=True)
    # The next Tab stop after the email box is the password box.
    page.keyboard.press("Tab")
    expect(password_field).to_be_focused()
    page.keyboard.type(PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")

    # Signed in: the header offers My account, which shows the display name.
    account_nav = page.get_by_role("navigation", name="Your account")
    expect(account_nav.get_by_role("link", name="My account")).to_be_visible()
    expect(account_nav.get_by_role("button", name="Sign out")).to_be_visible()
    if not page.url.endswith("/my-account/"):
        account_nav.get_by_role("link", name="My account").click()
    page.wait_for_url("**/my-account/")
    expect(page.get_by_role("heading", level=1)).to_have_text("My account")
    expect(page.get_by_role("main")).to_contain_text(DISPLAY_NAME)
    expect(page.get_by_role("main")).to_contain_text(EMAIL)
    assert_accessible(page)


def test_member_who_forgot_their_password_resets_it(page, assert_accessible):
    member = UserFactory(display_name="Gran in Northfield")

    page.goto("/accounts/login/")
    assert_accessible(page)
    # A wrong password first: one message, which does not say which of the two was wrong.
    page.get_by_label("Email address", exact=True).fill(member.email)
    page.get_by_label("Password", exact=True).fill("not-my-password")
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("main")).to_contain_text("The email address or password is not right.")
    assert_accessible(page)

    page.get_by_role("link", name="Forgotten your password?").click()
    page.wait_for_url("**/accounts/password/reset/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Reset your password")
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Send me a link").click()
    assert _summary_links(page) == [("Enter the email address you use to sign in", "#id_email")]
    assert_accessible(page)
    page.get_by_label("Email address", exact=True).fill(member.email)
    with page.expect_navigation():
        page.get_by_role("button", name="Send me a link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    assert_accessible(page)

    message = mail.outbox[-1]
    assert message.subject == "Reset your password for Northfield Parent Carer Forum"
    page.goto(urlsplit(RESET_LINK.search(message.body).group(0)).path)
    page.wait_for_url("**set-password/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Choose a new password")
    assert_accessible(page)
    page.get_by_label("New password", exact=True).fill(PASSWORD)
    page.get_by_label("Confirm your new password", exact=True).fill(PASSWORD + "x")
    with page.expect_navigation():
        page.get_by_role("button", name="Save my new password").click()
    assert _summary_links(page) == [
        ("The passwords do not match. Type the same password in both boxes.", "#id_password2")
    ]
    assert_accessible(page)
    page.get_by_label("New password", exact=True).fill(PASSWORD)
    page.get_by_label("Confirm your new password", exact=True).fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Save my new password").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your password has been changed")
    assert_accessible(page)
    member.refresh_from_db()
    assert member.check_password(PASSWORD)
    assert mail.outbox[-1].subject == "Your password has been reset"
