"""Whole-page caching for anonymous visitors, in areas: one way to opt in, one way to retire.

Opting in: a Wagtail page class takes :class:`AnonymousCacheMixin` and names its ``cache_areas``; a
plain Django view (the tracker's JSON API) takes the :func:`cached_for_visitors` decorator. Both mark
the request the same way (the page mixin through Wagtail's ``on_serve_page`` hook, so a routable page's
sub-URLs are covered exactly like a plain page), and :class:`AnonymousPageCacheMiddleware` stores the
response. It answers a cached GET before Wagtail's routing runs, for visitors without a session or
messages cookie only, so nothing personal (CSRF tokens, names, messages) is ever cached or served to
someone else. A response that sets a cookie, streams, or is not a 200 is never stored.

Retiring: each area ("forum", "consultations", "tracker", and "site" for the chrome every page shares:
header, navigation, footer, breadcrumbs) has its own version number. A cached page is valid while the
versions of its areas and of "site" are those it was stored under. Only signal receivers call
:func:`area_changed`, each app registering its own: moderation's post signals retire the area of the
thread's owner (a forum reply retires forum pages only), the tracker's model signals retire "tracker",
Wagtail's page signals (core/signals.py) retire the published page's areas, and "site" for a page in
the menus, a structural change (unpublish, move, rename, delete, privacy, a site) or the navigation.
docs/deployment.md has the table of what is cached, who opts in and what retires it.
"""

from __future__ import annotations

import functools
import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse

AREAS = ("forum", "consultations", "tracker", "site")
SITE = "site"
_VERSION_KEYS = {area: f"anon-page-cache:version:{area}" for area in AREAS}
# Where URLs lead (core/routing.py): retired only by page, privacy and site changes (core/signals.py),
# not by a new reply or a moderation action, which change what a page shows but not where it is.
ROUTES_VERSION_KEY = "page-routes:version"
REQUEST_FLAG = "_anonymous_cache"  # (seconds, areas) set on the request by the page hook or the decorator
EXCLUDED_PREFIXES = (
    "/admin/",
    "/accounts/",
    "/my-account/",
    "/notifications/",
    "/posts/",
    "/documents/",
    "/static/",
    "/media/",
)


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


def _check_area(area: str) -> str:
    if area not in AREAS:
        raise ValueError(f"Unknown cache area {area!r}; one of {AREAS}")
    return area


def area_version(area: str) -> int:
    """The area's version, for anything else cached per area (the tracker's list fragment)."""
    return _version(_VERSION_KEYS[_check_area(area)])


def area_changed(area: str) -> None:
    """Retire the cached pages of one area; "site" retires every cached page. Called by signal receivers."""
    _bump(_VERSION_KEYS[_check_area(area)])


def routes_version() -> int:
    return _version(ROUTES_VERSION_KEY)


def routes_changed() -> None:
    """Forget every remembered route (core/routing.py): a page, its privacy or a site changed."""
    _bump(ROUTES_VERSION_KEY)


# --- Opting in ------------------------------------------------------------------------------------


def _mark(request, seconds: int, areas) -> None:
    if seconds and request.method in ("GET", "HEAD") and not request.user.is_authenticated:
        setattr(request, REQUEST_FLAG, (int(seconds), tuple(_check_area(a) for a in areas)))


class AnonymousCacheMixin:
    """For Page classes whose public view is the same for every anonymous visitor. ``cache_areas``
    names the areas whose changes retire it ("site" always does)."""

    cache_areas: tuple[str, ...] = (SITE,)

    def anonymous_cache_seconds(self, request) -> int:
        """How long the page may be served from the cache; 0 for a sub-URL that must not be (a
        routable page can look at ``request.routable_resolver_match``)."""
        return 300


def cached_for_visitors(*, areas: tuple[str, ...], seconds):
    """The decorator for a plain Django view: ``seconds`` is a number or a callable returning one."""
    for area in areas:
        _check_area(area)

    def decorate(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            _mark(request, seconds() if callable(seconds) else seconds, areas)
            return view(request, *args, **kwargs)

        return wrapped

    return decorate


def serve_marking(next_serve):
    """Wagtail's ``on_serve_page`` hook (core/wagtail_hooks.py): marks a cacheable page's request before
    it is served, plain and routable pages alike (Wagtail calls it for every page it serves, after its
    privacy check, and never for previews)."""

    def serve(page, request, args, kwargs):
        if isinstance(page, AnonymousCacheMixin):
            _mark(request, page.anonymous_cache_seconds(request), page.cache_areas)
        return next_serve(page, request, args, kwargs)

    return serve


# --- The middleware -------------------------------------------------------------------------------


def _key(request) -> str:
    digest = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
    return f"anon-page-cache:{request.get_host()}:{digest}"


def _eligible(request) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
        and not request.path.startswith(EXCLUDED_PREFIXES)
    )


def _current_versions(found: dict) -> dict[str, int]:
    """Every area's version, from one get_many (a version missing from it starts again from the clock)."""
    return {area: found.get(key) or _version(key) for area, key in _VERSION_KEYS.items()}


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _eligible(request):
            return self.get_response(request)
        key = _key(request)
        found = cache.get_many([key, *_VERSION_KEYS.values()])  # one round trip for the entry and every version
        versions = _current_versions(found)
        cached = found.get(key)
        if cached is not None:
            stored_versions, content, headers = cached
            if all(versions[area] == number for area, number in stored_versions.items()):
                response = HttpResponse(content)
                for name, value in headers:
                    response[name] = value
                response["X-Page-Cache"] = "hit"
                return response
        response = self.get_response(request)
        mark = getattr(request, REQUEST_FLAG, None)
        user = getattr(request, "user", None)
        # A response that sets a cookie (a CSRF token, a session) is personal: never cached.
        if (
            mark
            and response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not (user and user.is_authenticated)
        ):
            seconds, areas = mark
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            headers = [(k, v) for k, v in response.items() if k.lower() not in ("set-cookie", "vary")]
            # The versions read before the page was built: a change made meanwhile retires this entry.
            stored_versions = {area: versions[area] for area in {*areas, SITE}}
            cache.set(key, (stored_versions, response.content, headers), timeout=seconds)
            response["X-Page-Cache"] = "miss"
        return response
