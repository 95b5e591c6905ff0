"""Forum topics as moderation owners: what moderation asks of a topic, and what the forum does when
moderation reports a change (keeps the topic's counters, tells the topic's and the board's followers)."""

from __future__ import annotations

from django.db.models import Count, Max, Q
from django.dispatch import receiver
from django.urls import reverse

from forum_site.moderation import owners
from forum_site.moderation.models import Post, PostState
from forum_site.moderation.signals import post_published, post_state_changed
from forum_site.notifications.services import post_followers_notify


class TopicOwner(owners.Owner):
    key = "topic"
    model = "discussions.Topic"
    comments = False  # replies go through the forum's own reply form
    group_label = "Board"
    target_prefetch = ("board",)
    cache_area = "forum"

    def title(self, target) -> str:
        return target.title

    def where(self, target) -> tuple[str, str]:
        return target.board.title, target.title

    def url(self, target) -> str:
        return target.get_absolute_url()

    def post_url(self, post, target, user=None) -> str:
        """On the page of replies where the reader finds it: ?page=2#post-35."""
        from .selectors import post_url

        return post_url(target, post, user)

    def back_url(self, post, target, user) -> str:
        if post.state == PostState.WITHDRAWN:
            return target.board.url if post.is_opening else target.get_absolute_url()
        return self.post_url(post, target, user)

    def premoderated(self, thread, target) -> bool:
        return target.board.premoderated

    def breadcrumbs(self, target) -> list[dict]:
        from forum_site.core.templatetags.core_tags import page_breadcrumbs

        return [
            *page_breadcrumbs(target.board, include_self=True),
            {"title": target.title, "url": target.get_absolute_url()},
        ]

    def groups(self) -> list[tuple[int, str]]:
        from .models import BoardPage

        return list(BoardPage.objects.order_by("title").values_list("pk", "title"))

    def targets_in_group(self, group_id: int):
        from .models import Topic

        return Topic.objects.filter(board_id=group_id)

    def follow_targets(self, post, target) -> list[tuple[object, str]]:
        if post.is_opening:
            return [(target.board, f"New topic in {target.board.title}: {target.title}")]
        return [(target, f"New reply in {target.title}")]

    def admin_links(self, target) -> list[tuple[str, str]]:
        return [("Pin or unpin this topic", reverse("forum_admin:topic", args=[target.pk]))]


TOPICS = owners.register(TopicOwner())


def topic_counters_refresh(thread) -> None:
    """A topic's published replies and the time of its latest published post (kept on the topic so the
    board's list is one query)."""
    from .models import Topic

    stats = Post.objects.filter(thread=thread, state=PostState.PUBLISHED).aggregate(
        replies=Count("pk", filter=Q(is_opening=False)), last=Max("published_at")
    )
    Topic.objects.filter(thread=thread).update(reply_count=stats["replies"], last_activity_at=stats["last"])


@receiver(post_state_changed, sender=TOPICS, dispatch_uid="discussions-counters")
def _counters(sender, post, **kwargs) -> None:
    topic_counters_refresh(post.thread)


@receiver(post_published, sender=TOPICS, dispatch_uid="discussions-followers")
def _tell_followers(sender, post, url, **kwargs) -> None:
    post_followers_notify(post=post, targets=sender.follow_targets(post, owners.target_of(post.thread)), url=url)
