"""Who may moderate and who may see what of a post (plain functions, tested directly)."""

from __future__ import annotations

from .models import Post, PostState


def can_moderate(user) -> bool:
    """Forum organisers and site admins: the queue and every moderator action."""
    return bool(
        user
        and user.is_authenticated
        and user.is_active
        and (user.is_superuser or user.has_perm("moderation.change_post"))
    )


def can_edit_post(user, post: Post) -> bool:
    return bool(
        user
        and user.is_authenticated
        and post.author_id == user.pk
        and post.state in (PostState.PENDING, PostState.PUBLISHED)
    )
