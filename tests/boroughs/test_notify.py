"""GOV.UK Notify: with an API key, the portal's mail goes through Notify's API.

A local stand-in for Notify's API (a real HTTP server on this machine, answering as Notify
does) receives what the portal sends: the Notify client signs each request with a JWT made from
the API key, and posts the plain template's personalisation.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import uuid
from pathlib import Path

import jwt
import pytest
from django.urls import reverse

from ..stand_ins import StandIn, serving

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
SERVICE_ID, SECRET = str(uuid.uuid4()), str(uuid.uuid4())
API_KEY = f"portal_test-{SERVICE_ID}-{SECRET}"  # Notify's key format: name, service id, secret
TEMPLATE_ID = str(uuid.uuid4())


class FakeNotify(StandIn):
    received: list[dict] = []

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.received.append(
            {"path": self.path, "authorization": self.headers["Authorization"], "body": body}
        )
        self.answer({"id": str(uuid.uuid4()), "template": {"id": body["template_id"]}}, 201)


@pytest.fixture
def notify(settings):
    FakeNotify.received = []
    with serving(FakeNotify) as url:
        settings.EMAIL_BACKEND = "boroughs.mail.NotifyEmailBackend"
        settings.GOVUK_NOTIFY_API_KEY = API_KEY
        settings.GOVUK_NOTIFY_PLAIN_EMAIL_TEMPLATE_ID = TEMPLATE_ID
        settings.GOVUK_NOTIFY_BASE_URL = url
        yield FakeNotify.received


def test_a_password_reset_reaches_the_user_through_notify_signed_with_the_key(
    client, alice, notify
):
    client.post(reverse("account_reset_password"), {"email": alice.email})

    [sent] = notify
    assert sent["path"] == "/v2/notifications/email"
    assert sent["body"]["email_address"] == alice.email
    assert sent["body"]["template_id"] == TEMPLATE_ID
    personalisation = sent["body"]["personalisation"]
    assert "Password Reset" in personalisation["subject"]
    assert re.search(r"/accounts/password/reset/key/\S+/", personalisation["body"])
    token = sent["authorization"].removeprefix("Bearer ")
    claims = jwt.decode(token, SECRET, algorithms=["HS256"])
    assert claims["iss"] == SERVICE_ID


def test_an_api_key_without_the_template_stops_the_portal_starting():
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={"PATH": os.environ["PATH"], "DEBUG": "true", "GOVUK_NOTIFY_API_KEY": API_KEY},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "Set GOVUK_NOTIFY_PLAIN_EMAIL_TEMPLATE_ID" in result.stderr
