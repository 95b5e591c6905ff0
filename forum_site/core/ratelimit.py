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
    """The visitor's address. Behind the load balancer (see docs/deployment.md) that is the last
    X-Forwarded-For entry, the one our own proxy added; otherwise the socket's address."""
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    return forwarded[-1] if forwarded else request.META.get("REMOTE_ADDR", "")
