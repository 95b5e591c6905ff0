"""The moderation queue in the browser: an organiser signs in with their authenticator, sees the posts
that wait apart from the published ones to look at again, filters by reason, opens a reply that contains a
phone number, redacts it and publishes it with the one action form; another organiser handles a queued
post with the keyboard only. Every page opened is checked with the shared helper (axe with the WCAG 2.2
rules and target size, 320 px reflow, the HTML kept for the Nu Html Checker)."""

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
NEW_MEMBER_BODY = "Hello, I am new and our plan is late."


@pytest.fixture
def queue_items(site, make_topic, member, parent):
    """Two posts that wait (a phone number, a new member's first post) and two published posts to look
    at again (two reports; a safeguarding report)."""
    topic = make_topic(title="Tribunal next week")
    thread = topic.thread
    phone = services.post_submit(thread=thread, author=member, body=PHONE_BODY)
    newcomer = services.post_submit(thread=thread, author=parent, body=NEW_MEMBER_BODY)
    reported = services.post_submit(thread=thread, author=make_established(UserFactory()), body="Schools never listen.")
    for reason in (FlagReason.REPORT_OFFENSIVE, FlagReason.REPORT_SPAM):
        services.post_report(post=reported, reporter=UserFactory(), reason=reason)
    worrying = services.post_submit(
        thread=thread, author=make_established(UserFactory()), body="Things are hard at home."
    )
    services.post_report(
        post=worrying, reporter=UserFactory(), reason=FlagReason.REPORT_SAFEGUARDING, note="Please check on them"
    )
    assert Post.objects.in_queue().count() == 4
    return {"phone": phone, "newcomer": newcomer, "reported": reported, "worrying": worrying}


def organiser_with_authenticator():
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    organiser = UserFactory(role=roles.ORGANISERS, display_name="Forum organiser")
    secret = generate_totp_secret()
    TOTP.activate(organiser, secret)
    return organiser, secret


