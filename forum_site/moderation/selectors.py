"""Reads for moderation: where a post lives, the queue and its context."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q

from .models import Flag, FlagOutcome, FlagReason, Post, PostState, Thread

QUEUE_PAGE_SIZE = 25
# A member whose reports are declined this often (with at least MIN_REPORTS resolved) is noted for moderators.
DECLINED_RATIO_NOTE = 0.6
MIN_REPORTS = 3


def thread_owner(thread: Thread):
    """The forum topic, consultation page or recommendation a thread belongs to."""
    topic = getattr(thread, "topic", None)
    if topic is not None:
        return topic
    target = thread.target
    return target.specific if hasattr(target, "specific") else target


def owner_url(owner) -> str:
    if hasattr(owner, "get_url"):  # a Wagtail page
        return owner.get_url() or "/"
    if hasattr(owner, "get_absolute_url"):
        return owner.get_absolute_url()
    # A commentable object without a public page of its own yet (e.g. before the tracker's pages).
    return "/"


def post_location(post: Post) -> str:
    """The path of the page that shows the post, with the post's anchor."""
    return f"{owner_url(thread_owner(post.thread))}#post-{post.pk}"


def post_follow_targets(post: Post) -> list[tuple[object, str]]:
    """What to tell followers about a newly published post: (followed thing, email subject)."""
    owner = thread_owner(post.thread)
    topic = getattr(post.thread, "topic", None)
    if topic is not None:
        if post.is_opening:
            return [(topic.board, f"New topic in {topic.board.title}: {topic.title}")]
        return [(topic, f"New reply in {topic.title}")]
    return [(owner, f"New comment on {owner}")]


def post_rate_limited(post: Post) -> bool:
    """The post went to the queue because its author posted faster than the limit (the view answers 429)."""
    return post.flags.filter(reason=FlagReason.RATE, outcome=FlagOutcome.OPEN).exists()


def published_posts(thread: Thread):
    return Post.objects.filter(thread=thread, state=PostState.PUBLISHED).select_related("author").order_by("created_at", "pk")


def visible_posts_for(thread: Thread, user):
    """Published posts, plus the member's own posts that wait, were refused or hidden (they see why)."""
    condition = Q(state=PostState.PUBLISHED)
    if user is not None and user.is_authenticated:
        condition |= Q(author=user) & ~Q(state=PostState.WITHDRAWN)
    return Post.objects.filter(condition, thread=thread).order_by("created_at", "pk")


# The two parts of the queue: posts waiting to be published, and published posts to look at again
# (reported, or published with a flag-only watch word). A post in the queue is in exactly one of them.
QUEUE_PARTS = (PostState.PENDING, PostState.PUBLISHED)


def queue(*, state: str = PostState.PENDING, reason: str = "", board_id: int | None = None, older_than_hours: int | None = None):
    """One part of the queue (`state`: PENDING for the posts that wait, PUBLISHED for the published
    posts to look at again): safeguarding first, then oldest. Filters: a reason, a board, a minimum age."""
    from django.utils import timezone

    if state not in QUEUE_PARTS:
        raise ValueError(f"The queue has no part {state!r}.")
    items = Post.objects.in_queue().filter(state=state)
    if reason:
        items = items.filter(flags__reason=reason, flags__outcome=FlagOutcome.OPEN)
    if board_id:
        items = items.filter(thread__topic__board_id=board_id)
    if older_than_hours:
        items = items.filter(queued_at__lte=timezone.now() - timezone.timedelta(hours=older_than_hours))
    open_flags = Flag.objects.filter(outcome=FlagOutcome.OPEN).select_related("reporter").order_by("created_at", "pk")
    return (
        items.distinct()
        .select_related("author", "thread", "thread__topic", "thread__topic__board", "thread__content_type")
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
        row["reporter_id"] for row in rows if row["total"] >= MIN_REPORTS and row["declined"] / row["total"] >= DECLINED_RATIO_NOTE
    }
