"""The Celery options of a task that carries out one durable job (a report run, a subject access
export): acknowledged late and given back if its worker dies, retried with backoff on a transient
error up to the job's attempts, and stopped by a soft time limit the job can record before the
hard one kills it."""

from __future__ import annotations

SOFT_TIME_LIMIT = 9 * 60
TIME_LIMIT = 10 * 60


def durable_job(*, transient: tuple[type[BaseException], ...], attempts: int) -> dict:
    """Keyword arguments for `shared_task`; the task is bound (it reads its retries)."""
    return {
        "bind": True,
        "acks_late": True,
        "reject_on_worker_lost": True,
        "autoretry_for": transient,
        "retry_backoff": True,
        "retry_backoff_max": 120,
        "retry_jitter": True,
        "max_retries": attempts - 1,
        "soft_time_limit": SOFT_TIME_LIMIT,
        "time_limit": TIME_LIMIT,
    }
