"""Production settings: hardened by the environment alone."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _manage(*args, **env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={"PATH": os.environ["PATH"], **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_deploy_check_passes_with_production_settings():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="false",
        SECRET_KEY="x" * 40 + "-a-real-and-long-random-production-key",
        ALLOWED_HOSTS="portal.example.gov.uk",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    result = _manage("check", DEBUG="false", ALLOWED_HOSTS="portal.example.gov.uk")
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr


def _base_url(**env):
    result = _manage(
        "shell", "-c", "from django.conf import settings; print(settings.PORTAL_BASE_URL)", **env
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_links_in_emails_follow_the_port_the_portal_is_served_on():
    assert _base_url(DEBUG="true", PORT="8123") == "http://127.0.0.1:8123"
    assert _base_url(DEBUG="true") == "http://127.0.0.1:8000"
    assert _base_url(DEBUG="true", PORT="8123", PORTAL_BASE_URL="https://p.example") == (
        "https://p.example"
    )


def test_make_run_passes_its_port_to_the_links_in_emails():
    result = subprocess.run(
        [shutil.which("make") or "/usr/bin/make", "-n", "run", "worker", "PORT=8123"],
        cwd=ROOT,
        env={"PATH": os.environ["PATH"]},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    runserver = next(line for line in result.stdout.splitlines() if "runserver" in line)
    assert "PORTAL_BASE_URL=http://127.0.0.1:8123" in runserver
    assert "127.0.0.1:8123" in runserver.split("runserver")[1]
