"""The one moderation flow: posting, the checks that hold a post, reports, every moderator action,
the state machine and the audit log."""

from __future__ import annotations

import datetime
import itertools

import pytest
from django.core import mail
from django.utils import timezone
from wagtail.models import ModelLogEntry

from forum_site.accounts import roles
from forum_site.moderation import selectors, services
from forum_site.moderation.models import (
    TRANSITIONS,
    Flag,
    FlagOutcome,
    FlagReason,
    MemberSuspension,
    Post,
    PostRevision,
    PostState,
    WatchAction,
    WatchWord,
)
from tests.conftest import make_established
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def reply(topic, author, body):
    return services.post_submit(thread=topic.thread, author=author, body=body)


def log_actions(post):
    return list(
        ModelLogEntry.objects.filter(object_id=str(post.pk), content_type__model="post").values_list(
            "action", flat=True
        )
    )


# --- Publishing and holding ---


def test_established_member_publishes_at_once(topic, member):
    post = reply(topic, member, "Our plan came after 24 weeks.")
    assert post.state == PostState.PUBLISHED and post.published_at is not None
    assert not post.needs_review
    topic.refresh_from_db()
    assert topic.reply_count == 1 and topic.last_activity_at == post.published_at


def test_new_member_first_posts_wait_then_publish(topic, parent, organiser, settings):
    settings.MODERATION_NEW_MEMBER_POSTS = 2
    first = reply(topic, parent, "Hello, I am new here.")
    assert first.state == PostState.PENDING and first.needs_review
    assert [f.reason for f in first.flags.all()] == [FlagReason.NEW_MEMBER]
    assert services.post_waiting_reasons(first) == ["we read a new member's first posts before they appear"]
    services.post_approve(post=first, moderator=organiser)
    services.post_approve(post=reply(topic, parent, "Second post."), moderator=organiser)
    third = reply(topic, parent, "Third post, now published at once.")
    assert third.state == PostState.PUBLISHED


def test_phone_number_holds_the_post_with_the_matched_text(topic, member):
    post = reply(topic, member, "Ring me on 07700 900123 about the tribunal.")
    assert post.state == PostState.PENDING
    flag = post.flags.get()
    assert flag.reason == FlagReason.PHONE and "07700 900123" in flag.matched
    assert services.post_waiting_reasons(post) == ["it seems to contain a phone number"]


def test_year_range_is_not_a_phone_number(topic, member):
    assert reply(topic, member, "We waited from 2019-2020 for the plan.").state == PostState.PUBLISHED


def test_block_word_refuses_and_saves_nothing(topic, member):
    WatchWord.objects.create(term="scumbag", action=WatchAction.BLOCK)
    before = Post.objects.count()
    with pytest.raises(services.PostRefused, match="not allowed"):
        reply(topic, member, "The caseworker is a scumbag.")
    assert Post.objects.count() == before


def test_approve_word_holds_and_flag_word_publishes_but_queues(topic, member):
    WatchWord.objects.create(term="tribunal", action=WatchAction.APPROVE)
    WatchWord.objects.create(term="complaint", action=WatchAction.FLAG)
    held = reply(topic, member, "We are going to tribunal.")
    assert held.state == PostState.PENDING and held.flags.get().reason == FlagReason.WATCH_WORD
    flagged = reply(topic, member, "I made a complaint.")
    assert flagged.state == PostState.PUBLISHED and flagged.needs_review
    assert flagged.flags.get().reason == FlagReason.WATCH_WORD


def test_safeguarding_term_goes_first_and_emails_the_contact(topic, member, settings):
    settings.SAFEGUARDING_CONTACT_EMAIL = "dsl@example.org"
    WatchWord.objects.create(term="hurting himself", action=WatchAction.APPROVE, safeguarding=True)
    older = reply(topic, member, "Call 07700 900123.")
    urgent = reply(topic, member, "My son keeps hurting himself at night.")
    assert urgent.state == PostState.PENDING and urgent.safeguarding
    assert list(selectors.queue())[:2] == [urgent, older]
    alert = [m for m in mail.outbox if m.to == ["dsl@example.org"]]
    assert len(alert) == 1 and "hurting himself" not in alert[0].body  # no post text in inboxes


