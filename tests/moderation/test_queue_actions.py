"""The queue's actions through the admin views: each one works, is in Wagtail's audit log with who,
what, when and why, and shows on the item page; bad input changes nothing."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from wagtail.models import ModelLogEntry

from forum_site.moderation import services
from forum_site.moderation.models import (
    FlagOutcome,
    FlagReason,
    MemberSuspension,
    Post,
    PostRevision,
    PostState,
    Thread,
)
from tests.conftest import mfa_login
from tests.factories import UserFactory
from tests.moderation.conftest import PHONE_BODY, QUEUE, item_url, log_entries, reply

pytestmark = pytest.mark.django_db


def act(client, post, action, **fields):
    """Post the item page's one action form: the action and its fields (approving takes a note as its reason)."""
    if "note" in fields:
        fields["reason"] = fields.pop("note")
    return client.post(item_url(post), {"action": action, **fields})


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def assert_logged(post, action, organiser, *, reason, started):
    """The audit log has who (the organiser), what (the action), when (now) and why (the reason)."""
    entry = log_entries(post, action).get()
    assert entry.user == organiser
    assert entry.timestamp >= started
    assert entry.data["reason"] == reason
    return entry


def assert_on_item_page(client, post, entry):
    html = client.get(item_url(post)).content.decode()
    assert escape(entry.message) in html
    assert escape(entry.data["reason"]) in html
    return html


# --- Each action, through the views, logged ---


def test_approve(organiser_client, organiser, new_member_post, fresh):
    started = timezone.now()
    response = act(organiser_client, new_member_post, "approve", note="Friendly first post")
    assert response.status_code == 302 and response["Location"] == reverse(QUEUE)
    assert "Approved." in messages_of(response)
    post = fresh(new_member_post)
    assert post.state == PostState.PUBLISHED and not post.needs_review
    entry = assert_logged(post, "approve", organiser, reason="Friendly first post", started=started)
    assert_on_item_page(organiser_client, post, entry)


def test_approve_keeps_a_reported_post_and_declines_the_reports(organiser_client, organiser, reported_post, fresh):
    started = timezone.now()
    act(organiser_client, reported_post, "approve", note="Nothing wrong")
    post = fresh(reported_post)
    assert post.state == PostState.PUBLISHED and not post.needs_review
    assert set(post.flags.values_list("outcome", flat=True)) == {FlagOutcome.DECLINED}
    entry = assert_logged(post, "dismiss", organiser, reason="Nothing wrong", started=started)
    assert_on_item_page(organiser_client, post, entry)


def test_reject(organiser_client, organiser, phone_post, fresh):
    started = timezone.now()
    response = act(organiser_client, phone_post, "reject", reason="Please leave out phone numbers")
    assert response["Location"] == reverse(QUEUE)
    post = fresh(phone_post)
    assert post.state == PostState.REJECTED and post.state_reason == "Please leave out phone numbers"
    entry = assert_logged(post, "reject", organiser, reason="Please leave out phone numbers", started=started)
    assert_on_item_page(organiser_client, post, entry)


def test_hide(organiser_client, organiser, reported_post, fresh):
    started = timezone.now()
    act(organiser_client, reported_post, "hide", reason="Offensive")
    post = fresh(reported_post)
    assert post.state == PostState.HIDDEN and post.state_reason == "Offensive"
    assert set(post.flags.values_list("outcome", flat=True)) == {FlagOutcome.UPHELD}
    entry = assert_logged(post, "hide", organiser, reason="Offensive", started=started)
    assert_on_item_page(organiser_client, post, entry)


def test_restore(organiser_client, organiser, reported_post, fresh):
    services.post_hide(post=reported_post, moderator=organiser, reason="Offensive")
    started = timezone.now()
    response = act(organiser_client, reported_post, "restore", reason="On a second look it is fine")
    assert response["Location"] == reverse(QUEUE)
    post = fresh(reported_post)
    assert post.state == PostState.PUBLISHED and post.state_reason == ""
    entry = assert_logged(post, "restore", organiser, reason="On a second look it is fine", started=started)
    assert_on_item_page(organiser_client, post, entry)


