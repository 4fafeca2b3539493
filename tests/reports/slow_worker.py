"""A real Celery worker whose reports take a while: the kill test's worker (test_worker.py).

Run as `python -m tests.reports.slow_worker` with the test's DATABASE_URL, REDIS_URL and
MEDIA_ROOT. Before building, each report reports progress REPORTS_SLOW_TICKS times,
REPORTS_SLOW_SECONDS apart, so the test can kill the worker in the middle of a run. Only this
test process is slowed: the application has no switch for it.
"""

from __future__ import annotations

import os
import time

import django


class SlowBuilder:
    def __init__(self, inner, *, ticks: int, seconds: float) -> None:
        self.inner, self.ticks, self.seconds = inner, ticks, seconds

    def build(self, *, run, path, progress):
        for tick in range(1, self.ticks + 1):
            time.sleep(self.seconds)
            progress(tick, f"Warming up ({tick} of {self.ticks})")
        return self.inner.build(run=run, path=path, progress=progress)


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "commissioning.settings")
    django.setup()
    from commissioning.celery import app
    from commissioning.reports.builders import BUILDERS

    ticks = int(os.environ.get("REPORTS_SLOW_TICKS", "20"))
    seconds = float(os.environ.get("REPORTS_SLOW_SECONDS", "1"))
    for kind, builder in list(BUILDERS.items()):
        BUILDERS[kind] = SlowBuilder(builder, ticks=ticks, seconds=seconds)
    app.worker_main(
        [
            "worker",
            "--pool=solo",
            "--loglevel=WARNING",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            f"--hostname=slow-{os.getpid()}@%h",
        ]
    )


if __name__ == "__main__":
    main()
