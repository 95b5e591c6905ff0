"""Authors follow the topics they start (their setting "Follow topics I start", on by default) and hear,
through the one notification mechanism, when a reply is published: not a reply that waits or is
rejected, and never their own."""

from __future__ import annotations

import pytest
from django.core import mail

from forum_site.discussions.services import topic_create
from forum_site.moderation import services as moderation
from forum_site.moderation.models import PostState
from forum_site.notifications import services as notifications
from forum_site.notifications.models import Follow, Frequency
from tests.conftest import make_established, sign_in
from tests.discussions.conftest import route
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PHONE_REPLY = "Ring me on 07700 900123 about the tribunal."


def follows_of(user, topic):
    return Follow.objects.filter(user=user, object_id=topic.pk, content_type__model="topic")


def mail_to(user) -> list:
    return [m for m in mail.outbox if m.to == [user.email]]


@pytest.fixture
def other_member(db):
    return make_established(UserFactory(display_name="Another parent"))


def test_starting_a_topic_follows_it_by_default(board, member):
    topic = topic_create(board=board, author=member, title="Annual review tips", body="What helped you?")
    follow = follows_of(member, topic).get()
    assert follow.target == topic and follow.frequency == Frequency.IMMEDIATE


def test_starting_a_topic_through_the_form_follows_it(client, board, member):
    sign_in(client, member)
    response = client.post(
        route(board, "topic-create"), {"title": "Transport to school", "body": "Has the bus changed?"}
    )
    assert response.status_code == 302
    assert follows_of(member, board.topics.get()).exists()


def test_the_setting_off_is_respected(board, member):
    notifications.preferences_set(user=member, follow_started=False)
    topic = topic_create(board=board, author=member, title="Annual review tips", body="What helped you?")
    assert not follows_of(member, topic).exists()
    # ... and on again, the next topic is followed.
    notifications.preferences_set(user=member, follow_started=True)
    again = topic_create(board=board, author=member, title="Section F wording", body="How specific is yours?")
    assert follows_of(member, again).exists() and not follows_of(member, topic).exists()


def test_a_topic_that_waits_is_followed_too(board, parent):
    """A new member's topic waits for a moderator; they hear of replies once it is published."""
    topic = topic_create(board=board, author=parent, title="First time here", body="Hello everyone.")
    assert topic.opening_post.state == PostState.PENDING
    assert follows_of(parent, topic).exists()


def test_a_refused_topic_follows_nothing(board, member):
    with pytest.raises(moderation.PostRefused):
        topic_create(board=board, author=member, title="   ", body="No title")
    assert not Follow.objects.exists()


def test_an_unverified_member_cannot_start_a_topic_or_follow(board, unverified_parent):
    with pytest.raises(moderation.PostRefused):
        topic_create(board=board, author=unverified_parent, title="Hello", body="Words")
    assert not Follow.objects.exists()


def test_the_author_hears_of_a_published_reply(board, member, other_member, django_capture_on_commit_callbacks):
    topic = topic_create(board=board, author=member, title="Annual review tips", body="What helped you?")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        reply = moderation.post_submit(thread=topic.thread, author=other_member, body="Ask for hours in section F.")
    assert reply.state == PostState.PUBLISHED
    [email] = mail_to(member)
    assert email.subject == "New reply in Annual review tips"
    assert "Ask for hours in section F." in email.body
    assert f"#post-{reply.pk}" in email.body
    assert email.extra_headers["List-Unsubscribe"]  # the one mechanism: a one-click unsubscribe link
    assert not mail_to(other_member)  # the reply's writer is not told of their own reply


def test_the_author_hears_nothing_of_their_own_reply(board, member, django_capture_on_commit_callbacks):
    topic = topic_create(board=board, author=member, title="Annual review tips", body="What helped you?")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        moderation.post_submit(thread=topic.thread, author=member, body="An update: the draft arrived.")
    assert not mail_to(member)


def test_a_reply_that_waits_is_told_only_once_published(
    board, member, other_member, organiser, django_capture_on_commit_callbacks
):
    topic = topic_create(board=board, author=member, title="Annual review tips", body="What helped you?")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        reply = moderation.post_submit(thread=topic.thread, author=other_member, body=PHONE_REPLY)
    assert reply.state == PostState.PENDING
    assert not mail_to(member)  # queued: nothing yet
    with django_capture_on_commit_callbacks(execute=True):
        moderation.post_approve(post=reply, moderator=organiser, note="The number is the helpline's")
    assert [m.subject for m in mail_to(member)] == ["New reply in Annual review tips"]


def test_a_rejected_reply_is_never_told(board, member, other_member, organiser, django_capture_on_commit_callbacks):
    topic = topic_create(board=board, author=member, title="Annual review tips", body="What helped you?")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        reply = moderation.post_submit(thread=topic.thread, author=other_member, body=PHONE_REPLY)
        moderation.post_reject(post=reply, moderator=organiser, reason="A personal phone number")
    assert not mail_to(member)


def test_with_the_setting_off_the_author_hears_nothing(board, member, other_member, django_capture_on_commit_callbacks):
    notifications.preferences_set(user=member, follow_started=False)
    topic = topic_create(board=board, author=member, title="Annual review tips", body="What helped you?")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        moderation.post_submit(thread=topic.thread, author=other_member, body="Ask for hours in section F.")
    assert not mail_to(member)


def test_an_author_who_stopped_following_hears_nothing(board, member, other_member, django_capture_on_commit_callbacks):
    topic = topic_create(board=board, author=member, title="Annual review tips", body="What helped you?")
    notifications.follow_remove(user=member, target=topic)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        moderation.post_submit(thread=topic.thread, author=other_member, body="Ask for hours in section F.")
    assert not mail_to(member)
