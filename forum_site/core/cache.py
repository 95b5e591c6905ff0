"""Whole-page caching for anonymous visitors, invalidated whenever any page is published or changed.

Pages opt in with :class:`AnonymousCacheMixin`. The middleware answers a cached GET before Wagtail's
routing runs, for visitors without a session cookie only, so nothing personal (CSRF tokens, names,
messages) is ever cached or served to someone else. Every publish, unpublish, move or delete, and every
navigation change, bumps one version number, which retires every cached page at once.
"""

from __future__ import annotations

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse

VERSION_KEY = "anon-page-cache:version"
# Where URLs lead (core/routing.py): bumped only by page, privacy and site changes (core/signals.py),
# not by a new reply or a moderation action, which change what a page shows but not where it is.
ROUTES_VERSION_KEY = "page-routes:version"
RESPONSE_FLAG = "_anonymous_cache_seconds"
EXCLUDED_PREFIXES = ("/admin/", "/accounts/", "/my-account/", "/notifications/", "/posts/", "/documents/", "/static/", "/media/")


def _clock() -> int:
    """Milliseconds: more than any number of changes a site makes in the same span."""
    return time.time_ns() // 1_000_000


def _version(key: str) -> int:
    """A version number kept in the cache. If it was evicted (or the cache is new) it starts again from
    the clock, above any version that entries still in the cache can carry."""
    version = cache.get(key)
    if version is None:
        cache.add(key, _clock(), timeout=None)
        version = cache.get(key) or _clock()
    return version


def _bump(key: str) -> None:
    try:
        cache.incr(key)
    except ValueError:  # gone from the cache
        cache.set(key, _clock(), timeout=None)


def content_version() -> int:
    return _version(VERSION_KEY)


def content_changed(**kwargs) -> None:
    """Retire every cached page (connected to Wagtail's publish signals in core/signals.py)."""
    _bump(VERSION_KEY)


AREAS = ("forum", "consultations", "tracker", "site")


def area_changed(area: str) -> None:
    """Retire the cached pages of one area (forum, consultations, tracker, site chrome).

    Stub during issue 12: for now every area retires every page; the per-area versions replace it."""
    if area not in AREAS:
        raise ValueError(f"Unknown cache area {area!r}; one of {AREAS}")
    _bump(VERSION_KEY)


def routes_version() -> int:
    return _version(ROUTES_VERSION_KEY)


def routes_changed() -> None:
    """Forget every remembered route (core/routing.py): a page, its privacy or a site changed."""
    _bump(ROUTES_VERSION_KEY)


def _key(request) -> str:
    digest = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
    return f"anon-page-cache:{content_version()}:{request.get_host()}:{digest}"


def _eligible(request) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
        and not request.path.startswith(EXCLUDED_PREFIXES)
    )


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _eligible(request):
            return self.get_response(request)
        key = _key(request)
        cached = cache.get(key)
        if cached is not None:
            content, headers = cached
            response = HttpResponse(content)
            for name, value in headers:
                response[name] = value
            response["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        seconds = getattr(response, RESPONSE_FLAG, 0)
        user = getattr(request, "user", None)
        # A response that sets a cookie (a CSRF token, a session) is personal: never cached.
        if seconds and response.status_code == 200 and not response.cookies and not (user and user.is_authenticated):
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            headers = [(k, v) for k, v in response.items() if k.lower() not in ("set-cookie", "vary")]
            cache.set(key, (response.content, headers), timeout=seconds)
            response["X-Page-Cache"] = "miss"
        return response


def mark_cacheable(request, response, seconds: int):
    """Let the middleware cache this response for anonymous visitors for `seconds`."""
    if request.method == "GET" and not request.user.is_authenticated:
        setattr(response, RESPONSE_FLAG, seconds)
    return response


class AnonymousCacheMixin:
    """Mixin for Page classes whose public view is the same for every anonymous visitor."""

    def anonymous_cache_seconds(self) -> int:
        return 300

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        return mark_cacheable(request, response, self.anonymous_cache_seconds())
