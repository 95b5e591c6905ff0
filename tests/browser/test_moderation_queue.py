"""The moderation queue in the browser: an organiser signs in with their authenticator, filters the
queue by reason, opens a reply that contains a phone number, redacts it and publishes it in one step.
axe-core checks the queue list and the item page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from forum_site.accounts import roles
from forum_site.moderation import services
from forum_site.moderation.models import FlagReason, Post, PostRevision, PostState
from tests.browser.test_consultations import totp_code, wait_for_admin
from tests.conftest import make_established
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.browser

PHONE_BODY = "Our tribunal is next week. Ring me on 07700 900123 if you went through the same."
REDACTED = "Our tribunal is next week. Message me here if you went through the same."


@pytest.fixture
def queue_items(site, make_topic, member, parent):
    """Items waiting for several reasons: a phone number, a new member, two reports, a safeguarding report."""
    topic = make_topic(title="Tribunal next week")
    thread = topic.thread
    phone = services.post_submit(thread=thread, author=member, body=PHONE_BODY)
    services.post_submit(thread=thread, author=parent, body="Hello, I am new and our plan is late.")
    reported = services.post_submit(thread=thread, author=make_established(UserFactory()), body="Schools never listen.")
    for reason in (FlagReason.REPORT_OFFENSIVE, FlagReason.REPORT_SPAM):
        services.post_report(post=reported, reporter=UserFactory(), reason=reason)
    worrying = services.post_submit(thread=thread, author=make_established(UserFactory()), body="Things are hard at home.")
    services.post_report(post=worrying, reporter=UserFactory(), reason=FlagReason.REPORT_SAFEGUARDING, note="Please check on them")
    assert Post.objects.in_queue().count() == 4
    return phone


def test_organiser_filters_redacts_and_publishes(page, assert_accessible, queue_items):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    organiser = UserFactory(role=roles.ORGANISERS, display_name="Forum organiser")
    secret = generate_totp_secret()
    TOTP.activate(organiser, secret)
    phone = queue_items

    # Signed out: the admin asks to sign in, then for the authenticator code.
    page.goto("/admin/moderation/")
    page.wait_for_url("**/accounts/login/**")
    page.get_by_label("Email address", exact=True).fill(organiser.email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_label("Password", exact=True).press("Enter")
    page.wait_for_url("**/accounts/2fa/authenticate/**")
    page.get_by_label("Code", exact=True).fill(totp_code(secret))
    with page.expect_navigation():
        page.get_by_label("Code", exact=True).press("Enter")
    page.wait_for_url("**/admin/moderation/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Moderation queue")

    # The queue: four items, the safeguarding one first, marked in words.
    table = page.get_by_role("table", name="Items waiting for a moderator")
    rows = table.locator("tbody tr")
    expect(rows).to_have_count(4)
    expect(rows.first).to_contain_text("Safeguarding")
    expect(rows.first).to_contain_text("1 report: safeguarding concern")
    expect(table).to_contain_text("2 reports: offensive, spam")
    expect(table).to_contain_text("A new member's first posts")
    expect(table).to_contain_text("Phone number")
    wait_for_admin(page)
    assert_accessible(page)

    # Filter by reason: only the reply with the phone number.
    page.get_by_label("Reason", exact=True).select_option(label="Phone number")
    with page.expect_navigation():
        page.get_by_role("button", name="Filter", exact=True).click()
    assert "reason=phone" in page.url
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("07700 900123")

    # The item page: the post, why it waits (with the matched text), and the actions.
    with page.expect_navigation():
        rows.first.get_by_role("link", name=f"Review post {phone.pk}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Queue item: post {phone.pk}")
    flags = page.get_by_role("table", name="Open checks and reports")
    expect(flags).to_contain_text("Phone number")
    expect(flags).to_contain_text("07700 900123")
    wait_for_admin(page)
    assert_accessible(page)

    # Redact the number and publish in the same step.
    redact = page.get_by_role("region", name="Redact")
    body = redact.get_by_label("Text after redacting")
    expect(body).to_have_value(PHONE_BODY)
    body.fill(REDACTED)
    redact.get_by_label("Reason for redacting").fill("Phone number removed to protect the family")
    redact.get_by_label("Publish after redacting").check()
    with page.expect_navigation():
        redact.get_by_role("button", name="Save the redaction").click()
    page.wait_for_url(re.compile(r".*/admin/moderation/$"))
    expect(page.get_by_text("Redacted and published.")).to_be_visible()
    expect(page.get_by_role("table", name="Items waiting for a moderator").locator("tbody tr")).to_have_count(3)
    wait_for_admin(page)
    assert_accessible(page)

    phone.refresh_from_db()
    assert phone.state == PostState.PUBLISHED and phone.body == REDACTED and phone.redacted
    assert PostRevision.objects.get(post=phone, kind=PostRevision.Kind.REDACTION).body == PHONE_BODY
