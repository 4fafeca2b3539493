"""Project-level views: the health checks and the error page for a database outage (ADR 14).

- `/healthz/live`: liveness. The process is up and answering; it touches no dependency, so a
  restart is never ordered because PostgreSQL or Redis is down (a restart would not fix them).
- `/healthz/ready` (and `/healthz`, which load balancers and compose already probe): readiness.
  503 naming the dependency when one that pages need is gone: the database always; the cache
  only when it cannot degrade. The broker is reported but does not fail readiness: every web
  process shares it, so taking them out of the load balancer would turn a delay in emails and
  reports into the whole portal going offline, and pages do not wait on it (its connect timeout
  is short).
"""

from __future__ import annotations

import sys

import redis
from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.views import defaults
from django.views.decorators.cache import never_cache

from .cache import DegradingRedisCache

OK, ERROR, DEGRADED, NOT_CONFIGURED = "ok", "error", "degraded", "not configured"
MSG_UNAVAILABLE = "The service is unavailable for a moment. Try again in a minute."


def _database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return OK if cursor.fetchone() == (1,) else ERROR
    except DatabaseError:
        return ERROR


def _broker() -> str:
    if not settings.REDIS_URL:
        return NOT_CONFIGURED
    try:
        client = redis.Redis.from_url(
            settings.CELERY_BROKER_URL,
            socket_connect_timeout=settings.REDIS_CONNECT_TIMEOUT,
            socket_timeout=settings.REDIS_SOCKET_TIMEOUT,
        )
        return OK if client.ping() else ERROR
    except (redis.RedisError, OSError):
        return ERROR


def _cache() -> str:
    backend = caches["default"]
    if isinstance(backend, DegradingRedisCache):
        return OK if backend.ping() else DEGRADED
    if isinstance(backend, RedisCache):
        try:
            return OK if backend._cache.get_client().ping() else ERROR
        except (redis.RedisError, OSError):
            return ERROR
    return NOT_CONFIGURED  # in-process memory: nothing to reach


# What a failed check means for readiness: only these fail it.
NEEDED = {"database": (ERROR,), "cache": (ERROR,)}


@never_cache
def healthz_live(request):
    """200 while the process answers, whatever its dependencies."""
    return JsonResponse({"status": OK})


@never_cache
def healthz_ready(request):
    """Each dependency's state; 503 naming those the pages need that are gone."""
    checks = {"database": _database(), "cache": _cache(), "broker": _broker()}
    failing = [name for name, bad in NEEDED.items() if checks[name] in bad]
    if failing:
        status = ERROR
    elif any(state in (ERROR, DEGRADED) for state in checks.values()):
        status = DEGRADED
    else:
        status = OK
    body = {"status": status, **checks}
    if failing:
        body["failing"] = failing
    return JsonResponse(body, status=503 if failing else 200)


healthz = healthz_ready


def server_error(request):
    """handler500: the database gone (or refusing work for now) is 503 "try again", with no
    database needed to say so; anything else is the usual 500."""
    error = sys.exc_info()[1]
    if not isinstance(error, OperationalError | InterfaceError):
        return defaults.server_error(request)
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": MSG_UNAVAILABLE}, status=503)
    else:
        response = HttpResponse(loader.render_to_string("503.html"), status=503)
    response["Retry-After"] = "30"
    return response
