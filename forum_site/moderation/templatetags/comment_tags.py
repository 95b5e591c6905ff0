"""{% comments_for target %}: the comments on an object, with the form for members. Drop it into the
page of any kind of object whose moderation owner takes comments (moderation/owners.py)."""

from __future__ import annotations

from django import template

from forum_site.moderation import owners, services
from forum_site.moderation.forms import PostBodyForm
from forum_site.moderation.selectors import marked_for_reader, posts_for_reader

register = template.Library()


@register.inclusion_tag("components/comments.html", takes_context=True)
def comments_for(context, target):
    request = context["request"]
    user = request.user
    thread = services.thread_for(target, create=False)
    comments = marked_for_reader(posts_for_reader(thread, user), user) if thread is not None else []
    # Kept cheap (the consultation page has a query budget): any signed-in reader gets the form; posting
    # checks the rest (member_required: a verified address; post_submit: not suspended, not locked).
    locked = thread is not None and thread.locked
    can_comment = user.is_authenticated and not locked
    return {
        "request": request,
        "user": user,
        "target": target,
        "target_type": owners.comment_key(target),
        "comments": comments,
        "is_member": user.is_authenticated,
        "locked": locked,
        "form": PostBodyForm(label="Your comment") if can_comment else None,
    }