def test_redact_and_publish_in_one_step(organiser_client, organiser, phone_post, fresh):
    started = timezone.now()
    page = organiser_client.get(item_url(phone_post)).content.decode()
    assert f"{escape(PHONE_BODY)}</textarea>" in page  # the redact box starts with the body
    response = act(
        organiser_client, phone_post, "redact", body="Ring me about the tribunal.", reason="Phone number", publish="on"
    )
    assert response["Location"] == reverse(QUEUE) and messages_of(response) == [
        "Redacted and published. The author is told what changed and why."
    ]
    post = fresh(phone_post)
    assert post.state == PostState.PUBLISHED and post.redacted and post.body == "Ring me about the tribunal."
    assert PostRevision.objects.get(post=post, kind=PostRevision.Kind.REDACTION).body == PHONE_BODY
    entry = assert_logged(post, "redact", organiser, reason="Phone number", started=started)
    assert_logged(post, "approve", organiser, reason="Phone number", started=started)
    html = assert_on_item_page(organiser_client, post, entry)
    assert escape(PHONE_BODY) in html  # the original, for organisers


def test_redact_without_publishing_leaves_it_waiting(organiser_client, organiser, phone_post, fresh):
    act(organiser_client, phone_post, "redact", body="Ring me about the tribunal.", reason="Phone number")
    post = fresh(phone_post)
    assert post.state == PostState.PENDING and post.needs_review and post.redacted
    assert not log_entries(post, "approve").exists()


def test_suspend(organiser_client, organiser, phone_post, member):
    started = timezone.now()
    response = act(organiser_client, phone_post, "suspend", days="14", reason="Repeated personal details")
    assert response["Location"] == reverse(QUEUE)
    suspension = MemberSuspension.objects.get(user=member)
    assert (suspension.ends_at - suspension.starts_at).days == 14 and suspension.created_by == organiser
    entry = ModelLogEntry.objects.get(action="moderation.suspend", object_id=str(suspension.pk))
    assert entry.user == organiser and entry.timestamp >= started
    assert entry.data == {"days": 14, "reason": "Repeated personal details", "member": member.pk}
    html = organiser_client.get(item_url(phone_post)).content.decode()
    assert "Suspended until" in html and "Repeated personal details" in html
    with pytest.raises(services.PostRefused, match="suspended"):
        reply(phone_post.thread.topic, member, "Another post")


def test_remove_a_spam_account(organiser_client, organiser, topic, fresh):
    spammer = UserFactory()
    from tests.conftest import make_established

    make_established(spammer)
    published = reply(topic, spammer, "Cheap pills at a link")
    waiting = reply(topic, spammer, "Call 07700 900999 for cheap pills")
    started = timezone.now()
    page = organiser_client.get(item_url(waiting)).content.decode()
    assert "Remove a spam account" in page and "waiting or published posts." in page
    response = act(organiser_client, waiting, "spam", reason="Spam account", confirm="on")
    assert response["Location"] == reverse(QUEUE)
    assert fresh(waiting).state == PostState.REJECTED and fresh(published).state == PostState.HIDDEN
    assert services.active_suspension(spammer) is not None
    assert_logged(fresh(waiting), "reject", organiser, reason="Spam account", started=started)
    assert_logged(fresh(published), "hide", organiser, reason="Spam account", started=started)
    assert ModelLogEntry.objects.filter(
        action="moderation.suspend", user=organiser, data__reason="Spam account"
    ).exists()


def test_bulk_approve_and_reject(organiser_client, organiser, topic, parent, member, fresh):
    first, second = reply(topic, parent, "Hello all"), reply(topic, parent, "Hello again")
    third = reply(topic, member, PHONE_BODY)
    started = timezone.now()
    response = organiser_client.post(
        reverse("moderation_queue:bulk"), {"posts": [first.pk, second.pk], "action": "approve"}
    )
    assert response["Location"] == reverse(QUEUE) and "2 items approved." in messages_of(response)
    assert fresh(first).state == fresh(second).state == PostState.PUBLISHED
    assert_logged(first, "approve", organiser, reason="", started=started)
    response = organiser_client.post(
        reverse("moderation_queue:bulk"), {"posts": [third.pk], "action": "reject", "reason": "No phone numbers"}
    )
    assert "1 item rejected." in messages_of(response)
    assert fresh(third).state == PostState.REJECTED
    assert_logged(third, "reject", organiser, reason="No phone numbers", started=started)


