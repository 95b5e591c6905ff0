"""The demo forum: boards, published conversation, and a queue with an item for each kind of reason."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from forum_site.discussions.models import BoardPage, Topic
from forum_site.moderation import selectors
from forum_site.moderation.models import FlagOutcome, FlagReason, Post, PostState

pytestmark = pytest.mark.django_db


def test_demo_forum_has_boards_conversation_and_a_queue_for_each_reason():
    call_command("load_demo_data", verbosity=0)
    assert sorted(BoardPage.objects.values_list("title", flat=True)) == [
        "EHC plans",
        "Local offer",
        "Preparing for adulthood",
        "SEMH and autism",
        "Schools and settings",
    ]
    assert Topic.objects.visible().count() == 8
    from forum_site.demo.forum import TOPICS

    assert Post.objects.filter(state=PostState.PUBLISHED).count() >= sum(1 + len(replies) for *_, replies in TOPICS)
    open_reasons = set(
        Post.objects.in_queue().filter(flags__outcome=FlagOutcome.OPEN).values_list("flags__reason", flat=True)
    )
    assert {
        FlagReason.PHONE,
        FlagReason.EMAIL,
        FlagReason.DATE_OF_BIRTH,
        FlagReason.WATCH_WORD,
        FlagReason.SAFEGUARDING_WORD,
        FlagReason.LINK,
        FlagReason.NEW_MEMBER,
        FlagReason.REPORT_OFF_TOPIC,
        FlagReason.REPORT_SAFEGUARDING,
    } <= open_reasons
    waiting, published = list(selectors.queue()), list(selectors.queue(state=PostState.PUBLISHED))
    # The safeguarding term waits at the top of the posts that wait; the safeguarding report at the top of
    # the published posts to look at again.
    assert waiting[0].safeguarding and not waiting[-1].safeguarding
    assert published[0].safeguarding and not published[-1].safeguarding
    assert all(p.state == PostState.PENDING for p in waiting) and all(p.state == PostState.PUBLISHED for p in published)


def test_demo_forum_is_idempotent():
    call_command("load_demo_data", verbosity=0)
    counts = (Topic.objects.count(), Post.objects.count(), Post.objects.in_queue().count())
    call_command("load_demo_data", verbosity=0)
    assert (Topic.objects.count(), Post.objects.count(), Post.objects.in_queue().count()) == counts
