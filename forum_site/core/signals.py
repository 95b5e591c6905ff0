"""Cache invalidation: the header and footer navigation are cached until a page or the settings change."""

from __future__ import annotations

from django.core.cache import cache
from django.core.cache.utils import make_template_fragment_key
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_slug_changed, page_unpublished
from wagtail.signals import post_page_move as page_moved

from .cache import content_changed, routes_changed
from .models import NavigationSettings

NAV_FRAGMENTS = ("main", "footer")


def navigation_cache_clear(**kwargs) -> None:
    """Pages changed: drop the cached navigation, retire every cached anonymous page and forget every
    remembered route (a page may have moved, gone or become private)."""
    cache.delete_many([make_template_fragment_key("site_navigation", [part]) for part in NAV_FRAGMENTS])
    content_changed()
    routes_changed()


@receiver(post_save, sender=NavigationSettings)
@receiver(post_delete, sender=NavigationSettings)
def _settings_changed(sender, **kwargs):
    navigation_cache_clear()


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def _privacy_changed(sender, **kwargs):
    # Cached pages skip Wagtail's routing and its privacy check: retire them when privacy changes.
    navigation_cache_clear()


@receiver(post_save, sender=Site)
@receiver(post_delete, sender=Site)
def _site_changed(sender, **kwargs):
    # A new hostname or root page changes where every URL leads (remembered routes: core/routing.py).
    navigation_cache_clear()


@receiver(post_delete)
def _page_deleted(sender, instance, **kwargs):
    if isinstance(instance, Page):
        navigation_cache_clear()


page_published.connect(navigation_cache_clear, dispatch_uid="nav-cache-published")
page_unpublished.connect(navigation_cache_clear, dispatch_uid="nav-cache-unpublished")
page_slug_changed.connect(navigation_cache_clear, dispatch_uid="nav-cache-slug")
page_moved.connect(navigation_cache_clear, dispatch_uid="nav-cache-moved")
