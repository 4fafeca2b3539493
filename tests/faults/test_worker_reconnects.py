"""A real `celery worker` process survives its broker's restart and runs tasks again.

With celery and kombu 5.7.0 a worker holding a message it has not acknowledged (a countdown
task, as the sweep every worker sends itself as it starts) exited when the broker went away
(the soak, bench/README.md); commissioning/worker.py's consumer makes it reconnect (ADR 14).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from celery import Celery

from .servers import wait_for

BASE_DIR = Path(__file__).resolve().parents[2]


@pytest.fixture
def worker(redis_server, tmp_path):
    """`celery -A commissioning worker` on the test's own broker, logging to a file."""
    log = tmp_path / "worker.log"
    environment = {
        **os.environ,
        "DEBUG": "true",
        "REDIS_URL": redis_server.url(),
        # Its own database: the tasks this test sends touch none, its start-up sweep finds none.
        "DATABASE_URL": f"sqlite:///{tmp_path / 'worker.sqlite3'}",
        "CELERY_TASK_ALWAYS_EAGER": "false",
    }
    command = [sys.executable, "-m", "celery", "-A", "commissioning", "worker", "-P", "solo"]
    command += ["--without-mingle", "--without-gossip", "--loglevel=INFO", f"--logfile={log}"]
    process = subprocess.Popen(command, cwd=BASE_DIR, env=environment)
    try:
        wait_for(lambda: "ready." in log.read_text() if log.exists() else False, seconds=60)
        yield process, log
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_a_worker_survives_a_broker_restart_and_then_runs_a_task(redis_server, worker):
    process, log = worker
    client = Celery(broker=redis_server.url(), backend=redis_server.url())
    client.conf.broker_connection_retry_on_startup = False
    # A message the worker holds unacknowledged when the broker goes: what made it exit.
    held = client.send_task("celery.accumulate", args=[0], countdown=300)
    wait_for(lambda: f"[{held.id}] received" in log.read_text(), what="the worker taking it")

    redis_server.stop()
    wait_for(lambda: "Connection to broker lost" in log.read_text(), what="the worker noticing")
    time.sleep(1)
    assert process.poll() is None, "the worker exited when the broker went away"
    redis_server.start()

    result = client.send_task("celery.accumulate", args=[1, 2])
    assert result.get(timeout=30) == [1, 2]
    assert process.poll() is None
    assert "Unrecoverable error" not in log.read_text()
    client.close()
