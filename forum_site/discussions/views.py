"""Public forum views, called from BoardIndexPage's and BoardPage's routes. Thin: services and
selectors do the work; templates only display.

Anonymous GETs are cached by the page cache (the pages' AnonymousCacheMixin marks them); nothing
personal is rendered for visitors (no form, no CSRF token), and every moderation change retires the cache.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from forum_site.accounts.decorators import member_required
from forum_site.accounts.permissions import can_act_as_member
from forum_site.moderation import selectors as moderation_selectors
from forum_site.moderation import services as moderation
from forum_site.moderation.models import PostState
from forum_site.moderation.views import rate_limited_response, waiting_message

from . import selectors, services
from .forms import ReplyForm, TopicForm
from .models import BoardIndexPage, BoardPage, Topic


def _context(page, **extra) -> dict:
    return {"page": page, "self": page, **extra}


# --- The forum's front page and search ---


@require_safe
def board_list(request, index: BoardIndexPage):
    boards = list(selectors.boards_for_index(index))
    return TemplateResponse(request, "discussions/board_index_page.html", _context(index, boards=boards))


@require_safe
def topic_search(request, index: BoardIndexPage):
    query = " ".join(request.GET.get("q", "").split())[: selectors.SEARCH_QUERY_MAX_LENGTH]
    results = None
    if query:
        results = selectors.page_of(
            selectors.topics_matching(index, query), request.GET.get("page"), selectors.SEARCH_RESULTS_PER_PAGE
        )
    return TemplateResponse(
        request,
        "discussions/topic_search.html",
        _context(index, query=query, results=results, query_string=urlencode({"q": query})),
    )


# --- A board ---


@require_safe
def topic_list(request, board: BoardPage):
    topics = selectors.page_of(selectors.topics_for_board(board), request.GET.get("page"), selectors.TOPICS_PER_PAGE)
    is_member = request.user.is_authenticated and can_act_as_member(request.user)
    return TemplateResponse(request, "discussions/board_page.html", _context(board, topics=topics, is_member=is_member))


@member_required
@require_http_methods(["GET", "POST"])
def topic_create(request, board: BoardPage):
    form = TopicForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            topic = services.topic_create(
                board=board, author=request.user, title=form.cleaned_data["title"], body=form.cleaned_data["body"]
            )
        except moderation.RateLimited as refusal:
            return rate_limited_response(request, message=str(refusal), location=board.url)
        except moderation.PostRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            post = topic.opening_post
            if post.state == PostState.PENDING:
                if moderation_selectors.post_rate_limited(post):
                    return rate_limited_response(
                        request,
                        message="You have posted a lot in a short time, so your new topic is waiting for a moderator. "
                        "Please slow down.",
                        location=topic.get_absolute_url(),
                    )
                waiting_message(request, post)
            return redirect(topic.get_absolute_url())
    return TemplateResponse(request, "discussions/topic_form.html", _context(board, form=form))


# --- A topic and its replies ---


def _topic_response(request, board: BoardPage, topic: Topic, *, page_number, reply_form=None, status: int = 200):
    user = request.user
    posts = selectors.page_of(
        moderation_selectors.posts_for_reader(topic.thread, user), page_number, selectors.POSTS_PER_PAGE
    )
    is_member = user.is_authenticated and can_act_as_member(user)
    suspension = moderation.active_suspension(user) if is_member else None
    posts.object_list = moderation_selectors.marked_for_reader(posts.object_list, user)
    can_reply = is_member and not topic.thread.locked and suspension is None
    if can_reply and reply_form is None:
        reply_form = ReplyForm()
    context = _context(
        board,
        topic=topic,
        posts=posts,
        is_member=is_member,
        can_reply=can_reply,
        suspension=suspension,
        reply_form=reply_form if (can_reply or (reply_form is not None and reply_form.is_bound)) else None,
    )
    return TemplateResponse(request, "discussions/topic_page.html", context, status=status)


@require_safe
def topic_detail(request, board: BoardPage, topic_id: int):
    topic = selectors.topic_for_board(board=board, topic_id=topic_id, user=request.user)
    return _topic_response(request, board, topic, page_number=request.GET.get("page"))


@require_POST
@member_required
def post_create(request, board: BoardPage, topic_id: int):
    topic = selectors.topic_for_board(board=board, topic_id=topic_id, user=request.user)
    form = ReplyForm(request.POST)
    if form.is_valid():
        try:
            post = moderation.post_submit(thread=topic.thread, author=request.user, body=form.cleaned_data["body"])
        except moderation.RateLimited as refusal:
            return rate_limited_response(request, message=str(refusal), location=topic.get_absolute_url())
        except moderation.PostRefused as refusal:
            # Locked or suspended: no reply box to point at, so the message stands alone in the summary.
            shut = topic.thread.locked or moderation.active_suspension(request.user) is not None
            form.add_error(None if shut else "body", str(refusal))
        else:
            location = selectors.post_url(topic, post, request.user)
            if post.state == PostState.PENDING:
                if moderation_selectors.post_rate_limited(post):
                    return rate_limited_response(
                        request,
                        message="You have posted a lot in a short time, so your reply is waiting for a moderator. "
                        "Please slow down.",
                        location=location,
                    )
                waiting_message(request, post)
            return redirect(location)
    return _topic_response(request, board, topic, page_number="last", reply_form=form)
