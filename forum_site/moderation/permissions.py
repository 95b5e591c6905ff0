"""Who may moderate and who may see what of a post (plain functions, tested directly)."""

from __future__ import annotations

from .models import Post, PostState


def can_moderate(user) -> bool:
    """Forum organisers and site admins: the queue and every moderator action."""
    return bool(user and user.is_authenticated and user.is_active and (user.is_superuser or user.has_perm("moderation.change_post")))


def can_see_post(user, post: Post) -> bool:
    """Published posts are public; the author also sees their own waiting, rejected or hidden posts."""
    if post.state == PostState.PUBLISHED:
        return True
    return bool(user and user.is_authenticated and (post.author_id == user.pk or can_moderate(user)))


def can_edit_post(user, post: Post) -> bool:
    return bool(
        user and user.is_authenticated and post.author_id == user.pk and post.state in (PostState.PENDING, PostState.PUBLISHED)
    )


def can_see_moderation_details(user, post: Post) -> bool:
    """The reasons a post waits or was refused: its author and the moderators only."""
    return bool(user and user.is_authenticated and (post.author_id == user.pk or can_moderate(user)))