def test_links_from_new_members_wait(topic, parent, member):
    assert reply(topic, parent, "See https://example.org/guide").flags.filter(reason=FlagReason.LINK).exists()
    assert reply(topic, member, "See https://example.org/guide").state == PostState.PUBLISHED


def test_posting_over_the_rate_limit_queues(topic, member, settings):
    settings.MODERATION_RATE_LIMIT_POSTS = 3  # the member's opening post counts too
    posts = [reply(topic, member, f"Quick post {i}") for i in range(3)]
    assert [p.state for p in posts] == [PostState.PUBLISHED, PostState.PUBLISHED, PostState.PENDING]
    assert selectors.post_rate_limited(posts[2]) and not selectors.post_rate_limited(posts[0])


def test_slow_mode_refuses_and_saves_nothing(topic, organiser):
    services.thread_settings_set(
        thread=topic.thread, moderator=organiser, locked=False, premoderated=False, slow_mode_seconds=600
    )
    author = make_established(UserFactory())
    reply(topic, author, "First.")
    with pytest.raises(services.RateLimited, match="slow mode"):
        reply(topic, author, "Second, too soon.")
    assert topic.thread.posts.filter(author=author).count() == 1


@pytest.mark.parametrize(
    "body, message",
    [("", "Write something"), ("   \n ", "Write something"), ("x" * 20_001, "at most 20,000")],
)
def test_bad_bodies_are_refused(topic, member, body, message):
    before = Post.objects.count()
    with pytest.raises(services.PostRefused, match=message):
        reply(topic, member, body)
    assert Post.objects.count() == before


def test_exactly_20000_characters_is_accepted(topic, member):
    assert reply(topic, member, "a" * 20_000).pk


def test_locked_suspended_and_unverified_are_refused(topic, member, organiser, unverified_parent):
    with pytest.raises(services.PostRefused, match="Verify"):
        reply(topic, unverified_parent, "Hello")
    services.member_suspend(user=member, moderator=organiser, days=7, reason="Repeated personal attacks")
    with pytest.raises(services.PostRefused, match="suspended"):
        reply(topic, member, "Hello")
    other = make_established(UserFactory())
    services.thread_settings_set(
        thread=topic.thread, moderator=organiser, locked=True, premoderated=False, slow_mode_seconds=0
    )
    with pytest.raises(services.PostRefused, match="locked"):
        reply(topic, other, "Hello")


def test_premoderated_board_and_thread_hold_everything(make_board, make_topic, member, organiser):
    board = make_board(premoderated=True)
    topic = make_topic(on=board)
    assert topic.opening_post.state == PostState.PENDING
    assert topic.opening_post.flags.get().reason == FlagReason.PREMODERATED


def test_title_goes_through_the_checks(make_topic):
    topic = make_topic(title="Call me 07700 900123", body="About our EHC plan.")
    assert topic.opening_post.state == PostState.PENDING


# --- Editing and withdrawing ---


def test_edit_keeps_history_and_rechecks(topic, member):
    post = reply(topic, member, "First wording.")
    services.post_edit(post=post, editor=member, body="Second wording.")
    post.refresh_from_db()
    assert post.body == "Second wording." and post.edited_at
    assert list(post.revisions.values_list("body", "kind")) == [("First wording.", PostRevision.Kind.EDIT)]
    services.post_edit(post=post, editor=member, body="Now with my number 07700 900123")
    post.refresh_from_db()
    assert post.state == PostState.PENDING and post.needs_review


def test_another_member_cannot_edit_or_withdraw(topic, member, parent):
    post = reply(topic, member, "Mine.")
    with pytest.raises(services.ModerationError):
        services.post_edit(post=post, editor=parent, body="Changed by someone else")
    with pytest.raises(services.ModerationError):
        services.post_withdraw(post=post, user=parent)
    post.refresh_from_db()
    assert post.body == "Mine." and post.state == PostState.PUBLISHED


def test_withdraw_is_final(topic, member, organiser):
    post = reply(topic, member, "Mine.")
    services.post_withdraw(post=post, user=member)
    post.refresh_from_db()
    assert post.state == PostState.WITHDRAWN
    with pytest.raises(services.ModerationError):
        services.post_restore(post=post, moderator=organiser, reason="Oops")
    with pytest.raises(services.ModerationError):
        services.post_edit(post=post, editor=member, body="Back again")


