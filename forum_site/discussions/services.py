"""Writes for the forum: new topics and organisers' topic settings. Posts themselves go through
forum_site/moderation/services.py, the one moderation flow."""

from __future__ import annotations

from django.db import transaction
from wagtail.log_actions import log

from forum_site.moderation import services as moderation
from forum_site.moderation.models import Thread
from forum_site.notifications.services import follow_started

from .models import TOPIC_TITLE_MAX_LENGTH, BoardPage, Topic


def topic_create(*, board: BoardPage, author, title: str, body: str) -> Topic:
    """A member starts a topic: the topic, its thread and its opening post, all or nothing. The author
    follows it (and so hears of each published reply) unless their setting "Follow topics I start" is off."""
    title = " ".join((title or "").split())
    if not title:
        raise moderation.PostRefused("Give your topic a title.")
    if len(title) > TOPIC_TITLE_MAX_LENGTH:
        raise moderation.PostRefused(
            f"Titles can be at most {TOPIC_TITLE_MAX_LENGTH} characters; yours has {len(title)}."
        )
    with transaction.atomic():
        thread = Thread.objects.create(premoderated=False)
        topic = Topic.objects.create(board=board, title=title, author=author, thread=thread)  # names itself the target
        post = moderation.post_submit(thread=thread, author=author, body=body, is_opening=True, title=title)
        topic.opening_post = post
        topic.save(update_fields=["opening_post"])
        follow_started(user=author, target=topic)
    return topic


def topic_pin_set(*, topic: Topic, moderator, pinned: bool) -> Topic:
    """Organisers pin a topic to the top of its board, or unpin it (the forum's own setting; locking,
    pre-moderation and slow mode are the thread's, in moderation)."""
    from forum_site.moderation.permissions import can_moderate

    if not can_moderate(moderator):
        raise moderation.ModerationError("Only forum organisers can pin topics.")
    with transaction.atomic():
        if topic.pinned != pinned:
            topic.pinned = pinned
            topic.save(update_fields=["pinned"])
            log(instance=topic, action="moderation.thread", user=moderator, data={"pinned": pinned})
    return topic


def topic_settings_set(
    *, topic: Topic, moderator, pinned: bool, locked: bool, premoderated: bool, slow_mode_seconds: int
) -> Topic:
    """Organisers pin or lock a topic, pre-moderate it, or put a heated topic in slow mode."""
    with transaction.atomic():
        moderation.thread_settings_set(
            thread=topic.thread,
            moderator=moderator,
            locked=locked,
            premoderated=premoderated,
            slow_mode_seconds=slow_mode_seconds,
        )
        topic_pin_set(topic=topic, moderator=moderator, pinned=pinned)
    return topic
