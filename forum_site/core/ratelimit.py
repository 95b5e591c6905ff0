"""A small fixed-window rate limit in the shared cache, for actions allauth's limits do not cover
(e.g. a visitor asking the site to email an address)."""

from __future__ import annotations

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
    return request.META.get("REMOTE_ADDR", "")