def sign_in_to_the_queue(page, assert_accessible, organiser, secret) -> None:
    """Signed out, the queue asks to sign in, then for the authenticator code (both pages checked)."""
    page.goto("/admin/moderation/")
    page.wait_for_url("**/accounts/login/**")
    assert_accessible(page)
    page.get_by_label("Email address", exact=True).fill(organiser.email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_label("Password", exact=True).press("Enter")
    page.wait_for_url("**/accounts/2fa/authenticate/**")
    assert_accessible(page)
    page.get_by_label("Code", exact=True).fill(totp_code(secret))
    with page.expect_navigation():
        page.get_by_label("Code", exact=True).press("Enter")
    page.wait_for_url("**/admin/moderation/")
    wait_for_admin(page)


def rows(page, name: str):
    return page.get_by_role("table", name=name).locator("tbody tr")


def tab_to(page, locator, *, limit: int = 250) -> None:
    """Press Tab (only) until `locator` has the focus."""
    for _ in range(limit):
        if locator.evaluate("element => element === document.activeElement"):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {locator}")


def test_organiser_filters_redacts_and_publishes(page, assert_accessible, queue_items):
    organiser, secret = organiser_with_authenticator()
    phone, worrying = queue_items["phone"], queue_items["worrying"]
    sign_in_to_the_queue(page, assert_accessible, organiser, secret)

    # The screen's own title, not "Home"; the breadcrumbs lead back to the admin home.
    expect(page.get_by_role("heading", level=1)).to_have_text("Moderation queue")
    # The menu shows its count whole: Wagtail's sidebar would cut "Moderation queue (4 waiting)" with "…".
    menu_link = page.get_by_role("link", name=re.compile(r"^Moderation \(4\)"))
    expect(menu_link).to_be_visible()
    label = menu_link.locator(".menuitem-label")
    assert label.evaluate("e => e.scrollWidth <= e.clientWidth"), "the menu label is cut"

    # The posts that wait, apart from the published ones to look at again; safeguarding first in each.
    waiting, published = rows(page, "Waiting for a moderator"), rows(page, "Published, to look at again")
    expect(waiting).to_have_count(2)
    expect(waiting.first).to_contain_text("Phone number")
    expect(waiting.last).to_contain_text("A new member's first posts")
    expect(published).to_have_count(2)
    expect(published.first).to_contain_text("Safeguarding")
    expect(published.first).to_contain_text("1 report: safeguarding concern")
    expect(published.last).to_contain_text("2 reports: offensive, spam")
    for post in (queue_items["reported"], worrying):
        expect(page.get_by_role("table", name="Waiting for a moderator")).not_to_contain_text(post.body)
    # The safeguarding report on a published post is announced above both, with a link to it.
    banner = page.get_by_role("region", name=re.compile("^Safeguarding: look at this published post first"))
    expect(banner.get_by_role("link", name=f"Review post {worrying.pk}")).to_be_visible()
    assert_accessible(page)

    # Filter by reason: only the reply with the phone number.
    page.get_by_label("Reason", exact=True).select_option(label="Phone number")
    with page.expect_navigation():
        page.get_by_role("button", name="Filter", exact=True).click()
    assert "reason=phone" in page.url
    expect(waiting).to_have_count(1)
    expect(waiting.first).to_contain_text("07700 900123")
    expect(published).to_have_count(1)
    expect(published.first).to_contain_text("No published post is reported or flagged that matches the filters.")
    wait_for_admin(page)
    assert_accessible(page)

    # The item page: the post, why it waits (with the matched text), its context and history, then one form.
    with page.expect_navigation():
        waiting.first.get_by_role("link", name=f"Review post {phone.pk}").click()
    wait_for_admin(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Queue item: post {phone.pk}")
    flags = page.get_by_role("table", name="Open checks and reports")
    expect(flags).to_contain_text("Phone number")
    expect(flags).to_contain_text("07700 900123")
    expect(page.locator("main form[method=post]")).to_have_count(1)
    back = page.get_by_role("link", name="Back to the queue")
    box = back.bounding_box()
    assert box["width"] >= 24 and box["height"] >= 24, box
    # Only the chosen action's own fields show (Wagtail's rules controller): none before a choice.
    expect(page.get_by_label("Text after redacting")).to_be_hidden()
    assert_accessible(page)

    # Saying nothing is an error the organiser can fix: the page says so and links to the choice.
    with page.expect_navigation():
        page.get_by_role("button", name="Save the decision").click()
    wait_for_admin(page)
    problem = page.get_by_role("alert")
    expect(problem).to_contain_text("There is a problem")
    expect(problem.get_by_role("link", name="Choose what to do with this post.")).to_be_visible()
    assert_accessible(page)

    # Redact the number and publish in the same step.
    page.get_by_label("Redact", exact=True).check()
    body = page.get_by_label("Text after redacting")
    expect(body).to_be_visible()
    expect(body).to_have_value(PHONE_BODY)
    body.fill(REDACTED)
    page.get_by_label("Reason", exact=True).fill("Phone number removed to protect the family")
    page.get_by_label("Publish after redacting").check()
    expect(page.get_by_label("Days of suspension")).to_be_hidden()
    with page.expect_navigation():
        page.get_by_role("button", name="Save the decision").click()
    page.wait_for_url(re.compile(r".*/admin/moderation/$"))
    wait_for_admin(page)
    expect(page.get_by_text("Redacted and published. The author is told what changed and why.")).to_be_visible()
    expect(waiting).to_have_count(1)
    assert_accessible(page)

    phone.refresh_from_db()
    assert phone.state == PostState.PUBLISHED and phone.body == REDACTED and phone.redacted
    assert PostRevision.objects.get(post=phone, kind=PostRevision.Kind.REDACTION).body == PHONE_BODY

    # The thread's settings, from the item page of another post in the same topic.
    page.goto(f"/admin/moderation/thread/{phone.thread_id}/?post={queue_items['newcomer'].pk}")
    wait_for_admin(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Thread settings: Tribunal next week")
    assert_accessible(page)

    # Pinning is the forum's own screen, linked from the thread's settings.
    with page.expect_navigation():
        page.get_by_role("link", name="Pin or unpin this topic").click()
    wait_for_admin(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Topic settings: Tribunal next week")
    assert_accessible(page)
    page.get_by_label("Pinned to the top of the board").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Save", exact=True).click()
    wait_for_admin(page)
    expect(page.get_by_text("Pinned to the top of the board.", exact=True)).to_be_visible()
    assert_accessible(page)

    # The admin home: the organiser's panel with the queue's count and a link.
    page.goto("/admin/")
    wait_for_admin(page)
    panel = page.get_by_role("region", name="Moderation queue")
    expect(panel).to_contain_text("Waiting for a moderator")
    expect(panel.get_by_role("link", name="Open the moderation queue")).to_be_visible()
    assert_accessible(page)


def test_organiser_handles_a_queued_post_with_the_keyboard_only(page, assert_accessible, queue_items):
    organiser, secret = organiser_with_authenticator()
    newcomer = queue_items["newcomer"]
    sign_in_to_the_queue(page, assert_accessible, organiser, secret)
    assert_accessible(page)

    # From the queue to the item: Tab to its link, Enter.
    tab_to(page, page.get_by_role("link", name=f"Review post {newcomer.pk}"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    wait_for_admin(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Queue item: post {newcomer.pk}")
    assert_accessible(page)

    # Choose "Approve" with the space bar, Tab into the note, type it, Tab to the button, Enter.
    approve = page.get_by_label("Approve", exact=True)
    tab_to(page, approve)
    page.keyboard.press("Space")
    expect(approve).to_be_checked()
    note = page.get_by_label("Reason", exact=True)
    tab_to(page, note)
    page.keyboard.type("A friendly first post; welcome to the forum.")
    tab_to(page, page.get_by_role("button", name="Save the decision"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/admin/moderation/$"))
    wait_for_admin(page)
    expect(page.get_by_text("Approved.")).to_be_visible()
    expect(page.get_by_role("table", name="Waiting for a moderator")).not_to_contain_text(NEW_MEMBER_BODY)
    assert_accessible(page)

    newcomer.refresh_from_db()
    assert newcomer.state == PostState.PUBLISHED and not newcomer.needs_review
