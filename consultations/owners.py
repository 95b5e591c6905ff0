"""Consultation pages take comments: their moderation owner, and telling the page's followers of a
new published comment."""

from __future__ import annotations

from django.dispatch import receiver

from forum_site.moderation import owners
from forum_site.moderation.signals import post_published
from forum_site.notifications.services import post_followers_notify


class ConsultationOwner(owners.Owner):
    key = "consultation"
    model = "consultations.ConsultationPage"
    comments = True
    cache_area = "consultations"

    def commentable(self):
        return self.model_class().objects.live().public()


CONSULTATIONS = owners.register(ConsultationOwner())


@receiver(post_published, sender=CONSULTATIONS, dispatch_uid="consultations-followers")
def _tell_followers(sender, post, url, **kwargs) -> None:
    post_followers_notify(post=post, targets=sender.follow_targets(post, owners.target_of(post.thread)), url=url)
