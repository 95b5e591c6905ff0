"""Recommendations take comments: their moderation owner, and telling a recommendation's followers of
a new published comment."""

from __future__ import annotations

from django.dispatch import receiver

from forum_site.moderation import owners
from forum_site.moderation.signals import post_published
from forum_site.notifications.services import post_followers_notify


class RecommendationOwner(owners.Owner):
    key = "recommendation"
    model = "recommendations.Recommendation"
    comments = True
    cache_area = "tracker"
    target_prefetch = ("review",)

    def commentable(self):
        """Recommendations of a published review only."""
        return self.model_class().objects.filter(review__live=True)

    def title(self, target) -> str:
        return str(target)


RECOMMENDATIONS = owners.register(RecommendationOwner())


@receiver(post_published, sender=RECOMMENDATIONS, dispatch_uid="recommendations-followers")
def _tell_followers(sender, post, url, **kwargs) -> None:
    post_followers_notify(post=post, targets=sender.follow_targets(post, owners.target_of(post.thread)), url=url)
