"""Reads for moderation: where a post lives, the queue and its context."""

from __future__ import annotations

import datetime

from django.db.models import Count, F, Prefetch, Q, prefetch_related_objects

from . import owners
from .models import Flag, FlagOutcome, FlagReason, Post, PostState, Thread

QUEUE_PAGE_SIZE = 25
# A member whose reports are declined this often (with at least MIN_REPORTS resolved) is noted for moderators.
DECLINED_RATIO_NOTE = 0.6
MIN_REPORTS = 3


def thread_target(thread: Thread):
    """The object a thread belongs to (a forum topic, a consultation page, a recommendation...)."""
    return owners.target_of(thread) if thread.content_type_id else None


def post_location(post: Post, user=None) -> str:
    """The path of the page that shows the post to `user` (None: the public), with the post's anchor."""
    owner = owners.owner_for_thread(post.thread)
    if owner is None:
        return f"/#post-{post.pk}"
    return owner.post_url(post, owners.target_of(post.thread), user)


def post_rate_limited(post: Post) -> bool:
    """The post went to the queue because its author posted faster than the limit (the view answers 429)."""
    return post.flags.filter(reason=FlagReason.RATE, outcome=FlagOutcome.OPEN).exists()


def visible_posts_for(thread: Thread, user):
    """Published posts, plus the member's own posts that wait, were refused or hidden (they see why)."""
    condition = Q(state=PostState.PUBLISHED)
    if user is not None and user.is_authenticated:
        condition |= Q(author=user) & ~Q(state=PostState.WITHDRAWN)
    return Post.objects.filter(condition, thread=thread).order_by("created_at", "pk")


# What a post shows on a page (components/post.html) and what its cached HTML is keyed on (post_tags);
# of the author only the display name, as `author_display_name` (no user objects to build).
POST_SHOWN_FIELDS = (
    "id",
    "thread_id",
    "author_id",
    "body",
    "state",
    "state_reason",
    "created_at",
    "edited_at",
    "redacted",
)


def posts_for_reader(thread: Thread, user):
    """Published posts plus the reader's own waiting, refused or hidden posts (see `marked_for_reader`),
    with only what a page shows of them."""
    return (
        visible_posts_for(thread, user).only(*POST_SHOWN_FIELDS).annotate(author_display_name=F("author__display_name"))
    )


def marked_for_reader(posts, user) -> list[Post]:
    """The posts as a list, each with `.mine` (the reader wrote it: edit and withdraw links) and
    `.waiting_reasons` (why the reader's own post waits for a moderator). The open check flags are read
    in one query, only when the reader has a waiting post among these; nobody else's flags are loaded."""
    from .services import post_waiting_reasons

    posts = list(posts)
    reader = user.pk if user is not None and user.is_authenticated else None
    waiting = [post for post in posts if reader and post.author_id == reader and post.state == PostState.PENDING]
    if waiting:
        open_checks = Flag.objects.filter(outcome=FlagOutcome.OPEN, reporter__isnull=True)
        prefetch_related_objects(waiting, Prefetch("flags", queryset=open_checks))
    for post in posts:
        post.mine = reader is not None and post.author_id == reader
        post.waiting_reasons = post_waiting_reasons(post) if post in waiting else []
    return posts


def post_position(post: Post, user) -> int:
    """How many posts of its thread come before `post` for the reader (for the page it is on)."""
    return (
        visible_posts_for(post.thread, user)
        .filter(Q(created_at__lt=post.created_at) | Q(created_at=post.created_at, pk__lt=post.pk))
        .count()
    )


# The two parts of the queue: posts waiting to be published, and published posts to look at again
# (reported, or published with a flag-only watch word). A post in the queue is in exactly one of them.
QUEUE_PARTS = (PostState.PENDING, PostState.PUBLISHED)


def queue_groups() -> list[tuple[str, list[tuple[str, str]]]]:
    """The queue filter's choices, per owner with groups: ("Board", [("topic:3", "EHC plans"), ...])."""
    return [
        (owner.group_label, [(f"{owner.key}:{pk}", title) for pk, title in owner.groups()])
        for owner in owners.owners()
        if owner.group_label
    ]


def _in_group(items, group: str):
    """Posts of threads in one owner's group ("topic:3"); an unknown owner or a bad id matches nothing."""
    key, _, group_id = group.partition(":")
    owner = owners.owner_for_key(key)
    if owner is None or not owner.group_label or not (group_id.isascii() and group_id.isdigit()):
        return items.none()
    targets = owner.targets_in_group(int(group_id)).values("pk")
    return items.filter(thread__content_type=owner.content_type(), thread__object_id__in=targets)


def queue(*, state: str = PostState.PENDING, reason: str = "", group: str = "", older_than_hours: int | None = None):
    """One part of the queue (`state`: PENDING for the posts that wait, PUBLISHED for the published
    posts to look at again): safeguarding first, then oldest. Filters: a reason, a group of threads
    (an owner's, such as a forum board: "topic:<board id>"), a minimum age."""
    from django.utils import timezone

    if state not in QUEUE_PARTS:
        raise ValueError(f"The queue has no part {state!r}.")
    items = Post.objects.in_queue().filter(state=state)
    if reason:
        items = items.filter(flags__reason=reason, flags__outcome=FlagOutcome.OPEN)
    if group:
        items = _in_group(items, group)
    if older_than_hours:
        items = items.filter(queued_at__lte=timezone.now() - datetime.timedelta(hours=older_than_hours))
    open_flags = Flag.objects.filter(outcome=FlagOutcome.OPEN).select_related("reporter").order_by("created_at", "pk")
    return (
        items.distinct()
        .select_related("author", "thread")
        .prefetch_related(Prefetch("flags", queryset=open_flags, to_attr="open_flags"))
        .queue_order()
    )


def queue_counts() -> dict[str, int]:
    """How many posts wait for a moderator and how many published posts are to look at again, in one query."""
    return Post.objects.in_queue().aggregate(
        waiting=Count("pk", filter=Q(state=PostState.PENDING)),
        published=Count("pk", filter=Q(state=PostState.PUBLISHED)),
    )


def author_history(user) -> dict:
    """A member's record for the queue's context panel: counts by state and previous moderation."""
    if user is None:
        return {}
    counts = Post.objects.filter(author=user).aggregate(
        total=Count("pk"),
        published=Count("pk", filter=Q(state=PostState.PUBLISHED)),
        rejected=Count("pk", filter=Q(state=PostState.REJECTED)),
        hidden=Count("pk", filter=Q(state=PostState.HIDDEN)),
    )
    counts["upheld_flags"] = Flag.objects.filter(post__author=user, outcome=FlagOutcome.UPHELD).count()
    return counts


def reporters_often_declined(user_ids) -> set[int]:
    """Members (among user_ids) whose resolved reports are mostly declined: noted for moderators."""
    rows = (
        Flag.objects.filter(reporter_id__in=list(user_ids))
        .exclude(outcome__in=[FlagOutcome.OPEN, FlagOutcome.CLOSED])
        .values("reporter_id")
        .annotate(total=Count("pk"), declined=Count("pk", filter=Q(outcome=FlagOutcome.DECLINED)))
    )
    return {
        row["reporter_id"]
        for row in rows
        if row["total"] >= MIN_REPORTS and row["declined"] / row["total"] >= DECLINED_RATIO_NOTE
    }
