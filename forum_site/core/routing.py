"""Wagtail's page routing, remembered between requests.

Wagtail finds the page for a URL by walking the page tree from the site's root: the site, then a read
of each page on the way and of its specific type (six queries for /forum/ehc-plans/topics/7/). Where a
URL leads changes only when a page is published, unpublished, moved, renamed or deleted, or a site or
page privacy changes, and each of those bumps the routes version (core/cache.py, core/signals.py). So
a route is remembered under that version, for the host, port and path: which site, and which page (its
id, type and URL path) the walk reached after how many path segments. Only plain values are stored, so
an entry never depends on the code or the models of the release that wrote it.

A remembered route costs one query: the page is read fresh by its id (so nothing it shows is ever
stale), it must still be at that URL path, and its own `route` runs on the rest of the path (a routable
page's sub-URL, the check that the page is live) exactly as at the end of Wagtail's walk. Anything
unexpected (the page gone or moved, a type that no longer exists) falls back to Wagtail's walk. Wagtail
reads the answer from the two request attributes its own routing caches it in (`Site.find_for_request`
and `Page.route_for_request` document them). Wagtail's privacy check (a before_serve_page hook) still
runs on every request. Only routes of answered requests (status below 400) are remembered, so made-up
URLs cannot fill the cache.

Those two attributes are Wagtail's private detail: settings.PAGE_ROUTE_CACHE (default on) switches the
shortcut off, and tests/core/test_routing.py pins that Wagtail still reads them.
"""

from __future__ import annotations

import hashlib
import logging

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.http import Http404
from django.utils import translation
from wagtail import views as wagtail_views
from wagtail.models import Site

from .cache import routes_version

logger = logging.getLogger(__name__)

ROUTE_SECONDS = 60 * 60
SITE_ATTRIBUTE = "_wagtail_site"
ROUTE_ATTRIBUTE = "_wagtail_route_for_request"
SITE_FIELDS = ("id", "hostname", "port", "site_name", "root_page_id", "is_default_site")


def _key(request, path: str) -> str:
    place = f"{request.get_host()}|{request.get_port()}|{translation.get_language()}|{path}"
    return f"page-route:{routes_version()}:{hashlib.sha256(place.encode()).hexdigest()[:32]}"


def _components(path: str) -> list[str]:
    return [component for component in path.split("/") if component]


def _route_from(request, path: str, remembered) -> tuple[Site, object] | None:
    """The site and Wagtail's route result for a remembered route, or None to walk the tree instead."""
    site_values, page_id, content_type_id, url_path, consumed = remembered
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    if model is None:
        return None
    try:  # get(), not first(): no ORDER BY to compile over every column of the page
        page = model._default_manager.get(pk=page_id)
    except model.DoesNotExist:
        return None
    if page.url_path != url_path:
        return None
    try:
        route = page.route(request, _components(path)[consumed:])
    except Http404:
        route = None
    return Site(**dict(zip(SITE_FIELDS, site_values, strict=True))), route


def _remembered(request, path: str, key: str) -> bool:
    """Sets Wagtail's request attributes from a remembered route; False when there is none to use."""
    remembered = cache.get(key)
    if remembered is None:
        return False
    try:
        found = _route_from(request, path, remembered)
    except Exception:  # an entry this code cannot read (written by another release): walk instead
        logger.warning("Ignoring a remembered route that could not be used", exc_info=True)
        found = None
    if found is None:
        cache.delete(key)
        return False
    site, route = found
    setattr(request, SITE_ATTRIBUTE, site)
    setattr(request, ROUTE_ATTRIBUTE, route)
    return True


def _remember(request, path: str, key: str) -> None:
    site = getattr(request, SITE_ATTRIBUTE, None)
    route = getattr(request, ROUTE_ATTRIBUTE, None)
    if site is None or route is None:
        return
    page = route[0]
    root = site.root_page
    consumed = page.depth - root.depth
    components = _components(path)
    # Only a page reached by its own slugs (every page of ours); one that a custom route() handed over
    # from elsewhere in the tree is left to Wagtail's walk each time.
    if consumed < 0 or page.url_path != root.url_path + "".join(f"{c}/" for c in components[:consumed]):
        return
    site_values = tuple(getattr(site, name) for name in SITE_FIELDS)
    cache.set(key, (site_values, page.pk, page.content_type_id, page.url_path, consumed), ROUTE_SECONDS)


class RouteCacheMiddleware:
    """Answers Wagtail's routing from the cache for requests that reach Wagtail's page-serving view."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        missed = getattr(request, "_route_cache_miss", None)
        if missed is not None and response.status_code < 400:
            _remember(request, *missed)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if view_func is not wagtail_views.serve or not settings.PAGE_ROUTE_CACHE:
            return None
        path = view_kwargs.get("path", view_args[0] if view_args else "")
        key = _key(request, path)
        if not _remembered(request, path, key):
            request._route_cache_miss = (path, key)
        return None
