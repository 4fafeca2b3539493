"""The cache's Redis really stopped (a redis-server of the test's own): the dashboard, the
savings page and the API answer 200, computed directly and throttled in the process;
`/healthz/ready` names the cache; started again, the shared cache is used again (ADR 14)."""

from __future__ import annotations

import pytest
from django.core.cache import caches
from django.test import Client
from django.urls import reverse

from .conftest import degrading_cache
from .servers import wait_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def cache(settings, redis_server):
    """Django's cache on this test's own redis-server, configured as settings.py does."""
    settings.CACHES = degrading_cache(redis_server.url())
    return caches["default"]


def ready() -> tuple[int, dict]:
    response = Client().get("/healthz/ready")
    return response.status_code, response.json()


def test_with_the_cache_stopped_pages_and_the_api_answer_and_healthz_names_the_cache(
    cache, redis_server, alice, placement, client_for, api_for
):
    pages, api = client_for(alice), api_for(alice)
    assert pages.get(reverse("dashboard")).status_code == 200
    status, body = ready()
    assert (status, body["status"], body["cache"]) == (200, "ok", "ok")

    redis_server.stop()

    assert pages.get(reverse("dashboard")).status_code == 200
    savings = pages.get(reverse("placements:savings"))
    assert savings.status_code == 200
    assert "£4,959.00" in savings.text  # computed directly
    assert api.get("/api/v1/placements/savings/").status_code == 200  # throttled in the process
    assert cache.degraded
    status, body = ready()
    assert (status, body["status"], body["cache"]) == (200, "degraded", "degraded")

    redis_server.start()
    wait_for(lambda: ready()[1]["cache"] == "ok", what="the cache")

    def back_on_the_shared_cache() -> bool:
        assert pages.get(reverse("placements:savings")).status_code == 200
        return not cache.degraded

    wait_for(back_on_the_shared_cache, what="the pages")
