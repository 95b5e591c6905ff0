"""The forum end to end: a new parent replies with a phone number; it is not public; the organiser finds it
in the queue with the reason, redacts the number and approves; the parent then sees the reply published
without it. A parent starts a topic and posts a reply with the keyboard only. Every page opened is checked
with the shared helper (axe with the WCAG 2.2 rules and target size, 320 px reflow, the HTML kept for the
Nu Html Checker): the boards, the topic, the reply form with errors, the "waiting" notice, the queue, the
item page, search, the topic form, and what the parent follows."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from forum_site.accounts import roles
from forum_site.moderation.models import FlagReason, Post, PostRevision, PostState
from tests.browser.test_consultations import totp_code, wait_for_admin
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.browser

PHONE = "07700 900461"
REPLY = f"We waited 34 weeks too. Ring me on {PHONE} and I will share our complaint letter."
REDACTED = "We waited 34 weeks too. Message me here and I will share our complaint letter."


def test_new_parents_phone_number_is_held_redacted_and_published(
    browser, site, page, assert_accessible, sign_in, make_topic
):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    topic = make_topic(
        title="Week 34 and still no draft plan", body="Has anyone had a reply when they quoted the deadline?"
    )
    parent = UserFactory(role=roles.PARENTS, display_name="New parent")
    topic_path = topic.get_absolute_url()

    # A visitor finds the topic from the forum's boards (and searches on the way).
    page.goto("/forum/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Forum")
    assert_accessible(page)
    page.get_by_label("Search topics and replies").fill("draft plan")
    with page.expect_navigation():
        page.get_by_role("button", name="Search", exact=True).click()
    expect(page.get_by_role("heading", level=2, name=re.compile("1 topic found"))).to_be_visible()
    assert_accessible(page)
    page.goto("/forum/")
    with page.expect_navigation():
        page.get_by_role("link", name=topic.board.title).first.click()
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("link", name=topic.title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(topic.title)
    assert_accessible(page)

    # The new parent signs in and sends an empty reply first: the error summary links to the field.
    sign_in(page, parent.email, PASSWORD)
    page.goto(topic_path)
    with page.expect_navigation():
        page.get_by_role("button", name="Post your reply").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("There is a problem")
    assert_accessible(page)

    # Now the reply with a phone number: it waits, and the parent is told why.
    page.get_by_label("Your reply", exact=True).fill(REPLY)
    with page.expect_navigation():
        page.get_by_role("button", name="Post your reply").click()
    notice = page.get_by_role("note").filter(has_text="Waiting for a moderator")
    expect(notice).to_contain_text("it seems to contain a phone number")
    expect(page.get_by_text(REPLY)).to_be_visible()
    assert_accessible(page)
    reply = Post.objects.get(thread=topic.thread, author=parent)
    assert reply.state == PostState.PENDING
    assert FlagReason.PHONE in set(reply.flags.values_list("reason", flat=True))

    # It is not public.
    visitor = browser.new_context(base_url=site, locale="en-GB")
    try:
        anonymous = visitor.new_page()
        anonymous.goto(topic_path)
        expect(anonymous.get_by_role("heading", level=1)).to_have_text(topic.title)
        assert PHONE not in anonymous.content()
    finally:
        visitor.close()

    # The organiser finds it in the queue with the reason, redacts the number and approves.
    organiser = UserFactory(role=roles.ORGANISERS, display_name="Forum organiser")
    secret = generate_totp_secret()
    TOTP.activate(organiser, secret)
    staff = browser.new_context(base_url=site, locale="en-GB")
    try:
        admin = staff.new_page()
        admin.goto("/admin/moderation/")
        admin.wait_for_url("**/accounts/login/**")
        admin.get_by_label("Email address", exact=True).fill(organiser.email)
        admin.get_by_label("Password", exact=True).fill(PASSWORD)
        with admin.expect_navigation():
            admin.get_by_label("Password", exact=True).press("Enter")
        admin.wait_for_url("**/accounts/2fa/authenticate/**")
        admin.get_by_label("Code", exact=True).fill(totp_code(secret))
        with admin.expect_navigation():
            admin.get_by_label("Code", exact=True).press("Enter")
        admin.wait_for_url("**/admin/moderation/")
        row = admin.get_by_role("table", name="Waiting for a moderator").locator("tbody tr").filter(has_text=PHONE)
        expect(row).to_contain_text("Phone number")
        wait_for_admin(admin)
        assert_accessible(admin)
        with admin.expect_navigation():
            row.get_by_role("link", name=f"Review post {reply.pk}").click()
        wait_for_admin(admin)
        assert_accessible(admin)
        admin.get_by_label("Redact", exact=True).check()
        admin.get_by_label("Text after redacting").fill(REDACTED)
        admin.get_by_label("Reason", exact=True).fill("Phone number removed to keep the family safe")
        admin.get_by_label("Publish after redacting").check()
        with admin.expect_navigation():
            admin.get_by_role("button", name="Save the decision").click()
        admin.wait_for_url(re.compile(r".*/admin/moderation/$"))
        wait_for_admin(admin)
        assert_accessible(admin)
    finally:
        staff.close()

    # The parent sees the reply published, without the number.
    page.goto(topic_path)
    published = page.locator(f"#post-{reply.pk}")
    expect(published).to_contain_text(REDACTED)
    expect(published).to_contain_text("Redacted by a moderator")
    expect(published.get_by_role("note")).to_have_count(0)
    assert PHONE not in page.content()
    assert_accessible(page)
    reply.refresh_from_db()
    assert reply.state == PostState.PUBLISHED and reply.body == REDACTED
    assert PostRevision.objects.get(post=reply, kind=PostRevision.Kind.REDACTION).body == REPLY


def tab_to(page, locator, *, limit: int = 150) -> None:
    """Press Tab (only) until `locator` has the focus."""
    for _ in range(limit):
        if locator.evaluate("element => element === document.activeElement"):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {locator}")


def test_parent_starts_a_topic_and_replies_with_the_keyboard_only(page, assert_accessible, sign_in, board, make_topic):
    from tests.conftest import make_established

    parent = make_established(UserFactory(role=roles.PARENTS, display_name="Keyboard parent"))
    other = make_topic(title="Annual review next month", body="What should we ask for?")
    page.goto(board.url)
    sign_in(page, parent.email, PASSWORD)
    page.goto(board.url)
    expect(page.get_by_role("heading", level=1)).to_have_text(board.title)
    assert_accessible(page)

    # One primary button on the board: "Start a topic". Tab to it, Enter.
    tab_to(page, page.get_by_role("link", name="Start a topic"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Start a topic in {board.title}")
    assert_accessible(page)
    tab_to(page, page.get_by_label("Title", exact=True))
    page.keyboard.type("Transport to college")
    tab_to(page, page.get_by_label("Your message", exact=True))
    page.keyboard.type("Has anyone arranged post-16 transport yet?")
    tab_to(page, page.get_by_role("button", name="Post the topic"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Transport to college")
    # Starting the topic followed it (the member's setting is on by default).
    expect(page.get_by_text("You are following this topic.")).to_be_visible()
    expect(page.get_by_role("button", name=re.compile("^Stop following"))).to_be_visible()
    assert_accessible(page)

    # A reply on someone else's topic, by the keyboard alone: Tab to the box, type, Tab to the button, Enter.
    page.goto(other.get_absolute_url())
    assert_accessible(page)
    box = page.get_by_label("Your reply", exact=True)
    tab_to(page, box)
    page.keyboard.type("Ask for the transport decision in writing before the review.")
    tab_to(page, page.get_by_role("button", name="Post your reply"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    reply = Post.objects.get(thread=other.thread, author=parent)
    assert reply.state == PostState.PUBLISHED
    expect(page.locator(f"#post-{reply.pk}")).to_contain_text("Ask for the transport decision in writing")
    assert_accessible(page)

    # What the parent follows: the topic they started, and their email settings.
    page.goto("/notifications/")
    expect(page.get_by_role("link", name="Transport to college")).to_be_visible()
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("link", name="Change this in your email settings").click()
    expect(page.get_by_label("Yes, follow topics I start")).to_be_checked()
    assert_accessible(page)
