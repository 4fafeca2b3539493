"""The health checks: liveness answers while the process does; readiness names each dependency
and fails only for those pages need (ADR 14). Faults are dead ports, never the shared services."""

import pytest
from django.db import connection

from commissioning import views

pytestmark = pytest.mark.django_db

DEAD_REDIS = "redis://127.0.0.1:6390/0"
IN_PROCESS = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


def test_health_answers_200_when_the_database_answers(client, settings):
    settings.REDIS_URL = ""
    settings.CACHES = IN_PROCESS
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "cache": "not configured",
        "broker": "not configured",
    }


def test_readiness_is_the_same_answer_at_its_own_address(client, settings):
    settings.REDIS_URL = ""
    assert client.get("/healthz/ready").json() == client.get("/healthz").json()


def test_a_broker_down_is_reported_but_pages_stay_ready(client, settings):
    settings.REDIS_URL = settings.CELERY_BROKER_URL = DEAD_REDIS
    settings.CACHES = IN_PROCESS
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert response.json()["broker"] == "error"


def test_a_cache_down_that_degrades_is_reported_but_pages_stay_ready(client, settings):
    settings.REDIS_URL = ""
    settings.CACHES = {
        "default": {
            "BACKEND": "commissioning.cache.DegradingRedisCache",
            "LOCATION": DEAD_REDIS,
            "OPTIONS": {"socket_connect_timeout": 0.2},
        }
    }
    response = client.get("/healthz/ready")
    assert (response.status_code, response.json()["cache"]) == (200, "degraded")


def test_a_cache_down_that_cannot_degrade_fails_readiness_and_is_named(client, settings):
    settings.REDIS_URL = ""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": DEAD_REDIS,
            "OPTIONS": {"socket_connect_timeout": 0.2},
        }
    }
    response = client.get("/healthz/ready")
    assert response.status_code == 503
    assert response.json()["failing"] == ["cache"]


@pytest.fixture
def database_down(monkeypatch):
    """The health check's connection pointed at a PostgreSQL port where nothing listens."""
    pytest.importorskip("psycopg")
    from django.db.backends.postgresql.base import DatabaseWrapper

    dead = DatabaseWrapper(
        {
            **connection.settings_dict,
            "ENGINE": "django.db.backends.postgresql",
            "HOST": "127.0.0.1",
            "PORT": 6391,
            "NAME": "portal",
            "USER": "portal",
            "PASSWORD": "",
            "OPTIONS": {"connect_timeout": 1},
        }
    )
    monkeypatch.setattr(views, "connection", dead)
    yield
    dead.close()


def test_the_database_down_fails_readiness_and_is_named(client, settings, database_down):
    settings.REDIS_URL = ""
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "error"
    assert response.json()["failing"] == ["database"]


def test_liveness_answers_200_whatever_the_dependencies(client, settings, database_down):
    settings.REDIS_URL = settings.CELERY_BROKER_URL = DEAD_REDIS
    response = client.get("/healthz/live")
    assert (response.status_code, response.json()) == (200, {"status": "ok"})
