"""The soak's server side: the portal as operators run it, started and stopped by the soak.

gunicorn against PostgreSQL (a database of its own), a Celery worker (and beat, if asked), the
broker on a Redis server of the soak's own (so it can be stopped without stopping anyone else's
Redis) and the cache on the shared Redis in a database number of its own. Mail goes to files, so
delivered side effects can be counted. Only processes this module started are ever stopped.
"""

# ruff: noqa: S108, S603, S607  (its own commands and /tmp folders, from its own arguments)

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import psycopg
import requests

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
SECRET_KEY = "soak-bench-secret-key-not-for-production"  # noqa: S105  a throwaway database's
DEMO_PASSWORD = "demo-portal-2026"  # noqa: S105  boroughs.demo.DEMO_PASSWORD


class Stack:
    def __init__(
        self,
        *,
        port: int,
        broker_port: int,
        cache_url: str,
        database: str,
        beat: bool,
        external: bool = False,
    ):
        self.external = external  # a portal started elsewhere: this shell's environment is its
        self.port = port
        self.broker_port = broker_port
        self.database_url = f"postgres://postgres@127.0.0.1:5432/{database}"
        self.database = database
        self.cache_url = cache_url
        self.beat = beat
        self.dir = Path(f"/tmp/soak-{port}")
        self.mail_dir = self.dir / "mail"
        self.processes: dict[str, subprocess.Popen] = {}
        self.base_url = f"http://127.0.0.1:{port}"

    def env(self, *, debug: bool = False) -> dict[str, str]:
        if self.external:
            return dict(os.environ)
        return {
            **os.environ,
            "DATABASE_URL": self.database_url,
            "REDIS_URL": f"redis://127.0.0.1:{self.broker_port}/0",
            "CACHE_URL": self.cache_url,
            "SECRET_KEY": SECRET_KEY,
            "DEBUG": "true" if debug else "false",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "false",
            "SESSION_COOKIE_SECURE": "false",
            "CSRF_COOKIE_SECURE": "false",
            "SECURE_HSTS_SECONDS": "0",
            "STATIC_ROOT": str(self.dir / "static"),
            "MEDIA_ROOT": str(self.dir / "media"),
            "EMAIL_URL": f"filemail:///{self.mail_dir}",  # four slashes: an absolute path
            "PORTAL_BASE_URL": self.base_url,
            "LOG_LEVEL": "WARNING",
        }

    # --- one-off preparation -------------------------------------------------------------------
    def prepare(self) -> None:
        """Create, migrate and seed the database (demo users have passwords and authenticator
        secrets only when seeded with DEBUG on), and collect static files, when not yet done."""
        self.dir.mkdir(exist_ok=True)
        with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres") as db:
            db.autocommit = True
            if not db.execute(
                "SELECT 1 FROM pg_database WHERE datname=%s", [self.database]
            ).fetchone():
                db.execute(f'CREATE DATABASE "{self.database}"')
        self.manage("migrate", "-v0", debug=True)
        if not self.query(
            "SELECT count(*) FROM boroughs_user WHERE email=%s", ["admin@example.org"]
        )[0][0]:
            print("Seeding the demo (a few minutes)...", flush=True)
            self.manage("seed_demo", debug=True)
        if not (self.dir / "static" / "staticfiles.json").exists():
            self.manage("collectstatic", "--noinput", "-v0")

    def manage(self, *args: str, debug: bool = False) -> str:
        done = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env(debug=debug),
            check=True,
            capture_output=True,
            text=True,
        )
        return done.stdout

    def query(self, sql: str, params: list) -> list[tuple]:
        with psycopg.connect(self.database_url.replace("postgres://", "postgresql://")) as db:
            return db.execute(sql, params).fetchall()

    def demo_secrets(self, emails: list[str]) -> dict[str, str]:
        """The demo users' authenticator secrets, from the app's own function."""
        script = (
            "from boroughs.demo import demo_totp_secret\n"
            f"for e in {emails!r}: print(e, demo_totp_secret(e))"
        )
        lines = self.manage("shell", "-c", script).split()
        return dict(zip(lines[::2], lines[1::2], strict=True))

    # --- processes -----------------------------------------------------------------------------
    def start(self, *, web_workers: int) -> None:
        self.mail_dir.mkdir(parents=True, exist_ok=True)
        for old in self.mail_dir.iterdir():
            old.unlink()
        self.start_broker()
        subprocess.run(
            ["redis-cli", "-u", self.cache_url, "FLUSHDB"], check=True, capture_output=True
        )
        self.spawn(
            "web",
            [
                str(VENV_BIN / "gunicorn"),
                "commissioning.wsgi",
                "-c",
                "gunicorn.conf.py",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(web_workers),
                "--timeout",
                "60",
            ],
        )
        self.start_worker()
        if self.beat:
            schedule = str(self.dir / "beat-schedule")
            self.spawn(
                "beat", [str(VENV_BIN / "celery"), "-A", "commissioning", "beat", "-s", schedule]
            )
        for _ in range(120):
            try:
                if requests.get(f"{self.base_url}/healthz/live", timeout=2).ok:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.5)
        raise RuntimeError(f"gunicorn did not answer; see {self.dir}/web.log")

    def spawn(self, name: str, command: list[str]) -> None:
        log = open(self.dir / f"{name}.log", "a")  # noqa: SIM115  closed with the process
        # A session of its own, so stopping it stops its children (gunicorn's and Celery's
        # workers) and nothing else.
        self.processes[name] = subprocess.Popen(
            command, cwd=ROOT, env=self.env(), stdout=log, stderr=log, start_new_session=True
        )

    def start_worker(self) -> None:
        self.spawn(
            "worker",
            [
                str(VENV_BIN / "celery"),
                "-A",
                "commissioning",
                "worker",
                "--loglevel",
                "INFO",
                "--concurrency",
                "2",
                "-n",
                f"soak{self.port}@%h",
            ],
        )

    def restart_dead_worker(self) -> int | None:
        """As compose's restart policy would: a worker that exited by itself is started again.
        Returns its exit code, or None when it is running (or was killed on purpose)."""
        worker = self.processes.get("worker")
        if worker is None or worker.poll() is None:
            return None
        self.start_worker()
        return worker.returncode

    def kill_worker(self) -> None:
        """kill -9 the worker and its pool at once, as a host losing it would."""
        os.killpg(self.processes.pop("worker").pid, signal.SIGKILL)

    def start_broker(self) -> None:
        (self.dir / "redis").mkdir(exist_ok=True)
        subprocess.run(
            [
                "redis-server",
                "--port",
                str(self.broker_port),
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.dir / "redis"),
                "--daemonize",
                "yes",
                "--pidfile",
                str(self.dir / "redis.pid"),
                "--logfile",
                str(self.dir / "redis.log"),
            ],
            check=True,
        )
        for _ in range(50):
            if self.broker_up():
                return
            time.sleep(0.1)

    def stop_broker(self) -> None:
        """Stop the soak's own Redis, saving first: a restarted broker keeps queued messages."""
        subprocess.run(
            ["redis-cli", "-p", str(self.broker_port), "SHUTDOWN", "SAVE"], capture_output=True
        )

    def broker_up(self) -> bool:
        ping = subprocess.run(
            ["redis-cli", "-p", str(self.broker_port), "PING"], capture_output=True
        )
        return ping.stdout.strip() == b"PONG"

    def stop(self) -> None:
        for name, process in list(self.processes.items()):
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM if name != "worker" else signal.SIGKILL)
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
        self.processes.clear()
        subprocess.run(
            ["redis-cli", "-p", str(self.broker_port), "SHUTDOWN", "NOSAVE"], capture_output=True
        )

    # --- side effects ---------------------------------------------------------------------------
    def invited(self, prefix: str) -> list[str]:
        rows = self.query(
            "SELECT email FROM boroughs_invitation WHERE email LIKE %s", [f"{prefix}%"]
        )
        return [email for (email,) in rows]

    def delivered(self, prefix: str) -> Counter:
        """Messages in the mail folder by recipient, for recipients starting with prefix."""
        counts: Counter = Counter()
        for path in self.mail_dir.iterdir():
            for line in path.read_text(errors="replace").splitlines():
                if line.startswith("To: ") and line[4:].strip().startswith(prefix):
                    counts[line[4:].strip()] += 1
        return counts

    def outbox(self) -> Counter | None:
        """Outbox rows by status, when the outbox exists (notifications.OutboxMessage)."""
        try:
            rows = self.query(
                "SELECT status, count(*) FROM notifications_outboxmessage GROUP BY 1", []
            )
        except psycopg.errors.UndefinedTable:
            return None
        return Counter(dict(rows))