# --- Reports ---


def test_several_reports_make_one_queue_item_and_reporters_hear_the_outcome(topic, member, organiser):
    post = reply(topic, member, "Published text.")
    reporters = [UserFactory() for _ in range(3)]
    for reporter, reason in zip(
        reporters, [FlagReason.REPORT_OFFENSIVE, FlagReason.REPORT_SPAM, FlagReason.REPORT_OFF_TOPIC], strict=True
    ):
        services.post_report(post=post, reporter=reporter, reason=reason, note="")
    assert list(selectors.queue(state=PostState.PUBLISHED)) == [post]  # a published post: not among those that wait
    assert list(selectors.queue()) == []
    assert len(selectors.queue(state=PostState.PUBLISHED)[0].open_flags) == 3
    mail.outbox.clear()
    services.post_hide(post=post, moderator=organiser, reason="Off-topic advertising")
    assert sorted(m.to[0] for m in mail.outbox if m.subject == "Thank you for your report") == sorted(
        r.email for r in reporters
    )
    assert set(Flag.objects.filter(post=post).values_list("outcome", flat=True)) == {FlagOutcome.UPHELD}


@pytest.mark.parametrize(
    "reason, note, message",
    [
        ("nonsense", "", "Choose a reason"),
        ("", "", "Choose a reason"),
        (FlagReason.REPORT_OTHER, "", "Tell us what is wrong"),
        (FlagReason.REPORT_OTHER, "x" * 1001, "1,000 characters"),
        (FlagReason.EMAIL, "", "Choose a reason"),  # a check's reason is not a report reason
    ],
)
def test_bad_reports_are_refused(topic, member, parent, reason, note, message):
    post = reply(topic, member, "Published text.")
    with pytest.raises(services.ModerationError, match=message):
        services.post_report(post=post, reporter=parent, reason=reason, note=note)
    assert not Flag.objects.filter(post=post).exists()


def test_report_own_twice_or_unpublished_is_refused(topic, member, parent, unverified_parent):
    post = reply(topic, member, "Published text.")
    with pytest.raises(services.ModerationError, match="your own"):
        services.post_report(post=post, reporter=member, reason=FlagReason.REPORT_SPAM)
    with pytest.raises(services.ModerationError, match="Verify"):
        services.post_report(post=post, reporter=unverified_parent, reason=FlagReason.REPORT_SPAM)
    services.post_report(post=post, reporter=parent, reason=FlagReason.REPORT_SPAM)
    with pytest.raises(services.ModerationError, match="already reported"):
        services.post_report(post=post, reporter=parent, reason=FlagReason.REPORT_OFFENSIVE)
    held = reply(topic, member, "Call 07700 900123")
    with pytest.raises(services.ModerationError, match="not published"):
        services.post_report(post=held, reporter=parent, reason=FlagReason.REPORT_SPAM)


def test_safeguarding_report_goes_first_and_alerts(topic, member, parent, settings):
    settings.SAFEGUARDING_CONTACT_EMAIL = "dsl@example.org"
    older = reply(topic, member, "Call 07700 900123")
    post = reply(topic, member, "Published text.")
    services.post_report(
        post=post, reporter=parent, reason=FlagReason.REPORT_SAFEGUARDING, note="Sounds unsafe at home"
    )
    assert list(selectors.queue(state=PostState.PUBLISHED)) == [post] and list(selectors.queue()) == [older]
    assert selectors.queue(state=PostState.PUBLISHED)[0].safeguarding
    assert any(m.to == ["dsl@example.org"] for m in mail.outbox)


def test_members_whose_reports_are_often_declined_are_noted(topic, member, organiser, parent):
    posts = [reply(topic, member, f"Fine post {i}") for i in range(3)]
    for post in posts:
        services.post_report(post=post, reporter=parent, reason=FlagReason.REPORT_OFFENSIVE)
        services.post_approve(post=post, moderator=organiser)
    careful = UserFactory()
    services.post_report(post=reply(topic, member, "Another"), reporter=careful, reason=FlagReason.REPORT_SPAM)
    assert selectors.reporters_often_declined([parent.pk, careful.pk]) == {parent.pk}


