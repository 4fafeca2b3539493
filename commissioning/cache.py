"""A Redis cache that degrades instead of failing (ADR 14).

Django's RedisCache raises when Redis fails, and every caller of the cache (DRF's throttles,
allauth's rate limits, the savings totals) then answers 500. This backend catches Redis's
errors (refused, timed out, an answer that is not Redis's), logs a warning once per outage, and
answers from a small in-process cache instead, so that a cache outage costs sharing, not
service:

- rate limits and throttles still count, but per process rather than across processes;
- cached totals are computed and kept in the process for at most FALLBACK_MAX_SECONDS, so a
  total another process changed is at most that stale;
- after a failure Redis is not tried again for RETRY_AFTER seconds (a host that drops packets
  would otherwise cost a connect timeout on every call);
- when Redis answers again, the keys named in BUMP_AFTER_OUTAGE (version counters) are
  incremented, since an increment made during the outage was lost and the entries cached under
  the old version would otherwise be served as current.

OPTIONS beyond those: socket_connect_timeout and socket_timeout, passed to redis-py.
"""

from __future__ import annotations

import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# Refused, timed out, or something other than Redis answering (a proxy, a port reused): any
# failure of Redis itself. Django's own errors (ValueError from incr on a missing key) pass.
UNREACHABLE = (RedisError, OSError)


class DegradingRedisCache(RedisCache):
    """RedisCache that falls back to a per-process cache while Redis is unreachable."""

    def __init__(self, server, params):
        params = dict(params)
        options = dict(params.get("OPTIONS", {}))
        self.retry_after = float(options.pop("RETRY_AFTER", 5))
        self.fallback_max_seconds = int(options.pop("FALLBACK_MAX_SECONDS", 60))
        self.bump_after_outage = tuple(options.pop("BUMP_AFTER_OUTAGE", ()))
        params["OPTIONS"] = options
        super().__init__(server, params)
        self._fallback = LocMemCache(f"degraded-{id(self)}", {"OPTIONS": {"MAX_ENTRIES": 2000}})
        self._lock = threading.Lock()
        self._down_until = 0.0
        self._outage = False

    @property
    def degraded(self) -> bool:
        """True while this process answers from its own cache (Redis failed recently)."""
        return self._outage

    # --- The switch between Redis and the fallback ----------------------------------------------

    def _call(self, name: str, *args, **kwargs):
        if time.monotonic() < self._down_until:
            return self._on_fallback(name, *args, **kwargs)
        try:
            answer = getattr(super(), name)(*args, **kwargs)
        except UNREACHABLE as error:
            self._went_down(error)
            return self._on_fallback(name, *args, **kwargs)
        if self._outage:
            self._came_back()
        return answer

    def _on_fallback(self, name: str, *args, **kwargs):
        if name in ("add", "set", "touch", "set_many"):
            kwargs["timeout"] = self._capped(kwargs.get("timeout", DEFAULT_TIMEOUT))
        return getattr(self._fallback, name)(*args, **kwargs)

    def _capped(self, timeout):
        if timeout is DEFAULT_TIMEOUT:
            timeout = self.default_timeout
        if timeout is None:
            return self.fallback_max_seconds
        return min(timeout, self.fallback_max_seconds)

    def _went_down(self, error: Exception) -> None:
        with self._lock:
            first = not self._outage
            self._outage = True
            self._down_until = time.monotonic() + self.retry_after
        if first:
            logger.warning(
                "Cache unreachable (%s): answering from this process's memory; rate limits "
                "count per process and totals are computed here until it answers",
                error,
            )

    def _came_back(self) -> None:
        with self._lock:
            if not self._outage:
                return
            self._outage = False
        logger.warning("Cache answers again: back to the shared cache")
        for key in self.bump_after_outage:
            try:
                super().incr(key)
            except ValueError:  # not set: the next reader starts a fresh version
                pass
            except UNREACHABLE as error:
                self._went_down(error)
                return
        self._fallback.clear()

    # --- Every operation goes through the switch --------------------------------------------

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", key, value, timeout=timeout, version=version)

    def get(self, key, default=None, version=None):
        return self._call("get", key, default, version=version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", key, value, timeout=timeout, version=version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", key, timeout=timeout, version=version)

    def delete(self, key, version=None):
        return self._call("delete", key, version=version)

    def get_many(self, keys, version=None):
        return self._call("get_many", keys, version=version)

    def has_key(self, key, version=None):
        return self._call("has_key", key, version=version)

    def incr(self, key, delta=1, version=None):
        return self._call("incr", key, delta, version=version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", data, timeout=timeout, version=version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", keys, version=version)

    def clear(self):
        return self._call("clear")

    def ping(self) -> bool:
        """Whether Redis itself answers now (for the health check: no fallback, no switch)."""
        try:
            return bool(self._cache.get_client(write=False).ping())
        except UNREACHABLE:
            return False