def test_thread_settings_for_a_topic(organiser_client, organiser, topic, phone_post):
    """Moderation's thread screen sets locking and pre-moderation; the pin is the forum's, on its own screen it links to."""
    url = reverse("moderation_queue:thread", args=[topic.thread_id]) + f"?post={phone_post.pk}"
    assert url in organiser_client.get(item_url(phone_post)).content.decode()
    page = organiser_client.get(url).content.decode()
    pin_url = reverse("forum_admin:topic", args=[topic.pk])
    assert "Pinned" not in page and pin_url in page
    response = organiser_client.post(
        url, {"pinned": "on", "locked": "on", "premoderated": "on", "slow_mode_seconds": "120"}
    )
    assert response["Location"] == item_url(phone_post)
    topic.refresh_from_db()
    topic.thread.refresh_from_db()
    assert not topic.pinned  # moderation's screen cannot pin
    assert topic.thread.locked and topic.thread.premoderated and topic.thread.slow_mode_seconds == 120
    assert "Pinned to the top of the board" in organiser_client.get(pin_url).content.decode()
    response = organiser_client.post(pin_url, {"pinned": "on"})
    assert response["Location"] == reverse("moderation_queue:thread", args=[topic.thread_id])
    topic.refresh_from_db()
    assert topic.pinned
    entries = ModelLogEntry.objects.filter(action="moderation.thread", user=organiser)
    assert {tuple(sorted(e.data)) for e in entries} == {("locked", "premoderated", "slow_mode_seconds"), ("pinned",)}
    organiser_client.post(pin_url, {})
    topic.refresh_from_db()
    assert not topic.pinned


def test_thread_settings_for_comments_have_no_pin(organiser_client, organiser):
    thread = Thread.objects.create()
    url = reverse("moderation_queue:thread", args=[thread.pk])
    assert "Pinned" not in organiser_client.get(url).content.decode()
    response = organiser_client.post(url, {"locked": "on", "slow_mode_seconds": "0", "pinned": "on"})
    assert response["Location"] == reverse(QUEUE)
    thread.refresh_from_db()
    assert thread.locked and not thread.premoderated
    assert ModelLogEntry.objects.filter(action="moderation.thread", object_id=str(thread.pk), user=organiser).exists()


# --- The item page's context ---


def test_item_page_shows_context(organiser_client, organiser, topic, member, parent):
    earlier = reply(topic, member, "An earlier reply in the thread.")
    services.post_hide(post=earlier, moderator=organiser, reason="Earlier decision")
    # `parent` reports a lot and is usually declined.
    for i in range(3):
        p = reply(topic, member, f"Fine {i}")
        services.post_report(post=p, reporter=parent, reason=FlagReason.REPORT_OFFENSIVE)
        services.post_approve(post=p, moderator=organiser)
    post = reply(topic, member, "Our SENCo said no.")
    services.post_report(post=post, reporter=parent, reason=FlagReason.REPORT_OTHER, note="I think this is rude")
    services.post_edit(post=post, editor=member, body="Our SENCo said no, again.")
    html = organiser_client.get(item_url(post)).content.decode()
    assert escape(topic.title) in html and escape(topic.board.title) in html
    assert "Fine 2" in html  # the posts just before it in the thread
    assert "Our SENCo said no, again." in html
    assert "I think this is rude" in html and escape(parent.display_name) in html
    assert "often declined" in html
    assert "Earlier decision" in html  # the author's previous moderation
    assert "Our SENCo said no.</blockquote>" in html  # the edit history
    assert "Report: something else" in html


def test_checks_show_the_matched_text(organiser_client, phone_post):
    html = organiser_client.get(item_url(phone_post)).content.decode()
    assert "Phone number" in html and "<mark>07700 900123</mark>" in html


