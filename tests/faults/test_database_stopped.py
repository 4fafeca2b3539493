"""PostgreSQL really stopped: the portal runs on a throwaway cluster of the test's own (a copy of
the test database), which the test stops as an operator would and starts again. Pages answer a
clear 503 at once, the API a 503 in JSON, `/healthz/ready` 503 naming the database while
`/healthz/live` stays 200; once it is back, the same pages work again (ADR 14)."""

from __future__ import annotations

import pytest
from django.db import close_old_connections, connections
from django.test import Client
from django.urls import reverse

from ..conftest import require_service

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def signed_in_on_a_cluster_of_its_own(postgres_cluster, client_for, alice):
    """Alice signed in; then the portal's database moves to the test's own cluster."""
    connection = connections["default"]
    if connection.vendor != "postgresql":
        require_service("stopping the database needs PostgreSQL (DATABASE_URL=postgres://...)")
    client = client_for(alice)
    client.raise_request_exception = False
    original = dict(connection.settings_dict)
    postgres_cluster.copy_database(original, "portal")
    connection.close()
    connection.settings_dict.update(
        HOST="127.0.0.1", PORT=str(postgres_cluster.port), NAME="portal",
        USER="postgres", PASSWORD="",
    )  # fmt: skip
    yield client
    connection.close()
    connection.settings_dict.update(original)  # the test database, which the test then empties


def test_with_the_database_stopped_pages_answer_503_and_work_again_once_it_is_back(
    signed_in_on_a_cluster_of_its_own, postgres_cluster
):
    client, probe = signed_in_on_a_cluster_of_its_own, Client()
    assert client.get(reverse("dashboard")).status_code == 200  # served from the cluster

    postgres_cluster.stop()

    # A stopped server refuses at once; one that does not answer is given up on after this.
    assert connections["default"].settings_dict["OPTIONS"]["connect_timeout"] <= 3
    page = client.get(reverse("dashboard"))
    assert page.status_code == 503
    assert page["Retry-After"] == "30"
    assert "Sorry, the service is unavailable" in page.content.decode()
    api = client.get("/api/v1/me/")
    assert api.status_code == 503
    assert api.json()["detail"].startswith("The service is unavailable")
    ready = probe.get("/healthz/ready")
    assert ready.status_code == 503
    assert (ready.json()["database"], ready.json()["failing"]) == ("error", ["database"])
    assert probe.get("/healthz/live").status_code == 200

    postgres_cluster.start()
    # What each request does first under gunicorn (request_started), which the test client
    # leaves out to keep a test's transaction: a connection that failed is dropped for a new one.
    close_old_connections()

    assert probe.get("/healthz/ready").json()["database"] == "ok"
    assert client.get(reverse("dashboard")).status_code == 200
    assert client.get("/api/v1/me/").status_code == 200
