"""Redis as the cache, and the database while Redis is down or slow.

Django's own Redis backend raises on every call when Redis stops, and every request reads the cache first,
so one Redis outage stopped the whole site. This backend:

- sets connect and read timeouts well under a second (a hung Redis costs at most one timeout);
- on any Redis error, opens a circuit for ``RETRY_SECONDS``: calls go straight to the fallback cache (a
  ``DatabaseCache``, alias ``fallback``) without waiting on Redis, and the error is logged once;
- when the circuit is due to close, the next call tries Redis again; if it answers, Redis is flushed
  before use and the fallback is emptied, because writes made during the outage (a session signed out,
  a page version bumped) went to the fallback, and what Redis still holds from before could be stale.
  The fallback is also emptied when an outage starts, so nothing left from an earlier one is read.

So everything keeps working while Redis is away, slower: the anonymous page cache, remembered routes,
post fragments, sessions (the cached_db engine reads the database on a miss) and rate-limit counters,
ours and allauth's, which count in the database meanwhile (sign-in stays limited; nobody is locked out).
Nothing is lost: the cache holds nothing that is not also in the database or cheap to recompute.
The REDIS_URL database must be this site's alone (it is flushed on recovery). docs/deployment.md says so.
"""

from __future__ import annotations

import logging
import threading
import time

from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# Sent to redis-py's connection pool: a dead host fails fast, a hung one cannot hold a request.
DEFAULT_OPTIONS = {"socket_connect_timeout": 0.3, "socket_timeout": 0.5}
FAILURES = (RedisError, OSError)


class _Circuit:
    """Per process and per Redis location: whether Redis is being skipped, and until when."""

    def __init__(self, retry_seconds: float):
        self.retry_seconds = retry_seconds
        self.open_until = 0.0  # 0: closed (Redis in use)
        self.lock = threading.Lock()

    def skipping(self) -> bool:
        return self.open_until > 0 and time.monotonic() < self.open_until

    def half_open(self) -> bool:
        return self.open_until > 0

    def trip(self, location: str, error: BaseException) -> bool:
        """Skip Redis for the next retry_seconds; True when this starts an outage (Redis was in use)."""
        with self.lock:
            first = self.open_until == 0
            self.open_until = time.monotonic() + self.retry_seconds
        if first:  # logged once per outage, not once per call
            logger.warning(
                "Cache at %s is unavailable (%s: %s); using the database instead and retrying every %s s.",
                location,
                type(error).__name__,
                error,
                self.retry_seconds,
            )
        return first

    def close(self) -> bool:
        """Mark Redis usable again; True for the one caller that must flush."""
        with self.lock:
            if self.open_until == 0:
                return False
            self.open_until = 0.0
            return True


_circuits: dict[str, _Circuit] = {}
_circuits_lock = threading.Lock()


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        params = dict(params)
        options = {**DEFAULT_OPTIONS, **params.get("OPTIONS", {})}
        self._fallback_alias = options.pop("FALLBACK", "fallback")
        retry_seconds = float(options.pop("RETRY_SECONDS", 5))
        params["OPTIONS"] = options
        super().__init__(server, params)
        self._location = server if isinstance(server, str) else ",".join(server)
        with _circuits_lock:
            self._circuit = _circuits.setdefault(self._location, _Circuit(retry_seconds))

    @property
    def _fallback(self):
        return caches[self._fallback_alias]

    def _redis_usable(self) -> bool:
        circuit = self._circuit
        if circuit.skipping():
            return False
        if circuit.half_open():
            try:
                super().clear()  # the probe: if Redis answers, it starts empty
            except FAILURES as error:
                circuit.trip(self._location, error)
                return False
            if circuit.close():
                self._fallback.clear()
                logger.warning("Cache at %s is back; flushed it and emptied the database fallback.", self._location)
        return True

    def _call(self, name: str, *args, **kwargs):
        if self._redis_usable():
            try:
                return getattr(super(), name)(*args, **kwargs)
            except FAILURES as error:
                if self._circuit.trip(self._location, error):
                    # Whatever an earlier outage left there (a process that died before Redis came back)
                    # could be stale: each outage starts from an empty fallback.
                    self._fallback.clear()
        return getattr(self._fallback, name)(*args, **kwargs)

    def add(self, *args, **kwargs):
        return self._call("add", *args, **kwargs)

    def get(self, *args, **kwargs):
        return self._call("get", *args, **kwargs)

    def set(self, *args, **kwargs):
        return self._call("set", *args, **kwargs)

    def touch(self, *args, **kwargs):
        return self._call("touch", *args, **kwargs)

    def delete(self, *args, **kwargs):
        return self._call("delete", *args, **kwargs)

    def get_many(self, *args, **kwargs):
        return self._call("get_many", *args, **kwargs)

    def has_key(self, *args, **kwargs):
        return self._call("has_key", *args, **kwargs)

    def incr(self, *args, **kwargs):
        return self._call("incr", *args, **kwargs)

    def set_many(self, *args, **kwargs):
        return self._call("set_many", *args, **kwargs)

    def delete_many(self, *args, **kwargs):
        return self._call("delete_many", *args, **kwargs)

    def clear(self):
        return self._call("clear")  # Redis, or the fallback while Redis is away
