"""This app's sections of a member's personal data (export and erasure); see forum_site/accounts/personal_data.py.

Topics a member started stay when they delete their account, shown as from "a former member".
"""

from __future__ import annotations

from typing import Any

from forum_site.accounts.personal_data import Section, register

from .models import Topic


def topics_export(user) -> list[dict[str, Any]]:
    """The topics the member started; what they wrote in them is in the forum_posts section."""
    topics = Topic.objects.filter(author=user).select_related("board", "opening_post").order_by("created_at", "pk")
    return [
        {
            "id": topic.pk,
            "title": topic.title,
            "board": topic.board.title,
            "started_at": topic.created_at.isoformat(),
            "state": topic.opening_post.state if topic.opening_post else None,
            "opening_post_id": topic.opening_post_id,
            "replies": topic.reply_count,
        }
        for topic in topics
    ]


def topics_erase(user) -> None:
    Topic.objects.filter(author=user).update(author=None)


register(
    Section(
        key="forum_topics",
        title="Forum topics you started",
        export=topics_export,
        erase=topics_erase,
        covers=("discussions.Topic.author",),
    )
)
