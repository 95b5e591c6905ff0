"""Cache invalidation for pages and the site's chrome (core/cache.py's areas).

A published page retires its own areas (``cache_areas``), and "site" (every cached page) when it is in
the menus, is a site's root, or caches nothing itself. A structural change (unpublished, renamed,
moved, deleted, made private, a site or the navigation changed) retires "site", the cached navigation
and every remembered route (core/routing.py)."""

from __future__ import annotations

from django.core.cache import cache
from django.core.cache.utils import make_template_fragment_key
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_slug_changed, page_unpublished
from wagtail.signals import post_page_move as page_moved

from .cache import SITE, area_changed, routes_changed
from .models import NavigationSettings

NAV_FRAGMENTS = ("main", "footer")


def _navigation_forget() -> None:
    cache.delete_many([make_template_fragment_key("site_navigation", [part]) for part in NAV_FRAGMENTS])
    routes_changed()


def navigation_cache_clear(**kwargs) -> None:
    """The site's structure changed: drop the cached navigation, retire every cached anonymous page and
    forget every remembered route (a page may have moved, gone or become private)."""
    _navigation_forget()
    area_changed(SITE)


def page_areas(page) -> set[str]:
    """The areas a published change to `page` retires."""
    areas = set(getattr(page, "cache_areas", ()))
    if not areas or page.show_in_menus or page.depth <= 2:
        areas.add(SITE)
    return areas


def _page_published(sender, instance, **kwargs) -> None:
    _navigation_forget()  # a new page's first route, or a new title in the menus
    for area in page_areas(instance):
        area_changed(area)


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


page_published.connect(_page_published, dispatch_uid="nav-cache-published")
page_unpublished.connect(navigation_cache_clear, dispatch_uid="nav-cache-unpublished")
page_slug_changed.connect(navigation_cache_clear, dispatch_uid="nav-cache-slug")
page_moved.connect(navigation_cache_clear, dispatch_uid="nav-cache-moved")
