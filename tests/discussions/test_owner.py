"""The forum as a moderation owner: every topic's thread names its topic, a board's pre-moderation holds
its topics' replies, and emails link to the page of the topic a post is on (the bug issue 12 found:
links to page 1 for a post on page 2)."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.conf import settings
from django.core import mail
from django.utils import timezone

from forum_site.discussions.models import Topic
from forum_site.discussions.owners import TOPICS
from forum_site.discussions.selectors import POSTS_PER_PAGE
from forum_site.moderation import owners, services
from forum_site.moderation.models import Post, PostState, Thread
from forum_site.notifications.services import follow_set

pytestmark = pytest.mark.django_db


def test_every_topic_thread_names_its_topic(make_topic):
    topics = [make_topic(title=f"Topic {i}") for i in range(3)]
    for topic in topics:
        thread = Thread.objects.get(pk=topic.thread_id)
        assert thread.target == topic and owners.owner_for_thread(thread) is TOPICS
    assert not Thread.objects.filter(topic__isnull=False, object_id__isnull=True).exists()


def test_the_data_migration_fills_the_targets_of_older_topic_threads(make_topic):
    topic = make_topic()
    Thread.objects.filter(pk=topic.thread_id).update(content_type=None, object_id=None)  # as before the migration
    migration = importlib.import_module("forum_site.discussions.migrations.0003_topic_threads_target")
    migration.fill_targets(apps, None)
    assert Thread.objects.get(pk=topic.thread_id).target == topic
    migration.clear_targets(apps, None)
    assert Thread.objects.get(pk=topic.thread_id).object_id is None


def test_a_premoderated_board_holds_every_reply(make_board, make_topic, member, organiser):
    board = make_board(title="Held board", slug="held-board")
    board.premoderated = True
    board.save_revision().publish()
    topic = make_topic(on=board)
    post = services.post_submit(thread=topic.thread, author=member, body="A calm reply.")
    assert post.state == PostState.PENDING
    board.premoderated = False
    board.save_revision().publish()
    later = services.post_submit(
        thread=Thread.objects.get(pk=topic.thread_id), author=member, body="Another calm reply."
    )
    assert later.state == PostState.PUBLISHED, [f.reason for f in later.flags.all()]


def _fill_first_page(topic, member):
    now = timezone.now()
    Post.objects.bulk_create(
        Post(thread=topic.thread, author=member, body=f"Reply {i}", state=PostState.PUBLISHED, published_at=now)
        for i in range(POSTS_PER_PAGE)
    )


def test_emails_link_to_the_page_the_post_is_on(topic, member, parent, organiser, django_capture_on_commit_callbacks):
    _fill_first_page(topic, member)
    follower = parent
    follow_set(user=follower, target=topic)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        post = services.post_submit(thread=topic.thread, author=member, body="On the second page.")
    link = f"{settings.SITE_URL}{topic.get_absolute_url()}?page=2#post-{post.pk}"
    (followers_email,) = [m for m in mail.outbox if m.to == [follower.email]]
    assert link in followers_email.body and followers_email.subject.startswith("New reply")
    # The author's outcome email, after a hold, links to the same page.
    held = services.post_submit(thread=topic.thread, author=member, body="Ring me on 07700 900123.")
    assert held.state == PostState.PENDING
    mail.outbox.clear()
    services.post_redact(post=held, moderator=organiser, body="Ring me.", reason="Phone number", publish=True)
    (outcome,) = [m for m in mail.outbox if m.to == [member.email]]
    assert f"{topic.get_absolute_url()}?page=2#post-{held.pk}" in outcome.body


def test_the_topic_page_two_shows_the_linked_post(client, topic, member):
    _fill_first_page(topic, member)
    post = services.post_submit(thread=topic.thread, author=member, body="On the second page.")
    url = TOPICS.post_url(post, Topic.objects.get(pk=topic.pk))
    assert url.endswith(f"?page=2#post-{post.pk}")
    assert f'id="post-{post.pk}"' in client.get(url.split("#")[0]).content.decode()
