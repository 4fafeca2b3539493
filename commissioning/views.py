"""Project-level views: the health check."""

import redis
from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        return False


def _broker_status() -> str:
    if not settings.REDIS_URL:
        return "not configured"
    try:
        client = redis.Redis.from_url(
            settings.CELERY_BROKER_URL, socket_connect_timeout=2, socket_timeout=2
        )
        return "ok" if client.ping() else "error"
    except redis.RedisError:
        return "error"


@never_cache
def healthz(request):
    """200 when the database (and the broker, when one is configured) answers; 503 otherwise."""
    checks = {"database": "ok" if _database_ok() else "error", "broker": _broker_status()}
    healthy = "error" not in checks.values()
    return JsonResponse(
        {"status": "ok" if healthy else "error", **checks}, status=200 if healthy else 503
    )
