"""A signed-in member deletes their account from My account."""

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
    summary = page.locator(".error-summary")
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

    expect(page.get_by_role("status")).to_contain_text("Your account has been deleted")
    account_nav = page.get_by_role("navigation", name="Your account")
    expect(account_nav.get_by_role("link", name="Sign in")).to_be_visible()
    expect(account_nav.get_by_role("link", name="Create an account")).to_be_visible()
    expect(account_nav.get_by_role("link", name="My account")).to_have_count(0)
    assert_accessible(page)

    # Signed out for real: My account now asks for a sign-in.
    page.goto("/my-account/")
    page.wait_for_url("**/accounts/login/**")
    assert_accessible(page)
