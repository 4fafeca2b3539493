"""An invitation supersedes only its own issuer's pending invitations to the same address.

Inviting an address again withdraws the earlier link from the same provider (or the same
consortium, for council staff), so only the newest works. Another provider or another consortium
inviting the same person must not withdraw it: the first link keeps working.
"""

import json
import re

import pytest
from django.core import mail
from django.urls import reverse

from boroughs.choices import Role
from boroughs.loading import consortium_load

from ..factories import UserFactory, borough

pytestmark = pytest.mark.django_db

EMAIL = "jo.shared@example.org"
BARNET, CAMDEN = "E09000003", "E09000007"
NORTH_LONDON = {
    "name": "North London Placements Partnership",
    "short_name": "NLPP",
    "slug": "north-london",
    "lead": BARNET,
    "strands": [
        {
            "kind": "send",
            "slug": "send",
            "name": "SEND independent placements",
            "description": "A second consortium, for tests.",
            "members": {BARNET: "Test member", CAMDEN: "Test member"},
        }
    ],
}


def last_link(pattern: str) -> str:
    return re.search(pattern, mail.outbox[-1].body).group(0)


# --- Council staff ---------------------------------------------------------------------------


@pytest.fixture
def north_admin(consortium, tmp_path):
    definition = tmp_path / "north_london.json"
    definition.write_text(json.dumps(NORTH_LONDON), encoding="utf-8")
    consortium_load(definition_path=definition)
    return UserFactory(borough=borough(BARNET), role=Role.CONSORTIUM_ADMIN)


def staff_invite(api_for, admin, ons_code: str, capture) -> str:
    body = {"email": EMAIL, "borough": ons_code, "role": Role.COMMISSIONER}
    with capture(execute=True):
        response = api_for(admin).post("/api/v1/invitations/", body)
    assert response.status_code == 201, response.json()
    return last_link(r"http://\S+/invitations/\S+/")


def status_of(api_for, admin) -> list[str]:
    rows = api_for(admin).get("/api/v1/invitations/").json()["results"]
    return [row["status"] for row in rows if row["email"] == EMAIL]


def test_another_consortium_inviting_the_same_person_leaves_our_invitation_working(
    api_for, client, admin_user, north_admin, django_capture_on_commit_callbacks
):
    ours = staff_invite(api_for, admin_user, "E09000006", django_capture_on_commit_callbacks)
    staff_invite(api_for, north_admin, CAMDEN, django_capture_on_commit_callbacks)
    assert status_of(api_for, admin_user) == ["pending"]
    assert status_of(api_for, north_admin) == ["pending"]
    page = client.get(ours)
    assert page.status_code == 200
    assert "Create your account" in page.text


def test_inviting_again_in_the_same_consortium_withdraws_the_earlier_link(
    api_for, client, admin_user, django_capture_on_commit_callbacks
):
    first = staff_invite(api_for, admin_user, "E09000006", django_capture_on_commit_callbacks)
    staff_invite(api_for, admin_user, "E09000029", django_capture_on_commit_callbacks)
    assert sorted(status_of(api_for, admin_user)) == ["pending", "revoked"]
    assert client.get(first).status_code == 410


# --- Providers' colleagues ------------------------------------------------------------------------


def colleague_invite(client, user, capture) -> str:
    client.force_login(user)
    with capture(execute=True):
        response = client.post(reverse("providers:colleagues"), {"email": EMAIL})
    assert response.status_code == 302
    client.logout()
    return last_link(r"http://\S+/dps/join/\S+/")


def test_another_provider_inviting_the_same_person_leaves_our_invitation_working(
    client, pat, olly, django_capture_on_commit_callbacks
):
    ours = colleague_invite(client, pat, django_capture_on_commit_callbacks)
    colleague_invite(client, olly, django_capture_on_commit_callbacks)
    page = client.get(ours)
    assert page.status_code == 200
    assert "Bright Futures Education Limited" in page.text
    client.force_login(pat)
    assert EMAIL in client.get(reverse("providers:colleagues")).text


def test_inviting_a_colleague_again_withdraws_the_earlier_link(
    client, pat, django_capture_on_commit_callbacks
):
    first = colleague_invite(client, pat, django_capture_on_commit_callbacks)
    colleague_invite(client, pat, django_capture_on_commit_callbacks)
    assert client.get(first).status_code == 410
