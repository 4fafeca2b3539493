"""Fixtures: the real South London consortium, and users of two boroughs in each role.

Croydon (lead) and Bromley are the two tenants; the healthchecks trio widened: a Croydon
commissioner (alice), her colleague (bob), and a Bromley commissioner (charlie, the outsider).
"""

import json
import os

import pytest
from django.core.cache import cache

from boroughs.choices import Role
from boroughs.loading import consortium_load
from commissioning.celery import app as celery_app

from .factories import UserFactory, borough

pytest_plugins = [
    "tests.placements.fixtures",
    "tests.outcomes.fixtures",
    "tests.dataprotection.fixtures",
]

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # the browser and the ORM share a thread
IN_CI = os.environ.get("CI", "").lower() == "true"

CROYDON, BROMLEY = "E09000008", "E09000006"


def require_service(reason: str) -> None:
    """Skip locally when a real service is missing; in CI, fail: nothing may skip there."""
    if IN_CI:
        pytest.fail(f"CI needs this service: {reason}")
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _clear_cache():
    """Rate-limit counters and used TOTP codes must not leak from one test into the next."""
    cache.clear()


@pytest.fixture(autouse=True)
def _eager_celery():
    """Tasks run in the test unless a test asks for a real worker (see `celery_worker`)."""
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = True


@pytest.fixture
def celery_worker(transactional_db, settings):
    """A real Celery worker consuming from the Redis broker, in a thread of this process."""
    from celery.contrib.testing.worker import start_worker

    if not settings.REDIS_URL:
        require_service("REDIS_URL is not set: no broker for a real worker")
    celery_app.conf.task_always_eager = False
    with start_worker(
        celery_app, perform_ping_check=False, loglevel="WARNING", pool="solo"
    ) as worker:
        yield worker


@pytest.fixture
def consortium(db):
    return consortium_load()


@pytest.fixture
def croydon(consortium):
    return borough(CROYDON)


@pytest.fixture
def bromley(consortium):
    return borough(BROMLEY)


@pytest.fixture
def alice(croydon):
    return UserFactory(email="alice@croydon.example.org", borough=croydon, role=Role.COMMISSIONER)


@pytest.fixture
def bob(croydon):
    return UserFactory(email="bob@croydon.example.org", borough=croydon, role=Role.COMMISSIONER)


@pytest.fixture
def charlie(bromley):
    return UserFactory(email="charlie@bromley.example.org", borough=bromley, role=Role.COMMISSIONER)


@pytest.fixture
def bromley_analyst(bromley):
    return UserFactory(borough=bromley, role=Role.BOROUGH_ANALYST)


@pytest.fixture
def lead_analyst(croydon):
    return UserFactory(borough=croydon, role=Role.LEAD_ANALYST)


@pytest.fixture
def admin_user(croydon):
    return UserFactory(
        email="admin@croydon.example.org", borough=croydon, role=Role.CONSORTIUM_ADMIN
    )


@pytest.fixture
def provider_user(consortium):
    return UserFactory(borough=None, role=Role.PROVIDER_USER)


# A second consortium, the attacker's: Barnet leads, Camden is a member of both strands.
NORTH_LONDON = {
    "name": "North London Partnership",
    "short_name": "NLP",
    "slug": "north-london",
    "lead": "E09000003",
    "strands": [
        {
            "kind": kind,
            "slug": kind,
            "name": f"North London {kind}",
            "description": "A second consortium for the tests.",
            "members": {"E09000003": "test", "E09000007": "test"},
        }
        for kind in ("send", "care")
    ],
}
BARNET = "E09000003"


@pytest.fixture
def north(consortium, tmp_path):
    path = tmp_path / "north_london.json"
    path.write_text(json.dumps(NORTH_LONDON), encoding="utf-8")
    return consortium_load(definition_path=path)


@pytest.fixture
def barnet(north):
    return borough(BARNET)


@pytest.fixture
def north_admin(barnet):
    """The other consortium's admin: sees and decides only North London's rows."""
    return UserFactory(email="admin@barnet.example.org", borough=barnet, role=Role.CONSORTIUM_ADMIN)


@pytest.fixture
def north_reviewer(barnet):
    """A commissioner of the other consortium's lead borough: reviews its own DPS only."""
    return UserFactory(email="reviewer@barnet.example.org", borough=barnet, role=Role.COMMISSIONER)


@pytest.fixture
def north_analyst(barnet):
    return UserFactory(borough=barnet, role=Role.LEAD_ANALYST)


@pytest.fixture
def client_for(client):
    """A test client signed in as the given user (who already has MFA where it is required)."""

    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in


@pytest.fixture
def api_for():
    """An API client signed in as the given user."""
    from rest_framework.test import APIClient

    def sign_in(user):
        api = APIClient()
        api.force_authenticate(user)
        return api

    return sign_in
