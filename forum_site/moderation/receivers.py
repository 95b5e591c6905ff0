"""Moderation's own reaction to its signals: retire the cached pages of the area the thread's owner
declares (Owner.cache_area). Counters and followers are the owning apps' receivers."""

from __future__ import annotations

from django.dispatch import receiver

from forum_site.core.cache import area_changed

from .signals import post_state_changed, thread_changed


@receiver(post_state_changed, dispatch_uid="moderation-cache-post")
@receiver(thread_changed, dispatch_uid="moderation-cache-thread")
def _retire_cached_pages(sender, **kwargs) -> None:
    if sender is not None:  # a thread with no owner is on no public page
        area_changed(sender.cache_area)
