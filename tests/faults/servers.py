"""Real servers a fault test starts on a free port of its own, and stops and starts mid-test.

Never the shared ones: a test that stopped the Redis or PostgreSQL every other test uses would
break them. A `RedisServer` is a `redis-server` without persistence; a `PostgresCluster` is a
throwaway cluster (`initdb` in a temporary folder), run as the `postgres` user when the tests
run as root, since PostgreSQL refuses to run as root.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import time
from pathlib import Path

import redis


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(check, *, seconds: float = 15.0, what: str = "the server") -> None:
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what} did not answer within {seconds} s")
        time.sleep(0.05)


class RedisServer:
    """A redis-server on 127.0.0.1 at a port of its own; `stop` and `start` keep the port."""

    def __init__(self, folder: Path) -> None:
        self.binary = shutil.which("redis-server")
        self.folder = folder
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def answers(self) -> bool:
        client = redis.Redis(port=self.port, socket_connect_timeout=0.2, socket_timeout=0.5)
        try:
            return bool(client.ping())
        except (redis.RedisError, OSError):
            return False
        finally:
            client.close()

    def start(self) -> RedisServer:
        command = [self.binary, "--port", str(self.port), "--bind", "127.0.0.1"]
        command += ["--save", "", "--appendonly", "no", "--dir", str(self.folder)]
        log = open(self.folder / f"redis-{self.port}.log", "ab")  # noqa: SIM115
        self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        log.close()
        wait_for(self.answers, what=f"redis-server on port {self.port}")
        return self

    def stop(self) -> None:
        """Shut the server down (the clients' connections close; new ones are refused)."""
        if self.process is None:
            return
        self.process.terminate()
        self.process.wait(timeout=10)
        self.process = None


def postgres_bin() -> Path | None:
    """The newest PostgreSQL server's programs (Debian keeps them out of PATH)."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=_version)
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _version(path: str) -> tuple[int, ...]:
    number = Path(path).parent.parent.name
    return tuple(int(part) for part in number.split(".") if part.isdigit())


class PostgresCluster:
    """A throwaway PostgreSQL cluster listening on 127.0.0.1 at a port of its own."""

    def __init__(self, folder: Path, binaries: Path) -> None:
        self.bin = binaries
        self.folder = folder
        self.data = folder / "data"
        self.port = free_port()
        self.user = "postgres" if os.geteuid() == 0 else None
        if self.user:
            account = pwd.getpwnam(self.user)
            os.chown(folder, account.pw_uid, account.pw_gid)

    def _run(self, *command: str, **kwargs) -> subprocess.CompletedProcess:
        return subprocess.run(
            command, user=self.user, check=True, capture_output=True, timeout=60, **kwargs
        )

    def create(self) -> PostgresCluster:
        self._run(
            str(self.bin / "initdb"), "-D", str(self.data), "-U", "postgres", "-A", "trust",
            "-E", "UTF8", "--no-sync", "--no-instructions",
        )  # fmt: skip
        return self

    def start(self) -> None:
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run(
            str(self.bin / "pg_ctl"), "-D", str(self.data), "-o", options,
            "-l", str(self.folder / "postgres.log"), "-w", "start",
        )  # fmt: skip

    def stop(self) -> None:
        """Stop as an operator would (`pg_ctl stop -m fast`): sessions are cut, connections refused."""
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")

    def copy_database(self, source: dict, name: str) -> None:
        """Copy a database (Django's settings for it) into this cluster, under `name`."""
        dump = self.folder / "copy.dump"
        environment = {**os.environ, "PGPASSWORD": source.get("PASSWORD") or ""}
        subprocess.run(
            [str(self.bin / "pg_dump"), "-Fc", "--no-owner", "-f", str(dump), "-h",
             source["HOST"] or "127.0.0.1", "-p", str(source["PORT"] or 5432), "-U",
             source["USER"], source["NAME"]],
            env=environment, check=True, capture_output=True, timeout=60,
        )  # fmt: skip
        target = ["-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres"]
        subprocess.run([str(self.bin / "createdb"), *target, name], check=True, timeout=60)
        subprocess.run(
            [str(self.bin / "pg_restore"), "--no-owner", *target, "-d", name, str(dump)],
            check=True, capture_output=True, timeout=120,
        )  # fmt: skip

    def destroy(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError, subprocess.TimeoutExpired):
            self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop")
