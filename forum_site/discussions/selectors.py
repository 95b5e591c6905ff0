"""Reads for the forum's public pages. Each list is a fixed number of queries, whatever its length."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Count, Exists, Max, OuterRef, Q
from django.http import Http404

from forum_site.moderation.models import Post, PostState
from forum_site.moderation.selectors import post_position

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
        .annotate(
            topic_total=Count("topics", filter=visible), latest_activity=Max("topics__last_activity_at", filter=visible)
        )
        .order_by("path")
    )


def topics_for_board(board: BoardPage):
    """Visible topics: pinned first, then latest activity."""
    return (
        Topic.objects.visible()
        .filter(board=board)
        .select_related("author", "thread", "board")
        .order_by("-pinned", "-last_activity_at", "-pk")
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


def post_page_number(post: Post, user) -> int:
    """Which page of its topic a post is on, for the reader (None: the public)."""
    return post_position(post, user) // POSTS_PER_PAGE + 1


def post_url(topic: Topic, post: Post, user) -> str:
    """The address of a post on its topic's page (the right page of replies), with its anchor."""
    number = post_page_number(post, user)
    query = f"?page={number}" if number > 1 else ""
    return f"{topic.get_absolute_url()}{query}#post-{post.pk}"
