"""Borough tenancy: another borough's objects answer 404, in pages and in the API."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from boroughs.choices import Role
from boroughs.models import Borough, Invitation, User

from ..conftest import BROMLEY
from ..factories import InvitationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_commissioner_gets_404_for_another_boroughs_page(client_for, alice, bromley):
    response = client_for(alice).get(reverse("borough_detail", args=[BROMLEY]))
    assert response.status_code == 404


def test_a_commissioner_sees_their_own_boroughs_page(client_for, alice, croydon):
    response = client_for(alice).get(reverse("borough_detail", args=[croydon.ons_code]))
    assert response.status_code == 200
    assert "Croydon" in response.text


def test_a_commissioner_gets_404_for_a_user_of_another_borough(client_for, alice, charlie):
    response = client_for(alice).get(reverse("user_detail", args=[charlie.public_id]))
    assert response.status_code == 404


def test_a_commissioner_sees_a_colleague_in_the_same_borough(client_for, alice, bob):
    response = client_for(alice).get(reverse("user_detail", args=[bob.public_id]))
    assert response.status_code == 200
    assert bob.email in response.text


def test_the_user_list_shows_only_the_commissioners_borough(client_for, alice, bob, charlie):
    response = client_for(alice).get(reverse("user_list"))
    assert bob.email in response.text
    assert charlie.email not in response.text


def test_the_api_answers_404_for_another_boroughs_objects(api_for, alice, charlie, bromley):
    api = api_for(alice)
    assert api.get(f"/api/v1/boroughs/{BROMLEY}/").status_code == 404
    assert api.get(f"/api/v1/users/{charlie.public_id}/").status_code == 404
    emails = [row["email"] for row in api.get("/api/v1/users/").json()["results"]]
    assert alice.email in emails
    assert charlie.email not in emails


def test_a_lead_borough_analyst_sees_every_member_borough(api_for, lead_analyst, charlie):
    api = api_for(lead_analyst)
    codes = {row["ons_code"] for row in api.get("/api/v1/boroughs/").json()["results"]}
    assert len(codes) == 12
    assert api.get(f"/api/v1/users/{charlie.public_id}/").status_code == 200


def test_a_bromley_analyst_sees_only_bromley(api_for, bromley_analyst):
    rows = api_for(bromley_analyst).get("/api/v1/boroughs/").json()["results"]
    assert [row["ons_code"] for row in rows] == [BROMLEY]


def test_a_user_without_a_borough_sees_no_borough_rows(api_for, provider_user):
    assert api_for(provider_user).get("/api/v1/boroughs/").json()["results"] == []
    assert api_for(provider_user).get("/api/v1/users/").json()["results"] == []


# --- The sweep: every URL that names an object refuses the outsider -------------------------------
# For each URL keyword, how to find an object that belongs to Croydon (the outsider is Bromley's
# charlie). A new URL keyword fails this test until someone says what it points at.
def _croydon_object_value(kwarg: str, *, croydon_user: User, croydon_invitation: Invitation):
    values = {
        "ons_code": Borough.objects.get(ons_code="E09000008").ons_code,
        "public_id": croydon_user.public_id,
        "id": None,  # API detail routes: resolved per route below
        "slug": None,
    }
    if kwarg not in values:
        raise AssertionError(f"Tenancy sweep does not know the URL keyword {kwarg!r}")
    return values[kwarg]


API_OBJECTS = {
    "user-detail": lambda user, invitation: user.public_id,
    "invitation-detail": lambda user, invitation: invitation.public_id,
}
# Routes whose objects are not borough-owned: strands are shared by the whole consortium, and
# so are the peer network's threads (every member borough's staff read and reply to them;
# tests/boroughs/test_threads.py has the providers' 404s).
NOT_BOROUGH_OWNED = {"strand-detail", "thread-detail", "thread-reply", "thread_detail"}
PUBLIC_OR_FOREIGN_APPS = ("admin", "account_", "mfa_", "socialaccount", "invitation_accept", "api_")


# Namespaces swept elsewhere: tests/providers sweeps the DPS's with another provider as the
# outsider; tests/placements, tests/outcomes, tests/reports and tests/dataprotection sweep theirs
# with both outsiders.
PROVIDER_NAMESPACES = {
    "providers",
    "dps_api",
    "placements",
    "placements_api",
    "outcomes",
    "outcomes_api",
    "reports",
    "reports_api",
    "dataprotection",
    "dataprotection_api",
}


def _named_patterns(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin" or entry.namespace in PROVIDER_NAMESPACES:
                continue
            yield from _named_patterns(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern) and entry.name and entry.pattern.regex.groupindex:
            yield entry.name, list(entry.pattern.regex.groupindex)


def test_every_object_url_answers_404_to_another_borough(client_for, charlie, croydon, admin_user):
    croydon_user = UserFactory(borough=croydon, role=Role.COMMISSIONER)
    invitation = InvitationFactory(borough=croydon, invited_by=admin_user)
    client = client_for(charlie)
    checked = []
    for name, kwargs in _named_patterns():
        if name.startswith(PUBLIC_OR_FOREIGN_APPS) or name in NOT_BOROUGH_OWNED:
            continue
        if "format" in kwargs:
            continue
        if name in API_OBJECTS:
            values = {kwargs[0]: API_OBJECTS[name](croydon_user, invitation)}
        else:
            values = {
                kw: _croydon_object_value(
                    kw, croydon_user=croydon_user, croydon_invitation=invitation
                )
                for kw in kwargs
            }
        url = reverse(name, kwargs=values)
        status = client.get(url).status_code
        assert status in (403, 404), f"{name} ({url}) answered {status} to another borough"
        checked.append(name)
    assert {"borough_detail", "user_detail", "borough-detail", "user-detail"} <= set(checked)
