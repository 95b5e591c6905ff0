"""A signed-in member goes through each page of My account (display name, email, password, two-factor), then
deletes their account. Every page, error states included, goes through the shared check (axe, 320 px)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from forum_site.accounts.models import User
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.browser


def test_member_deletes_their_account(page, assert_accessible, sign_in):
    member = UserFactory(display_name="Dad in Westfield")

    page.goto("/")
    sign_in(page, member.email, PASSWORD)
    account_nav = page.get_by_role("navigation", name="Your account")
    if not page.url.endswith("/my-account/"):
        account_nav.get_by_role("link", name="My account").click()
    page.wait_for_url("**/my-account/")
    expect(page.get_by_role("main")).to_contain_text("Dad in Westfield")
    assert_accessible(page)

    page.get_by_role("main").get_by_role("link", name="Delete my account").click()
    page.wait_for_url("**/my-account/delete/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Delete your account")
    assert_accessible(page)

    # A wrong password (box ticked): refused, with the error summary linking to the password box.
    page.get_by_label("Your password", exact=True).fill("not-my-password")
    page.get_by_label("I understand that deleting my account cannot be undone").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Delete my account").click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(summary.get_by_role("link", name="The password is not correct.")).to_have_attribute("href", "#id_password")
    expect(page.get_by_label("Your password", exact=True)).to_have_accessible_description(
        re.compile("The password is not correct")
    )
    # The password is never sent back to the browser.
    expect(page.get_by_label("Your password", exact=True)).to_have_value("")
    assert User.objects.filter(pk=member.pk).exists()
    assert_accessible(page)

    # The right password and the box ticked: the account is deleted and the member signed out.
    page.get_by_label("Your password", exact=True).fill(PASSWORD)
    page.get_by_label("I understand that deleting my account cannot be undone").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Delete my account").click()
    page.wait_for_url(re.compile(r"^https?://[^/]+/$"))
    assert not User.objects.filter(pk=member.pk).exists()
    assert not User.objects.filter(email=member.email).exists()

    expect(page.get_by_role("main")).to_contain_text("Your account has been deleted")
    account_nav = page.get_by_role("navigation", name="Your account")
    expect(account_nav.get_by_role("link", name="Sign in")).to_be_visible()
    expect(account_nav.get_by_role("link", name="Create an account")).to_be_visible()
    expect(account_nav.get_by_role("link", name="My account")).to_have_count(0)
    assert_accessible(page)

    # Signed out for real: My account now asks for a sign-in.
    page.goto("/my-account/")
    page.wait_for_url("**/accounts/login/**")
    assert_accessible(page)


def test_member_visits_each_page_of_my_account(page, assert_accessible, sign_in):
    member = UserFactory(display_name="Carer in Southfield", email="a.rather.long.address.for.a.phone@example.org")

    page.goto("/")
    sign_in(page, member.email, PASSWORD)
    page.goto("/my-account/")
    assert_accessible(page)
    main = page.get_by_role("main")

    # Display name: sent empty, then changed.
    main.get_by_role("link", name="Change display name").click()
    page.wait_for_url("**/my-account/display-name/")
    expect(page.get_by_role("navigation", name="Breadcrumb").get_by_role("link", name="My account")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Display name", exact=True).fill("")
    with page.expect_navigation():
        page.get_by_role("button", name="Save display name").click()
    expect(page.locator(".govuk-error-summary").get_by_role("link")).to_have_text(
        ["Enter a display name. A pseudonym is fine."]
    )
    assert_accessible(page)
    page.get_by_label("Display name", exact=True).fill("Carer in Westfield")
    with page.expect_navigation():
        page.get_by_role("button", name="Save display name").click()
    page.wait_for_url("**/my-account/")
    expect(page.get_by_role("main")).to_contain_text("Your display name has been changed.")
    assert_accessible(page)

    # Email address: sent empty.
    page.get_by_role("main").get_by_role("link", name="Change email address").click()
    page.wait_for_url("**/accounts/email/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Change your email address")
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Change my email address").click()
    expect(page.locator(".govuk-error-summary").get_by_role("link")).to_have_text(["Enter your new email address"])
    assert_accessible(page)

    # Password: sent empty.
    page.goto("/my-account/")
    page.get_by_role("main").get_by_role("link", name="Change password").click()
    page.wait_for_url("**/accounts/password/change/")
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Save my new password").click()
    expect(page.locator(".govuk-error-summary").get_by_role("link")).to_have_text(
        ["Enter your current password", "Enter a new password", "Type your new password again"]
    )
    assert_accessible(page)

    # Two-factor authentication: the page, then turning it on asks for the password first.
    page.goto("/my-account/")
    page.get_by_role("main").get_by_role("link", name="Turn on two-factor authentication").click()
    page.wait_for_url("**/accounts/2fa/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Two-factor authentication")
    assert_accessible(page)
    page.get_by_role("main").get_by_role("link", name="Turn on two-factor authentication").click()
    page.wait_for_load_state()
    if "reauthenticate" in page.url:
        expect(page.get_by_role("heading", level=1)).to_have_text("Confirm it is you")
        assert_accessible(page)
        page.get_by_label("Your password", exact=True).fill(PASSWORD)
        with page.expect_navigation():
            page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/accounts/2fa/totp/activate/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Turn on two-factor authentication")
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Turn on two-factor authentication").click()
    expect(page.locator(".govuk-error-summary").get_by_role("link")).to_have_text(
        ["Enter the 6-digit code from your authenticator app"]
    )
    assert_accessible(page)

    # Sign out asks nothing more from the header; the page at /accounts/logout/ asks first.
    page.goto("/accounts/logout/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign out")
    assert_accessible(page)