# --- Moderator actions: each is logged with who, what, when and why ---


def test_approve_is_logged_and_the_author_is_told(topic, parent, organiser):
    post = reply(topic, parent, "New member post.")
    mail.outbox.clear()
    services.post_approve(post=post, moderator=organiser, note="Fine")
    entry = ModelLogEntry.objects.get(object_id=str(post.pk), action="moderation.approve")
    assert entry.user == organiser and entry.data["reason"] == "Fine" and entry.data["to"] == PostState.PUBLISHED
    assert [m.subject for m in mail.outbox if m.to == [parent.email]] == ["Your post is published"]


def test_reject_is_logged_and_the_author_sees_why(topic, parent, organiser):
    post = reply(topic, parent, "New member post.")
    mail.outbox.clear()
    services.post_reject(post=post, moderator=organiser, reason="It names your child's school.")
    post.refresh_from_db()
    assert post.state == PostState.REJECTED and post.state_reason == "It names your child's school."
    entry = ModelLogEntry.objects.get(object_id=str(post.pk), action="moderation.reject")
    assert entry.user == organiser and entry.data["reason"] == "It names your child's school."
    assert "It names your child's school." in [m for m in mail.outbox if m.to == [parent.email]][0].body


def test_hide_and_restore_are_logged(topic, member, organiser):
    post = reply(topic, member, "Heated words.")
    services.post_hide(post=post, moderator=organiser, reason="Cooling off")
    services.post_restore(post=post, moderator=organiser, reason="Author apologised")
    post.refresh_from_db()
    assert post.state == PostState.PUBLISHED and post.state_reason == ""
    assert {"moderation.hide", "moderation.restore"} <= set(log_actions(post))


def test_redact_keeps_the_original_for_organisers_and_is_logged(topic, member, organiser):
    post = reply(topic, member, "Call me on 07700 900123 please.")
    services.post_redact(
        post=post, moderator=organiser, body="Call me on [number removed] please.", reason="Phone number"
    )
    services.post_approve(post=post, moderator=organiser)
    post.refresh_from_db()
    assert post.body == "Call me on [number removed] please." and post.redacted and post.state == PostState.PUBLISHED
    original = post.revisions.get(kind=PostRevision.Kind.REDACTION)
    assert original.body == "Call me on 07700 900123 please." and original.by == organiser
    entry = ModelLogEntry.objects.get(object_id=str(post.pk), action="moderation.redact")
    assert entry.user == organiser and entry.data["reason"] == "Phone number"


def test_dismissing_reports_is_logged(topic, member, organiser, parent):
    post = reply(topic, member, "Published text.")
    services.post_report(post=post, reporter=parent, reason=FlagReason.REPORT_SPAM)
    services.post_approve(post=post, moderator=organiser, note="Not spam")
    post.refresh_from_db()
    assert post.state == PostState.PUBLISHED and not post.needs_review
    assert "moderation.dismiss" in log_actions(post)


def test_suspend_is_logged(member, organiser):
    suspension = services.member_suspend(user=member, moderator=organiser, days=14, reason="Personal attacks")
    entry = ModelLogEntry.objects.get(object_id=str(suspension.pk), action="moderation.suspend")
    assert entry.user == organiser and entry.data == {"days": 14, "reason": "Personal attacks", "member": member.pk}
    assert services.active_suspension(member) == suspension


@pytest.mark.parametrize("days", [0, -1, 3651, "7"])
def test_bad_suspension_lengths_are_refused(member, organiser, days):
    with pytest.raises(services.ModerationError):
        services.member_suspend(user=member, moderator=organiser, days=days, reason="x")
    assert not MemberSuspension.objects.exists()


def test_spam_account_removal(topic, organiser):
    spammer = make_established(UserFactory())
    published = reply(topic, spammer, "Buy now")
    waiting = reply(topic, spammer, "Buy now at https://spam.example and call 07700 900123")
    assert services.spam_account_remove(user=spammer, moderator=organiser, reason="Spam account") >= 2
    published.refresh_from_db(), waiting.refresh_from_db()
    assert (published.state, waiting.state) == (PostState.HIDDEN, PostState.REJECTED)
    assert services.active_suspension(spammer) is not None


