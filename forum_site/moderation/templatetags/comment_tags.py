"""{% comments_for target %}: the comments on a consultation page or a recommendation, with the form
for members. Drop it into any page of a kind listed in moderation/comment_targets.py."""

from __future__ import annotations

from django import template

from forum_site.discussions.selectors import marked_for_reader, posts_for_reader
from forum_site.moderation import services
from forum_site.moderation.comment_targets import comment_target_key
from forum_site.moderation.forms import PostBodyForm

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
        "target_type": comment_target_key(target),
        "comments": comments,
        "is_member": user.is_authenticated,
        "locked": locked,
        "form": PostBodyForm(label="Your comment") if can_comment else None,
    }
