"""Wagtail's page routing, remembered between requests.

Wagtail finds the page for a URL by walking the page tree from the site's root: the site, then a read
of each page on the way and of its specific type (seven queries for /forum/ehc-plans/topics/7/). Where a
URL leads changes only when a page is published, unpublished, moved, renamed or deleted, or a site or
page privacy changes, and each of those bumps the content version of the page cache (core/cache.py,
core/signals.py). So a route is remembered under that version, for the host and path: the site, and
which page (its id and type) the walk reached after how many path segments.

A remembered route costs one query: the page is read fresh by its id (so nothing it shows is ever
stale), and its own `route` runs on the rest of the path (a routable page's sub-URL, the check that
the page is live) exactly as at the end of Wagtail's walk. Wagtail reads the answer from the two
request attributes its own routing caches it in (`Site.find_for_request` and
`Page.route_for_request` document them). Wagtail's privacy check (a before_serve_page hook) still runs
on every request.
"""

from __future__ import annotations

import hashlib

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.http import Http404
from wagtail import views as wagtail_views

from .cache import content_version

ROUTE_SECONDS = 60 * 60
SITE_ATTRIBUTE = "_wagtail_site"
ROUTE_ATTRIBUTE = "_wagtail_route_for_request"


def _key(request, path: str) -> str:
    digest = hashlib.sha256(f"{request.get_host()}|{path}".encode()).hexdigest()[:32]
    return f"page-route:{content_version()}:{digest}"


def _components(path: str) -> list[str]:
    return [component for component in path.split("/") if component]


def _remembered(request, path: str, key: str) -> bool:
    """Sets Wagtail's request attributes from a remembered route; False when there is none to use."""
    remembered = cache.get(key)
    if remembered is None:
        return False
    site, page_id, content_type_id, consumed = remembered
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    if model is None:
        return False
    try:  # get(), not first(): no ORDER BY to compile over every column of the page
        page = model._default_manager.get(pk=page_id)
    except model.DoesNotExist:
        return False
    try:
        route = page.route(request, _components(path)[consumed:])
    except Http404:
        route = None
    setattr(request, SITE_ATTRIBUTE, site)
    setattr(request, ROUTE_ATTRIBUTE, route)
    return True


def _remember(request, path: str, key: str) -> None:
    site = getattr(request, SITE_ATTRIBUTE, None)
    route = getattr(request, ROUTE_ATTRIBUTE, None)
    if site is None or route is None:
        return  # no page here (a 404): not remembered, so a mistyped URL costs the cache nothing
    page = route[0]
    consumed = page.depth - site.root_page.depth
    components = _components(path)
    # Only a page reached by its own slugs (every page of ours); one that a custom route() handed over
    # from elsewhere in the tree is left to Wagtail's walk each time.
    if consumed < 0 or page.url_path != site.root_page.url_path + "".join(f"{c}/" for c in components[:consumed]):
        return
    cache.set(key, (site, page.pk, page.content_type_id, consumed), ROUTE_SECONDS)


class RouteCacheMiddleware:
    """Answers Wagtail's routing from the cache for requests that reach Wagtail's page-serving view."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        missed = getattr(request, "_route_cache_miss", None)
        if missed is not None:
            _remember(request, *missed)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if view_func is not wagtail_views.serve:
            return None
        path = view_kwargs.get("path", view_args[0] if view_args else "")
        key = _key(request, path)
        if not _remembered(request, path, key):
            request._route_cache_miss = (path, key)
        return None
