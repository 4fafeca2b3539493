"""Fault fixtures: real servers of the test's own (tests/faults/servers.py), stopped and started
mid-test, and a port where nothing listens. Never the shared Redis or PostgreSQL."""

from __future__ import annotations

import shutil
import socket
import tempfile
from pathlib import Path

import pytest

from ..conftest import require_service
from .servers import PostgresCluster, RedisServer, postgres_bin

DEAD_PORT = 6390


@pytest.fixture
def dead_redis_url() -> str:
    with socket.socket() as probe:
        if probe.connect_ex(("127.0.0.1", DEAD_PORT)) == 0:
            pytest.fail(f"Something listens on port {DEAD_PORT}: the fault tests need it dead")
    return f"redis://127.0.0.1:{DEAD_PORT}/0"


def degrading_cache(location: str) -> dict:
    """The cache as settings.py configures a real one, with timeouts short enough for a test."""
    return {
        "default": {
            "BACKEND": "commissioning.cache.DegradingRedisCache",
            "LOCATION": location,
            "OPTIONS": {
                "socket_connect_timeout": 0.2,
                "socket_timeout": 0.5,
                "RETRY_AFTER": 0.2,
                "BUMP_AFTER_OUTAGE": ["placements:money-version"],
            },
        }
    }


@pytest.fixture
def cache_down(settings, dead_redis_url):
    """The cache's Redis unreachable, configured as settings.py configures a real one."""
    settings.CACHES = degrading_cache(dead_redis_url)
    settings.CACHES["default"]["OPTIONS"]["RETRY_AFTER"] = 5
    from django.core.cache import caches

    yield caches["default"]


@pytest.fixture
def redis_server(tmp_path):
    """A real redis-server of this test's own, running; the test may stop and start it."""
    if not shutil.which("redis-server"):
        require_service("redis-server is not installed (apt-get install redis-server)")
    server = RedisServer(tmp_path).start()
    yield server
    server.stop()


@pytest.fixture
def postgres_cluster():
    """A throwaway PostgreSQL cluster of this test's own, running; the test may stop and start
    it. Its folder is under /tmp itself: the postgres user must reach it when tests run as root."""
    binaries = postgres_bin()
    if binaries is None:
        require_service("PostgreSQL's server programs (initdb) are not installed")
    folder = Path(tempfile.mkdtemp(prefix="faults-pg-"))
    cluster = PostgresCluster(folder, binaries).create()
    cluster.start()
    yield cluster
    cluster.destroy()
    shutil.rmtree(folder, ignore_errors=True)
