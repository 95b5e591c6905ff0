"""What members do to posts from the public pages: edit or withdraw their own, report someone else's,
and write comments on whatever an owner (owners.py) opens to comments. Thin: services decide, selectors read.

Another member's post that is not published is simply not found; a member never sees the moderation
details (flags, reasons, matched text) of anyone else's post.
"""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from forum_site.accounts.decorators import member_required

from . import owners, selectors, services
from .forms import PostBodyForm, ReportForm
from .models import TRANSITIONS, Post, PostState
from .permissions import can_edit_post


def rate_limited_response(request, *, message: str, location: str = ""):
    """HTTP 429 with a readable page: the member is posting too fast."""
    return TemplateResponse(
        request, "moderation/rate_limited.html", {"message": message, "location": location}, status=429
    )


def waiting_message(request, post: Post) -> None:
    """Tell the author why their post waits (the friendly reasons only, never the matched text)."""
    reasons = services.post_waiting_reasons(post)
    because = f" because {' and '.join(reasons)}" if reasons else ""
    messages.info(request, f"Your post is waiting for a moderator{because}. Only you can see it until then.")


def post_back_url(post: Post, user) -> str:
    """Where to send the member after acting on a post: the post on its page (the right page of a topic)."""
    owner = owners.owner_for_thread(post.thread)
    if owner is None:
        return "/"
    return owner.back_url(post, owners.target_of(post.thread), user)


def post_breadcrumbs(post: Post) -> list[dict]:
    """The trail above a page about a post: down to the topic or page it is on."""
    owner = owners.owner_for_thread(post.thread)
    if owner is None:
        return [{"title": "Home", "url": "/"}]
    return owner.breadcrumbs(owners.target_of(post.thread))


def _post_context(request, post: Post, **extra) -> dict:
    return {"post": post, "back_url": post_back_url(post, request.user), "crumbs": post_breadcrumbs(post), **extra}


def _refused(request, post: Post, message: str, status: int = 403):
    return TemplateResponse(
        request, "moderation/refused.html", _post_context(request, post, message=message), status=status
    )


def _own_post(request, post_id: int) -> Post:
    post = get_object_or_404(Post.objects.select_related("thread", "author"), pk=post_id)
    if post.author_id != request.user.pk or post.state == PostState.WITHDRAWN:
        raise Http404("No such post")
    return post


@never_cache
@member_required
@require_http_methods(["GET", "POST"])
def post_edit(request, post_id: int):
    post = _own_post(request, post_id)
    if not can_edit_post(request.user, post):
        return _refused(request, post, "This post can no longer be edited.")
    form = PostBodyForm(
        request.POST if request.method == "POST" else None, initial={"body": post.body}, label="Your post"
    )
    if request.method == "POST" and form.is_valid():
        try:
            post = services.post_edit(post=post, editor=request.user, body=form.cleaned_data["body"])
        except services.ModerationError as refusal:
            form.add_error("body", str(refusal))
        else:
            if post.state == PostState.PENDING:
                waiting_message(request, post)
            else:
                messages.success(request, "Your post is updated.")
            return redirect(post_back_url(post, request.user))
    return TemplateResponse(request, "moderation/post_edit.html", _post_context(request, post, form=form))


@never_cache
@member_required
@require_http_methods(["GET", "POST"])
def post_withdraw(request, post_id: int):
    post = _own_post(request, post_id)
    if PostState.WITHDRAWN not in TRANSITIONS[post.state]:
        return _refused(request, post, "This post cannot be withdrawn.")
    if request.method == "POST":
        try:
            post = services.post_withdraw(post=post, user=request.user)
        except services.ModerationError as refusal:
            return _refused(request, post, str(refusal), status=409)
        messages.success(request, "Your post has been withdrawn. Nobody can see it now.")
        return redirect(post_back_url(post, request.user))
    return TemplateResponse(request, "moderation/post_withdraw.html", _post_context(request, post))


@never_cache
@member_required
@require_http_methods(["GET", "POST"])
def post_report(request, post_id: int):
    post = get_object_or_404(Post.objects.select_related("thread", "author"), pk=post_id, state=PostState.PUBLISHED)
    if post.author_id == request.user.pk:
        return _refused(request, post, "You cannot report your own post; you can edit or withdraw it.")
    form = ReportForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.post_report(
                post=post, reporter=request.user, reason=form.cleaned_data["reason"], note=form.cleaned_data["note"]
            )
        except services.ModerationError as refusal:
            field = "note" if "note" in str(refusal) else None
            form.add_error(field, str(refusal))
        else:
            messages.success(
                request,
                "Thank you for your report. A moderator will look at the post, and we will email you the outcome.",
            )
            return redirect(post_back_url(post, request.user))
    return TemplateResponse(request, "moderation/post_report.html", _post_context(request, post, form=form))


@never_cache
@require_POST
@member_required
def comment_create(request, target_type: str, target_id: int):
    target = owners.comment_target(target_type, target_id)
    owner = owners.owner_for_key(target_type)
    form = PostBodyForm(request.POST, label="Your comment")
    back_url = owner.url(target) or "/"
    if form.is_valid():
        try:
            with transaction.atomic():  # a refused comment leaves no empty thread behind
                thread = services.thread_for(target)
                post = services.post_submit(thread=thread, author=request.user, body=form.cleaned_data["body"])
        except services.RateLimited as refusal:
            return rate_limited_response(request, message=str(refusal), location=back_url)
        except services.PostRefused as refusal:
            form.add_error("body", str(refusal))
        else:
            location = selectors.post_location(post, request.user)
            if post.state == PostState.PENDING:
                if selectors.post_rate_limited(post):
                    return rate_limited_response(
                        request,
                        message="You have posted a lot in a short time, so your comment is waiting for a moderator. "
                        "Please slow down.",
                        location=location,
                    )
                waiting_message(request, post)
            else:
                messages.success(request, "Your comment is published.")
            return redirect(location)
    return TemplateResponse(
        request,
        "moderation/comment_form.html",
        {
            "form": form,
            "target": target,
            "target_type": target_type,
            "back_url": back_url,
            "crumbs": owner.breadcrumbs(target),
        },
    )
