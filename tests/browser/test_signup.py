"""A visitor signs up, verifies their email address, signs in and sees My account."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from playwright.sync_api import expect

from forum_site.accounts.models import User

pytestmark = pytest.mark.browser

EMAIL = "new.parent@example.org"
DISPLAY_NAME = "Mum of two in Eastfield"
PASSWORD = "Quiet-lantern-harbour-42"
CONFIRM_LINK = re.compile(r"https?://[^\s\"'<>]+/accounts/confirm-email/[^\s\"'<>]+")


def test_visitor_signs_up_verifies_signs_in_and_sees_my_account(page, assert_accessible):
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
    assert_accessible(page)

    # First attempt: an HTML tag in the display name and passwords that do not match.
    page.get_by_label("Email", exact=True).fill(EMAIL)
    page.get_by_label("Display name", exact=True).fill("<script>alert(1)</script>")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again)", exact=True).fill(PASSWORD + "x")
    with page.expect_navigation():
        page.get_by_role("button", name="Create account").click()

    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_have_attribute("role", "alert")
    expect(summary.get_by_role("heading", name="There is a problem")).to_be_visible()
    # At the top: above the form and on screen without scrolling.
    assert page.evaluate(
        "() => { const s = document.querySelector('.error-summary'), f = document.querySelector('main form');"
        " return !!(s.compareDocumentPosition(f) & Node.DOCUMENT_POSITION_FOLLOWING); }"
    ), "the error summary must come before the form"
    box = summary.bounding_box()
    assert box is not None and box["y"] < page.viewport_size["height"], "the error summary must be on screen without scrolling"
    # One link per field in error, pointing at the field.
    name_error = summary.get_by_role("link", name="Display name cannot contain < or >.")
    expect(name_error).to_have_attribute("href", "#id_display_name")
    expect(summary.get_by_role("link", name=re.compile("same password"))).to_have_attribute("href", "#id_password2")
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
    name_error.click()
    assert urlsplit(page.url).fragment == "id_display_name"
    expect(page.get_by_label("Display name", exact=True)).to_be_in_viewport()

    # Second attempt: everything right, filled in by label.
    page.get_by_label("Email", exact=True).fill(EMAIL)
    page.get_by_label("Display name", exact=True).fill(DISPLAY_NAME)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again)", exact=True).fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Create account").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("verify your email", re.IGNORECASE))
    assert_accessible(page)
    user = User.objects.get(email=EMAIL)
    assert user.display_name == DISPLAY_NAME
    assert not EmailAddress.objects.get(user=user, email=EMAIL).verified

    # The confirmation email: one message, to the new member, with a link back to this site.
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [EMAIL]
    match = CONFIRM_LINK.search(message.body)
    assert match, f"no confirmation link in the email:\n{message.body}"
    page.goto(urlsplit(match.group(0)).path)
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("confirm email address", re.IGNORECASE))
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Confirm").click()
    assert EmailAddress.objects.get(user=user, email=EMAIL).verified

    # Confirming does not sign in (ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION is off): sign in by keyboard.
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
