"""This app's sections of a member's personal data (export and erasure); see forum_site/accounts/personal_data.py.

What a member wrote stays when they delete their account, shown as from "a former member": erasing
unlinks it, as the SET_NULL foreign keys would.
"""

from __future__ import annotations

from typing import Any

from forum_site.accounts.personal_data import Section, register

from .models import Flag, MemberSuspension, Post, PostRevision


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def _thread_titles(posts) -> dict[int, str]:
    """Each thread's title once, however many of the member's posts are in it."""
    titles: dict[int, str] = {}
    for post in posts:
        if post.thread_id not in titles:
            titles[post.thread_id] = str(post.thread)
    return titles


def posts_export(user) -> list[dict[str, Any]]:
    """Every post the member wrote, in any state, with where it is and the earlier wordings of their edits."""
    posts = list(
        Post.objects.filter(author=user)
        .select_related("thread")
        .prefetch_related("revisions", "thread__target")
        .order_by("created_at", "pk")
    )
    titles = _thread_titles(posts)
    return [
        {
            "id": post.pk,
            "where": titles[post.thread_id],
            "body": post.body,
            "state": post.state,
            "state_reason": post.state_reason,
            "created_at": _iso(post.created_at),
            "published_at": _iso(post.published_at),
            "edited_at": _iso(post.edited_at),
            "redacted": post.redacted,
            "earlier_wordings": [
                {"body": revision.body, "replaced_at": _iso(revision.created_at)}
                for revision in post.revisions.all()
                if revision.kind == PostRevision.Kind.EDIT
            ],
        }
        for post in posts
    ]


def posts_erase(user) -> None:
    Post.objects.filter(author=user).update(author=None)


def reports_export(user) -> list[dict[str, Any]]:
    """The member's reports of posts: which post, why, and what became of it (not the post's text, which is another member's)."""
    reports = list(
        Flag.objects.filter(reporter=user)
        .select_related("post__thread")
        .prefetch_related("post__thread__target")
        .order_by("created_at", "pk")
    )
    titles = _thread_titles([report.post for report in reports])
    return [
        {
            "post_id": report.post_id,
            "where": titles[report.post.thread_id],
            "reason": report.get_reason_display(),
            "note": report.matched,
            "reported_at": _iso(report.created_at),
            "outcome": report.outcome or "open",
            "resolved_at": _iso(report.resolved_at),
        }
        for report in reports
    ]


def reports_erase(user) -> None:
    Flag.objects.filter(reporter=user).update(reporter=None)


def suspensions_export(user) -> list[dict[str, Any]]:
    return [
        {
            "starts_at": _iso(suspension.starts_at),
            "ends_at": _iso(suspension.ends_at),
            "reason": suspension.reason,
            "lifted_at": _iso(suspension.lifted_at),
        }
        for suspension in MemberSuspension.objects.filter(user=user).order_by("starts_at", "pk")
    ]


def suspensions_erase(user) -> None:
    MemberSuspension.objects.filter(user=user).delete()


register(
    Section(
        key="forum_posts",
        title="Posts, replies and comments you wrote",
        export=posts_export,
        erase=posts_erase,
        covers=("moderation.Post.author",),
    )
)
register(
    Section(
        key="reports",
        title="Posts you reported",
        export=reports_export,
        erase=reports_erase,
        covers=("moderation.Flag.reporter",),
    )
)
register(
    Section(
        key="suspensions",
        title="Suspensions of your account",
        export=suspensions_export,
        erase=suspensions_erase,
        covers=("moderation.MemberSuspension.user",),
    )
)