def test_unknown_post_is_404(organiser_client):
    assert organiser_client.get(reverse("moderation_queue:item", args=[999999])).status_code == 404
    response = organiser_client.post(reverse("moderation_queue:item", args=[999999]), {"action": "approve"})
    assert response.status_code == 404
    assert organiser_client.get(reverse("moderation_queue:thread", args=[999999])).status_code == 404


# --- Bad input: a clear message, nothing changed ---


def assert_nothing_changed(post, before: Post, logs: int):
    after = Post.objects.get(pk=post.pk)
    assert (after.state, after.body, after.needs_review, after.state_reason) == (
        before.state,
        before.body,
        before.needs_review,
        before.state_reason,
    )
    assert log_entries(post).count() == logs
    assert not MemberSuspension.objects.exists()


BAD_INPUT = [
    ("reject", {"reason": ""}, "Give a reason."),
    ("reject", {"reason": "   "}, "Give a reason."),
    ("reject", {"reason": "x" * 2001}, "2,000 characters"),
    ("hide", {"reason": ""}, "Give a reason."),
    ("restore", {"reason": ""}, "Give a reason."),
    ("approve", {"note": "x" * 2001}, "2,000 characters"),
    ("redact", {"body": "Ring me", "reason": ""}, "Give a reason."),
    ("redact", {"body": "", "reason": "Phone"}, "The post cannot be empty."),
    ("redact", {"body": "x" * 20_001, "reason": "Phone"}, "20,000 characters"),
    ("redact", {"body": "Ring me", "reason": "x" * 2001}, "2,000 characters"),
    ("suspend", {"days": "seven", "reason": "Rude"}, "whole number"),
    ("suspend", {"days": "1.5", "reason": "Rude"}, "whole number"),
    ("suspend", {"days": "-3", "reason": "Rude"}, "at least 1 day"),
    ("suspend", {"days": "0", "reason": "Rude"}, "at least 1 day"),
    ("suspend", {"days": "99999999999999999999", "reason": "Rude"}, "at most 3,650 days"),
    ("suspend", {"days": "", "reason": "Rude"}, "Enter the number of days."),
    ("suspend", {"days": "7", "reason": ""}, "Give a reason."),
    ("spam", {"reason": "Spam"}, "Tick the box to confirm."),
    ("spam", {"reason": "", "confirm": "on"}, "Give a reason."),
]


@pytest.mark.parametrize(("action", "fields", "message"), BAD_INPUT)
def test_bad_input_is_refused_with_a_message(organiser_client, phone_post, action, fields, message):
    logs = log_entries(phone_post).count()
    response = act(organiser_client, phone_post, action, **fields)
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html and escape(message) in html
    assert 'aria-invalid="true"' in html
    assert_nothing_changed(phone_post, phone_post, logs)


def test_html_in_a_reason_is_escaped(organiser_client, phone_post):
    payload = '<script>alert("reason")</script>'
    act(organiser_client, phone_post, "reject", reason=payload)
    html = organiser_client.get(item_url(phone_post)).content.decode()
    assert payload not in html and escape(payload) in html


def test_unknown_action_is_refused(organiser_client, phone_post):
    logs = log_entries(phone_post).count()
    assert organiser_client.post(item_url(phone_post), {"action": "delete"}).status_code == 400
    assert organiser_client.post(item_url(phone_post), {}).status_code == 400
    assert_nothing_changed(phone_post, phone_post, logs)


@pytest.mark.parametrize(
    ("action", "fields", "message"),
    [
        ("restore", {"reason": "Back"}, "Only a hidden post can be restored."),
        ("hide", {"reason": "Hide"}, "cannot become hidden"),
        ("redact", {"body": PHONE_BODY, "reason": "Same"}, "The text is unchanged"),
    ],
)
def test_action_not_allowed_in_this_state(organiser_client, phone_post, action, fields, message):
    logs = log_entries(phone_post).count()
    response = act(organiser_client, phone_post, action, **fields)
    assert response.status_code == 302 and response["Location"] == item_url(phone_post)
    assert any(message in m for m in messages_of(response))
    assert_nothing_changed(phone_post, phone_post, logs)


