"""Reads for the forum's public pages. Each list is a fixed number of queries, whatever its length."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Count, Exists, F, Max, OuterRef, Prefetch, Q, prefetch_related_objects
from django.http import Http404

from forum_site.moderation.models import Flag, FlagOutcome, Post, PostState
from forum_site.moderation.selectors import visible_posts_for
from forum_site.moderation.services import post_waiting_reasons

from .models import BoardIndexPage, BoardPage, Topic

TOPICS_PER_PAGE = 25
# 25 replies a page, as on most forums (Discourse loads 20 at a time): a page that is quick on a phone
# and short enough to move through with a screen reader.
POSTS_PER_PAGE = 25
SEARCH_RESULTS_PER_PAGE = 25
SEARCH_QUERY_MAX_LENGTH = 200


def page_of(items, number, per_page: int):
    """One page of a list; a missing, non-numeric or out-of-range ?page gives the first or last page."""
    paginator = Paginator(items, per_page)
    if number == "last":
        number = paginator.num_pages
    return paginator.get_page(number)


def boards_for_index(index: BoardIndexPage):
    """The live boards with their number of visible topics and the time of the latest published post."""
    visible = Q(topics__opening_post__state=PostState.PUBLISHED)
    return (
        BoardPage.objects.child_of(index)
        .live()
        .public()
        .annotate(topic_total=Count("topics", filter=visible), latest_activity=Max("topics__last_activity_at", filter=visible))
        .order_by("path")
    )


def topics_for_board(board: BoardPage):
    """Visible topics: pinned first, then latest activity."""
    return Topic.objects.visible().filter(board=board).select_related("author", "thread", "board").order_by(
        "-pinned", "-last_activity_at", "-pk"
    )


def topics_matching(index: BoardIndexPage, query: str):
    """Visible topics on the index's live boards whose title or a published post contains `query`."""
    matching_post = Post.objects.filter(thread=OuterRef("thread"), state=PostState.PUBLISHED, body__icontains=query)
    boards = BoardPage.objects.child_of(index).live().public()
    return (
        Topic.objects.visible()
        .filter(board__in=boards)
        .filter(Q(title__icontains=query) | Exists(matching_post))
        .select_related("author", "board", "thread")
        .order_by("-last_activity_at", "-pk")
    )


def topic_for_board(*, board: BoardPage, topic_id: int, user) -> Topic:
    """The topic if it belongs to this board and its opening post is visible to the user; else 404."""
    try:  # get(), not first(): no ORDER BY to compile
        topic = Topic.objects.select_related("thread", "opening_post").get(board_id=board.pk, pk=topic_id)
    except Topic.DoesNotExist:
        raise Http404("No such topic") from None
    opening = topic.opening_post
    own = opening is not None and user.is_authenticated and opening.author_id == user.pk
    # As visible_posts_for: published, or the reader's own that waits, was refused or hidden.
    if opening is None or not (opening.state == PostState.PUBLISHED or (own and opening.state != PostState.WITHDRAWN)):
        raise Http404("No such topic")
    topic.board = board  # the page the request was routed to: no second read of it
    return topic


# What a post shows on a page (components/post.html) and what its cached HTML is keyed on (post_tags);
# of the author only the display name, as `author_display_name` (no user objects to build).
POST_SHOWN_FIELDS = (
    "id", "thread_id", "author_id", "body", "state", "state_reason", "created_at", "edited_at", "redacted",
)


def posts_for_reader(thread, user):
    """Published posts plus the reader's own waiting, refused or hidden posts (see `marked_for_reader`),
    with only what a page shows of them."""
    return (
        visible_posts_for(thread, user)
        .only(*POST_SHOWN_FIELDS)
        .annotate(author_display_name=F("author__display_name"))
    )


def marked_for_reader(posts, user) -> list[Post]:
    """The posts as a list, each with `.mine` (the reader wrote it: edit and withdraw links) and
    `.waiting_reasons` (why the reader's own post waits for a moderator). The open check flags are read
    in one query, only when the reader has a waiting post among these; nobody else's flags are loaded."""
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


def post_page_number(post: Post, user) -> int:
    """Which page of its topic a post is on, for the reader."""
    before = (
        visible_posts_for(post.thread, user)
        .filter(Q(created_at__lt=post.created_at) | Q(created_at=post.created_at, pk__lt=post.pk))
        .count()
    )
    return before // POSTS_PER_PAGE + 1


def post_url(topic: Topic, post: Post, user) -> str:
    """The address of a post on its topic's page (the right page of replies), with its anchor."""
    number = post_page_number(post, user)
    query = f"?page={number}" if number > 1 else ""
    return f"{topic.get_absolute_url()}{query}#post-{post.pk}"
