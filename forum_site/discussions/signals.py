"""The forum's cached pages (the "forum" area, core/cache.py) are retired by signals only: moderation's
post signals for replies and moderators' actions (moderation/receivers.py), and these for a topic's
own changes (created, pinned, renamed, removed)."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from forum_site.core.cache import area_changed

from .models import Topic


@receiver(post_save, sender=Topic, dispatch_uid="discussions-cache-topic-saved")
@receiver(post_delete, sender=Topic, dispatch_uid="discussions-cache-topic-deleted")
def _topic_changed(sender, **kwargs) -> None:
    area_changed("forum")
