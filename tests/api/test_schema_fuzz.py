"""The API keeps its contract: schemathesis, from the command line, with every check, against
gunicorn and PostgreSQL, as a commissioner and as a provider (issue 12).

The demo data is seeded into the test database and committed, gunicorn serves it from a
subprocess with production settings (DEBUG off), and `st run` fuzzes the whole schema once per
role. Any failure fails the test, with schemathesis's report of it (and its `curl` to replay).

FUZZ_EXAMPLES bounds the examples per operation, FUZZ_SEED fixes the generation, so a failure
in CI reproduces by hand with the same two numbers (README, "Fuzzing the API").
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from rest_framework.authtoken.models import Token

from boroughs.models import User

from ..conftest import require_service

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "5"))
SEED = int(os.environ.get("FUZZ_SEED", "20261207"))
ROLES = {
    "commissioner": "commissioner.croydon@example.org",
    "provider": "provider.brightwater@example.org",
}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _database_url() -> str:
    db = connection.settings_dict
    user, host, port = db["USER"], db["HOST"] or "127.0.0.1", db["PORT"] or 5432
    return f"postgres://{user}@{host}:{port}/{db['NAME']}"


@contextmanager
def gunicorn(port: int, log: Path):
    """The portal as deployed (Dockerfile): gunicorn, DEBUG off, the test database. Plain HTTP,
    so no SSL redirect; tasks run in the request; no rate limit the fuzzing would trip."""
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "DEBUG": "false",
        "SECRET_KEY": "schema-fuzz-" + "x" * 50,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "REDIS_URL": "",
        "CACHE_URL": "",
        "API_USER_RATE": "1000000/min",
        "API_ANON_RATE": "1000000/min",
    }
    command = [sys.executable, "-m", "gunicorn", "commissioning.wsgi:application"]
    command += ["--bind", f"127.0.0.1:{port}", "--workers", "2", "--timeout", "60"]
    server = subprocess.Popen(
        command,
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log.open("w"),
    )
    try:
        yield server
    finally:
        server.terminate()
        server.wait(timeout=30)


def _schemathesis() -> str:
    found = Path(sys.executable).with_name("st")
    return str(found) if found.exists() else (shutil.which("st") or "st")


def st_run(port: int, token: str, output: Path) -> subprocess.Popen:
    """`st run` with every check; it reads schemathesis.toml from the repository root."""
    command = [_schemathesis(), "run", f"http://127.0.0.1:{port}/api/schema/"]
    command += ["--checks", "all", "--header", f"Authorization: Token {token}"]
    command += ["--max-examples", str(EXAMPLES), "--seed", str(SEED), "--workers", "2"]
    command += ["--wait-for-schema", "60", "--generation-database", "none", "--no-color"]
    with output.open("w") as out:
        return subprocess.Popen(command, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)


@pytest.fixture
def tokens(settings) -> dict[str, str]:
    """The demo, committed for gunicorn to read, and an API token per role (their MFA is set
    up: the demo gives every user who needs one an authenticator)."""
    if connection.vendor != "postgresql":
        require_service("DATABASE_URL is not PostgreSQL: the fuzzing runs against it")
    settings.DEBUG = True  # the demo's authenticators exist only in DEBUG
    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    return {
        role: Token.objects.get_or_create(user=User.objects.get(email=email))[0].key
        for role, email in ROLES.items()
    }


def test_the_api_keeps_to_its_schema_as_a_commissioner_and_as_a_provider(tokens, tmp_path):
    port, log = _free_port(), tmp_path / "gunicorn.log"
    started = time.monotonic()
    with gunicorn(port, log) as server:
        # Both roles at once: each run waits on the server as much as it computes.
        runs = {role: st_run(port, key, tmp_path / f"{role}.txt") for role, key in tokens.items()}
        codes = {role: run.wait(timeout=900) for role, run in runs.items()}
        print(f"schemathesis exits {codes} in {time.monotonic() - started:.0f}s")
        if server.poll() is not None:
            pytest.fail(f"gunicorn stopped:\n{log.read_text()[-5000:]}")
    failed = {
        role: (tmp_path / f"{role}.txt").read_text()[-20000:] for role in codes if codes[role]
    }
    assert not failed, "\n\n".join(f"=== as a {role}\n{out}" for role, out in failed.items())