def test_rejected_post_cannot_be_approved_or_redacted(organiser_client, organiser, phone_post):
    services.post_reject(post=phone_post, moderator=organiser, reason="No")
    before = Post.objects.get(pk=phone_post.pk)
    logs = log_entries(phone_post).count()
    response = act(organiser_client, phone_post, "approve")
    assert any("not waiting for approval" in m for m in messages_of(response))
    response = act(organiser_client, phone_post, "redact", body="Something", reason="x")
    assert any("nothing to redact" in m for m in messages_of(response))
    assert_nothing_changed(phone_post, before, logs)


def test_publish_after_redacting_only_applies_to_waiting_posts(organiser_client, organiser, reported_post, fresh):
    """Ticked on a post that is published already: the redaction is saved and the reports stay open."""
    act(organiser_client, reported_post, "redact", body="Edited out", reason="Name", publish="on")
    post = fresh(reported_post)
    assert post.body == "Edited out" and post.state == PostState.PUBLISHED and post.needs_review


def test_organisers_cannot_suspend_themselves(organiser_client, organiser, topic):
    from tests.conftest import make_established

    make_established(organiser)
    own = reply(topic, organiser, PHONE_BODY)
    response = act(organiser_client, own, "suspend", days="3", reason="Test")
    assert any("cannot be suspended" in m for m in messages_of(response))
    assert not MemberSuspension.objects.exists()


def test_bulk_bad_input(organiser_client, phone_post, organiser, topic, member):
    logs = log_entries(phone_post).count()
    url = reverse("moderation_queue:bulk")
    for data, message in [
        ({"action": "approve"}, "Select at least one item."),
        ({"posts": [phone_post.pk], "action": "reject"}, "Give a reason for rejecting"),
        ({"posts": [phone_post.pk], "action": "delete"}, "Select a valid choice"),
        ({"posts": ["abc"], "action": "approve"}, "no longer in the queue"),
        ({"posts": [999999], "action": "approve"}, "no longer in the queue"),
        ({"posts": [phone_post.pk], "action": "reject", "reason": "x" * 2001}, "2,000 characters"),
    ]:
        response = organiser_client.post(url, data)
        assert response.status_code == 400, data
        assert "There is a problem" in response.content.decode() and escape(message) in response.content.decode(), data
    # A post that has left the queue is a tampered id too.
    done = reply(topic, member, "Published at once")
    response = organiser_client.post(url, {"posts": [phone_post.pk, done.pk], "action": "approve"})
    assert response.status_code == 400
    assert_nothing_changed(phone_post, phone_post, logs)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"slow_mode_seconds": "abc"}, "whole number of seconds"),
        ({"slow_mode_seconds": "-1"}, "0 or more seconds"),
        ({"slow_mode_seconds": "86401"}, "at most 86,400 seconds"),
        ({"slow_mode_seconds": ""}, "Enter a number of seconds"),
    ],
)
def test_thread_settings_bad_input(organiser_client, topic, fields, message):
    url = reverse("moderation_queue:thread", args=[topic.thread_id])
    response = organiser_client.post(url, {"locked": "on", **fields})
    assert response.status_code == 400 and escape(message) in response.content.decode()
    topic.thread.refresh_from_db()
    assert not topic.thread.locked
    assert not ModelLogEntry.objects.filter(action="moderation.thread").exists()


# --- CSRF ---


@pytest.mark.parametrize(
    ("url", "data"),
    [
        (lambda p: item_url(p), {"action": "reject", "reason": "No"}),
        (lambda p: reverse("moderation_queue:bulk"), {"posts": "PK", "action": "approve"}),
        (lambda p: reverse("moderation_queue:thread", args=[p.thread_id]), {"locked": "on", "slow_mode_seconds": "0"}),
    ],
)
def test_csrf_is_enforced(organiser, totp, phone_post, url, data):
    client = mfa_login(Client(enforce_csrf_checks=True), organiser)
    data = {k: (phone_post.pk if v == "PK" else v) for k, v in data.items()}
    response = client.post(url(phone_post), data)
    assert response.status_code == 403
    post = Post.objects.get(pk=phone_post.pk)
    assert post.state == PostState.PENDING and not post.thread.locked
