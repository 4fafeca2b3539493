"""The database gone mid-request: a clear 503 "try again", not the generic 500 (ADR 14)."""

from __future__ import annotations

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db import OperationalError
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in_then_database_refuses(client_for, alice, monkeypatch):
    """Alice signed in; then the first thing her requests ask the database (the session) fails
    to connect."""
    client = client_for(alice)
    client.raise_request_exception = False

    def refuse(self):
        raise OperationalError('connection to server at "127.0.0.1", port 6391 failed')

    monkeypatch.setattr(SessionStore, "load", refuse)
    return client


def test_a_page_answers_503_try_again(signed_in_then_database_refuses):
    response = signed_in_then_database_refuses.get(reverse("dashboard"))
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "Sorry, the service is unavailable" in response.content.decode()


def test_the_api_answers_503_in_json(signed_in_then_database_refuses):
    response = signed_in_then_database_refuses.get("/api/v1/me/")
    assert response.status_code == 503
    assert response.json()["detail"].startswith("The service is unavailable")


def test_other_errors_stay_500(client_for, alice, monkeypatch):
    def broken(self):
        raise RuntimeError("a bug")

    client = client_for(alice)
    client.raise_request_exception = False
    monkeypatch.setattr(SessionStore, "load", broken)
    assert client.get(reverse("dashboard")).status_code == 500
