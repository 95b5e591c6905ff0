"""{% comments_for target %}: the comments on a consultation page or a recommendation, with the form
for members. Drop it into any page of a kind listed in moderation/comment_targets.py."""

from __future__ import annotations

from django import template

from forum_site.accounts.permissions import can_act_as_member
from forum_site.discussions.selectors import posts_for_reader
from forum_site.moderation import services
from forum_site.moderation.comment_targets import comment_target_key
from forum_site.moderation.forms import PostBodyForm
from forum_site.moderation.models import PostState

register = template.Library()


@register.inclusion_tag("components/comments.html", takes_context=True)
def comments_for(context, target):
    request = context["request"]
    user = request.user
    thread = services.thread_for(target, create=False)
    comments = list(posts_for_reader(thread, user)) if thread is not None else []
    for comment in comments:
        comment.mine = user.is_authenticated and comment.author_id == user.pk
        comment.waiting_reasons = (
            services.post_waiting_reasons(comment) if comment.mine and comment.state == PostState.PENDING else []
        )
    is_member = user.is_authenticated and can_act_as_member(user)
    suspension = services.active_suspension(user) if is_member else None
    locked = thread is not None and thread.locked
    can_comment = is_member and not locked and suspension is None
    return {
        "request": request,
        "user": user,
        "target": target,
        "target_type": comment_target_key(target),
        "comments": comments,
        "is_member": is_member,
        "locked": locked,
        "suspension": suspension,
        "form": PostBodyForm(label="Your comment") if can_comment else None,
    }
