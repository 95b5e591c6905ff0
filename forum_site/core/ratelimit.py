"""A small fixed-window rate limit in the shared cache, for actions allauth's limits do not cover
(e.g. a visitor asking the site to email an address)."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache


def limit_exceeded(*, key: str, limit: int, window_seconds: int) -> bool:
    """Count one use of `key`; True once it has been used more than `limit` times in the window."""
    cache_key = f"ratelimit:{key}"
    if cache.add(cache_key, 1, timeout=window_seconds):
        return False
    try:
        return cache.incr(cache_key) > limit
    except ValueError:  # expired between add and incr
        cache.add(cache_key, 1, timeout=window_seconds)
        return False


def client_ip(request) -> str:
    """The visitor's address for rate limits. With TRUSTED_PROXY_COUNT = N proxies of ours in front, the
    N-th X-Forwarded-For entry from the right: the address our outermost proxy saw (entries to its left
    were written by the client and prove nothing). With 0, or a header shorter than N (a request that did
    not come through our proxies), the socket's address."""
    count = settings.TRUSTED_PROXY_COUNT
    if count > 0:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= count:
            return forwarded[-count]
    return request.META.get("REMOTE_ADDR", "")
