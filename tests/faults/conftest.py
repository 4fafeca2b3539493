"""Fault fixtures: dependencies pointed at a port where nothing listens (never the shared ones)."""

from __future__ import annotations

import socket

import pytest

DEAD_PORT = 6390


@pytest.fixture
def dead_redis_url() -> str:
    with socket.socket() as probe:
        if probe.connect_ex(("127.0.0.1", DEAD_PORT)) == 0:
            pytest.fail(f"Something listens on port {DEAD_PORT}: the fault tests need it dead")
    return f"redis://127.0.0.1:{DEAD_PORT}/0"


@pytest.fixture
def cache_down(settings, dead_redis_url):
    """The cache's Redis unreachable, configured as settings.py configures a real one."""
    settings.CACHES = {
        "default": {
            "BACKEND": "commissioning.cache.DegradingRedisCache",
            "LOCATION": dead_redis_url,
            "OPTIONS": {
                "socket_connect_timeout": 0.2,
                "socket_timeout": 0.2,
                "BUMP_AFTER_OUTAGE": ["placements:money-version"],
            },
        }
    }
    from django.core.cache import caches

    yield caches["default"]