def test_thread_settings_are_logged(topic, organiser):
    services.thread_settings_set(
        thread=topic.thread, moderator=organiser, locked=True, premoderated=True, slow_mode_seconds=60
    )
    entry = ModelLogEntry.objects.get(object_id=str(topic.thread.pk), action="moderation.thread")
    assert entry.user == organiser and entry.data == {"locked": True, "premoderated": True, "slow_mode_seconds": 60}


@pytest.mark.parametrize("action", ["approve", "reject", "hide", "restore", "redact", "suspend", "spam", "thread"])
def test_members_cannot_moderate(topic, member, parent, action):
    post = reply(topic, member, "Published text.")
    calls = {
        "approve": lambda: services.post_approve(post=post, moderator=parent),
        "reject": lambda: services.post_reject(post=post, moderator=parent, reason="x"),
        "hide": lambda: services.post_hide(post=post, moderator=parent, reason="x"),
        "restore": lambda: services.post_restore(post=post, moderator=parent, reason="x"),
        "redact": lambda: services.post_redact(post=post, moderator=parent, body="y", reason="x"),
        "suspend": lambda: services.member_suspend(user=member, moderator=parent, days=1, reason="x"),
        "spam": lambda: services.spam_account_remove(user=member, moderator=parent, reason="x"),
        "thread": lambda: services.thread_settings_set(
            thread=topic.thread, moderator=parent, locked=True, premoderated=False, slow_mode_seconds=0
        ),
    }
    with pytest.raises(services.ModerationError, match="organisers"):
        calls[action]()
    post.refresh_from_db()
    assert post.state == PostState.PUBLISHED and post.body == "Published text."


@pytest.mark.parametrize("action", ["reject", "hide", "restore"])
def test_moderator_actions_need_a_reason(topic, parent, member, organiser, action):
    post = reply(topic, member, "Published text.")
    with pytest.raises(services.ModerationError, match="reason"):
        getattr(services, f"post_{action}")(post=post, moderator=organiser, reason="  ")


# --- The state machine: every allowed and refused transition ---

STATES = [s.value for s in PostState]


@pytest.mark.parametrize("source, target", list(itertools.product(STATES, STATES)))
def test_state_machine(source, target):
    post = Post(state=source)
    if target in TRANSITIONS[source]:
        services._transition(post, target)
        assert post.state == target
    else:
        with pytest.raises(services.ModerationError, match="cannot become"):
            services._transition(post, target)
        assert post.state == source


def test_refused_transitions_through_the_actions(topic, member, parent, organiser):
    published = reply(topic, member, "Published text.")
    with pytest.raises(services.ModerationError):
        services.post_approve(post=published, moderator=organiser)  # nothing waiting
    with pytest.raises(services.ModerationError):
        services.post_reject(post=published, moderator=organiser, reason="x")  # published -> rejected
    pending = reply(topic, parent, "New member.")
    with pytest.raises(services.ModerationError):
        services.post_hide(post=pending, moderator=organiser, reason="x")  # pending -> hidden
    services.post_reject(post=pending, moderator=organiser, reason="x")
    with pytest.raises(services.ModerationError):
        services.post_approve(post=pending, moderator=organiser)  # rejected is final


# --- The 48-hour reminder ---


def test_queue_reminder_after_48_hours_once(topic, parent, organiser):
    post = reply(topic, parent, "New member.")
    Post.objects.filter(pk=post.pk).update(queued_at=timezone.now() - datetime.timedelta(hours=49))
    mail.outbox.clear()
    assert services.queue_reminders_send() == 1
    assert [m.to for m in mail.outbox] == [[organiser.email]]
    assert services.queue_reminders_send() == 0


def test_no_reminder_before_48_hours(topic, parent, organiser):
    reply(topic, parent, "New member.")
    assert services.queue_reminders_send() == 0


def test_organisers_role_can_moderate(organiser, parent, scrutiny_member, officer, site_admin):
    from forum_site.moderation.permissions import can_moderate

    assert [can_moderate(u) for u in (organiser, site_admin, parent, scrutiny_member, officer)] == [
        True,
        True,
        False,
        False,
        False,
    ]
    assert roles.ORGANISERS in [g.name for g in organiser.groups.all()]
