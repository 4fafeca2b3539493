"""The compose file runs every service as operators expect: restarted when it exits, with a
health check that says whether it works (ADR 14)."""

from __future__ import annotations

from pathlib import Path

import yaml

COMPOSE = Path(__file__).resolve().parents[2] / "docker-compose.yml"
# Services that run once and exit (a migration job) would be listed here; there are none.
ONE_SHOT: set[str] = set()


def services() -> dict:
    return yaml.safe_load(COMPOSE.read_text())["services"]


def probe(service: dict) -> str:
    return " ".join(service["healthcheck"]["test"])


def test_every_long_running_service_has_a_health_check_and_a_restart_policy():
    running = {name: service for name, service in services().items() if name not in ONE_SHOT}
    assert set(running) >= {"postgres", "redis", "web", "worker", "beat"}
    missing = {
        name: [key for key in ("restart", "healthcheck") if not service.get(key)]
        for name, service in running.items()
    }
    assert {name: keys for name, keys in missing.items() if keys} == {}
    assert {name: service["restart"] for name, service in running.items()} == dict.fromkeys(
        running, "unless-stopped"
    )


def test_web_reports_readiness_and_the_worker_answers_a_ping_of_its_own():
    found = services()
    assert "/healthz/ready" in probe(found["web"])
    assert "inspect ping -d celery@$$HOSTNAME" in probe(found["worker"])
    assert "celerybeat-schedule" in probe(found["beat"])


def test_services_wait_for_what_they_need_to_be_healthy_not_just_started():
    for name, service in services().items():
        for needed, how in (service.get("depends_on") or {}).items():
            assert how == {"condition": "service_healthy"}, f"{name} on {needed}"
