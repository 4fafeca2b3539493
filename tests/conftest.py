"""Fixtures: the real South London consortium, and users of two boroughs in each role.

Croydon (lead) and Bromley are the two tenants; the healthchecks trio widened: a Croydon
commissioner (alice), her colleague (bob), and a Bromley commissioner (charlie, the outsider).

The consortium is reference data, loaded once into the test database when it is created, not
once per test: every test sees it, and rolls back whatever it changes. A transactional test
(a live server, a real worker) empties the database when it ends, so it is loaded again then.
"""

import json
import os

import pytest
from django.core.cache import cache
from django.db import transaction

from boroughs.choices import Role
from boroughs.loading import consortium_load
from boroughs.models import Consortium
from commissioning.celery import app as celery_app

from .factories import UserFactory, alice_build, borough
from .shared import shared, shared_instances

pytest_plugins = [
    "tests.placements.fixtures",
    "tests.placements.shared_chain",
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


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """`make test` runs the suite on two workers (pytest-xdist, `--dist loadgroup`). The tests with
    a real Celery worker share one Redis broker, which would hand one worker's tasks to the
    other's Celery worker; they and the browser tests, with their live server, run on one. The
    API fuzzing needs PostgreSQL but no broker (its gunicorn runs tasks in the request), so it
    runs on the other worker, beside the rest. A module that builds rows once for its tests keeps
    to one worker too.
    """
    for item in items:
        if item.get_closest_marker("browser") or "celery_worker" in item.fixturenames:
            item.add_marker(pytest.mark.xdist_group("services"))
        elif "module_db" in item.fixturenames:
            # Rows built once per module (tests/shared.py) are built once, on one worker.
            item.add_marker(pytest.mark.xdist_group(item.module.__name__))


@pytest.fixture(scope="session", autouse=True)
def _a_cache_per_worker():
    """Every test clears the cache (below): with Redis and pytest-xdist, a worker clearing a
    cache that the other is counting sign-in attempts in would break the other's test. Each
    worker gets the next Redis database of its own (gw0 keeps settings' own, gw1 the next).
    """
    from django.conf import settings
    from django.test import override_settings

    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw")
    cache_settings = settings.CACHES["default"]
    base, _, number = str(cache_settings.get("LOCATION", "")).rpartition("/")
    if "redis" not in cache_settings["BACKEND"].lower() or not number.isdigit() or worker == "0":
        yield
        return
    location = f"{base}/{int(number) + int(worker)}"
    with override_settings(CACHES={"default": {**cache_settings, "LOCATION": location}}):
        yield


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _clear_cache():
    """Rate-limit counters and used TOTP codes must not leak from one test into the next."""
    cache.clear()


def _stand_in_pdf(html: str) -> bytes:
    """A fast stand-in for WeasyPrint (a second a PDF): the HTML under a PDF header, so a file's
    hash still follows what it says."""
    return b"%PDF-1.7 stand-in\n" + html.encode()


@pytest.fixture(scope="session", autouse=True)
def _fast_agreement_pdfs():
    """Agreements are drafted at every award; tests that read a real PDF ask for `real_pdfs`."""
    from placements import agreement_pdf

    real, agreement_pdf.write_pdf = agreement_pdf.write_pdf, _stand_in_pdf
    yield
    agreement_pdf.write_pdf = real


@pytest.fixture
def real_pdfs(monkeypatch):
    from placements import agreement_pdf

    monkeypatch.setattr(agreement_pdf, "write_pdf", agreement_pdf.__dict__["_weasyprint"])


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


_DB_BLOCKER = pytest.StashKey[object]()


@pytest.fixture(scope="session")
def django_db_setup(request, django_db_setup, django_db_blocker):
    """The test database, with the South London consortium loaded once for the whole run."""
    with django_db_blocker.unblock():
        consortium_load()
    request.config.stash[_DB_BLOCKER] = django_db_blocker
    yield
    del request.config.stash[_DB_BLOCKER]


def _empties_the_database(item: pytest.Item) -> bool:
    """Whether the test ran as a TransactionTestCase, which flushes every table at its end."""
    marker = item.get_closest_marker("django_db")
    transactional = marker is not None and (
        marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")
    )
    used = set(getattr(item, "fixturenames", ()))
    return bool(transactional) or bool(
        used & {"transactional_db", "live_server", "django_db_reset_sequences"}
    )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After a test that emptied the database, load the consortium again for the next one."""
    try:
        return (yield)
    finally:
        blocker = item.config.stash.get(_DB_BLOCKER, None)
        if blocker is not None and _empties_the_database(item):
            with blocker.unblock():
                consortium_load()


@pytest.fixture(scope="module")
def module_db(django_db_setup, django_db_blocker):
    """One transaction around a whole test module, for rows its tests share (Django's
    setUpTestData): a module-scoped fixture that requests this builds them once, inside
    `with module_db.unblock():`. Each test still runs in a savepoint and rolls back its own
    changes; the shared rows go when the module ends. Not for a module with transactional
    tests, which would empty the database under it.
    """
    with django_db_blocker.unblock():
        shared = transaction.atomic()
        shared.__enter__()
    try:
        yield django_db_blocker
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            shared.__exit__(None, None, None)


@pytest.fixture
def _shared_instances(request, db):
    """Fresh instances of the rows a module shares (tests/shared.py), fetched once per test."""
    return shared_instances(request)


@pytest.fixture
def consortium(db):
    """The South London consortium: loaded with the test database (see django_db_setup)."""
    return Consortium.objects.get(slug="south-london")


@pytest.fixture
def croydon(consortium):
    return borough(CROYDON)


@pytest.fixture
def bromley(consortium):
    return borough(BROMLEY)


@pytest.fixture
def alice(request, croydon):
    return shared(request, "alice") or alice_build(croydon)


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
