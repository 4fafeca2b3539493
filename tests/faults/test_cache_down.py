"""With the cache's Redis unreachable the portal degrades: pages and the API answer, throttles
and rate limits still count (per process), and a warning says why (ADR 14)."""

from __future__ import annotations

import logging
import time

import pytest
from django.urls import reverse
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import InvalidResponse
from rest_framework.throttling import SimpleRateThrottle

from commissioning.cache import DegradingRedisCache

pytestmark = pytest.mark.django_db


def test_the_savings_dashboard_answers_with_the_cache_down_and_says_so_in_the_log(
    cache_down, alice, placement, client_for, caplog
):
    started = time.monotonic()
    response = client_for(alice).get(reverse("placements:savings"))

    assert response.status_code == 200
    assert "£4,959.00" in response.text  # computed directly
    assert time.monotonic() - started < 3
    assert cache_down.degraded
    # Once per outage (here the fixtures' writes met it first), not once per call.
    records = caplog.get_records("setup") + caplog.records
    warnings = [r for r in records if r.name == "commissioning.cache"]
    assert [r.levelno for r in warnings] == [logging.WARNING]
    assert "Cache unreachable" in warnings[0].getMessage()


def test_the_home_dashboard_answers_with_the_cache_down(cache_down, alice, placement, client_for):
    assert client_for(alice).get(reverse("dashboard")).status_code == 200


def test_every_authenticated_api_call_is_throttled_without_the_cache(
    cache_down, monkeypatch, api_for, alice, placement
):
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": "60/min", "user": "3/min"})
    api = api_for(alice)
    answers = [api.get("/api/v1/placements/savings/").status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]  # counted in the process, not failed


def test_sign_in_still_answers_and_is_still_rate_limited_with_the_cache_down(
    cache_down, settings, client, alice
):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login": "2/m/ip"}
    url = reverse("account_login")
    answers = [
        client.post(url, {"login": alice.email, "password": "wrong password"}).status_code
        for _ in range(3)
    ]
    assert answers == [200, 200, 429]


# --- The backend itself, with a stand-in for Redis ------------------------------------------------


class FlakyRedis:
    """Enough of Django's Redis client for the backend: a dict that can be switched off."""

    def __init__(self) -> None:
        self.data: dict = {}
        self.down = False
        self.error: Exception = RedisConnectionError("Connection refused")

    def _check(self):
        if self.down:
            raise self.error

    def get(self, key, default):
        self._check()
        return self.data.get(key, default)

    def set(self, key, value, timeout):
        self._check()
        self.data[key] = value

    def add(self, key, value, timeout):
        self._check()
        return self.data.setdefault(key, value) is value

    def has_key(self, key):
        self._check()
        return key in self.data

    def incr(self, key, delta):
        self._check()
        if key not in self.data:
            raise ValueError(key)
        self.data[key] += delta
        return self.data[key]


@pytest.fixture
def flaky():
    backend = DegradingRedisCache(
        "redis://127.0.0.1:6390/0",
        {"OPTIONS": {"RETRY_AFTER": 0, "BUMP_AFTER_OUTAGE": ["version"]}},
    )
    redis = FlakyRedis()
    backend.__dict__["_cache"] = redis  # RedisCache._cache is a cached property
    return backend, redis


def test_an_increment_lost_in_an_outage_is_made_up_when_redis_answers_again(flaky):
    cache, redis = flaky
    cache.set("version", 1, None)
    redis.down = True
    try:  # as placements.money bumps its version
        cache.incr("version")
    except ValueError:
        cache.set("version", 2, None)
    assert cache.degraded
    assert redis.data[cache.make_key("version")] == 1  # the increment did not reach Redis

    redis.down = False
    assert cache.get("anything") is None  # the first call that reaches Redis again
    assert not cache.degraded
    # Totals cached under version 1 are no longer current.
    assert redis.data[cache.make_key("version")] == 2


def test_entries_kept_in_the_process_during_an_outage_expire_within_a_minute(flaky):
    cache, redis = flaky
    redis.down = True
    cache.set("forever", "x", None)
    cache.set("hour", "y", 3600)
    expiry = cache._fallback._expire_info
    assert all(at - time.time() <= 60 for at in expiry.values())
    assert cache.get("forever") == "x"


def test_something_other_than_redis_answering_is_an_outage_too(flaky):
    cache, redis = flaky
    redis.down, redis.error = True, InvalidResponse("Protocol Error: b'HTTP/1.1 400 Bad Request'")
    cache.set("key", "value")
    assert cache.get("key") == "value"
    assert cache.degraded
