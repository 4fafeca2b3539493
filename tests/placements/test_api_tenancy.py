"""Who sees what through the placements API: another borough and another provider get 404 and
empty lists; providers see needs, never identity; analysts read but do not write."""

import pytest

from boroughs.choices import Role
from placements import services
from placements.models import Child, ChildAccessLog, PlacementRequest

from ..factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_send_dps")]

API = "/api/v1/placements"
LISTS = ["children", "requests", "invitations", "questions", "placements"]
IDENTITY = ["Sam Example", "CR-0042", "2016-03-14", "CR0 1AA"]


@pytest.fixture
def question(pat, near_invitation):
    """Asked while the request is open (before `placement` moves it on)."""
    return services.question_ask(
        actor=pat, invitation=near_invitation, question="Is transport arranged?"
    )


@pytest.fixture
def croydon_rows(question, placement, child, evaluating_request, near_invitation):
    """Every kind of Croydon object, by list name; the question is asked before the award."""
    return {
        "children": child,
        "requests": evaluating_request,
        "invitations": near_invitation,
        "questions": question,
        "placements": placement,
    }


@pytest.fixture
def croydon_analyst(croydon):
    return UserFactory(borough=croydon, role=Role.BOROUGH_ANALYST)


# Every object endpoint and action: (list name, method, path after the id).
OBJECT_ENDPOINTS = [
    ("children", "get", ""),
    ("children", "patch", ""),
    ("requests", "get", ""),
    ("requests", "patch", ""),
    ("requests", "get", "matches/"),
    ("requests", "post", "invite/"),
    ("requests", "post", "close/"),
    ("requests", "post", "cancel/"),
    ("requests", "post", "none-suitable/"),
    ("requests", "post", "award/"),
    ("requests", "get", "evaluation/"),
    ("invitations", "get", ""),
    ("invitations", "post", "offer/"),
    ("invitations", "post", "decline/"),
    ("invitations", "post", "withdraw/"),
    ("invitations", "post", "questions/"),
    ("invitations", "post", "rate/"),
    ("questions", "get", ""),
    ("questions", "post", "answer/"),
    ("placements", "get", ""),
    ("placements", "patch", ""),
    ("placements", "post", "fee-change/"),
    ("placements", "post", "end/"),
    ("placements", "post", "move/"),
]
INVITATION_ACTIONS = [(m, p) for name, m, p in OBJECT_ENDPOINTS if name == "invitations"]


def ids(response) -> list[str]:
    assert response.status_code == 200
    return [row["id"] for row in response.json()["results"]]


def call(api, method: str, url: str):
    return getattr(api, method)(url, {"reason": "Because"}, format="json")


@pytest.mark.parametrize("name", [*LISTS, "savings"])
def test_anonymous_requests_are_refused(client, name):
    assert client.get(f"{API}/{name}/").status_code == 401


def test_the_owning_borough_lists_every_object(api_for, alice, croydon_rows):
    api = api_for(alice)
    for name, row in croydon_rows.items():
        assert str(row.public_id) in ids(api.get(f"{API}/{name}/")), name
        assert api.get(f"{API}/{name}/{row.public_id}/").status_code == 200, name


def test_another_borough_sees_empty_lists(api_for, charlie, croydon_rows):
    api = api_for(charlie)
    for name in LISTS:
        assert ids(api.get(f"{API}/{name}/")) == [], name


@pytest.mark.parametrize("name,method,action", OBJECT_ENDPOINTS)
def test_another_borough_gets_404_on_every_object_and_action(
    api_for, charlie, croydon_rows, name, method, action
):
    before = ChildAccessLog.objects.count()
    response = call(
        api_for(charlie), method, f"{API}/{name}/{croydon_rows[name].public_id}/{action}"
    )
    assert response.status_code == 404
    assert ChildAccessLog.objects.count() == before


@pytest.mark.parametrize("method,action", INVITATION_ACTIONS)
def test_another_provider_gets_404_on_the_invitation_and_its_actions(
    api_for, olly, near_invitation, method, action
):
    response = call(
        api_for(olly), method, f"{API}/invitations/{near_invitation.public_id}/{action}"
    )
    assert response.status_code == 404


def test_another_provider_sees_only_its_own_invitation(api_for, olly, far_invitation):
    assert ids(api_for(olly).get(f"{API}/invitations/")) == [str(far_invitation.public_id)]


def test_a_providers_invitation_shows_needs_but_never_who_the_child_is(
    api_for, pat, near_invitation
):
    api = api_for(pat)
    for url in [f"{API}/invitations/", f"{API}/invitations/{near_invitation.public_id}/"]:
        response = api.get(url)
        assert response.status_code == 200
        text = response.content.decode()
        for identity in IDENTITY:
            assert identity not in text, (url, identity)
        assert '"postcode_district":"CR0"' in text.replace(" ", "")
    shown = response.json()
    assert (shown["audience"], shown["primary_need"], shown["sex"]) == ("provider", "ASD", "M")
    assert shown["needs_summary"].startswith("Autistic")
    assert "child" not in shown and "child_reference" not in shown


def test_a_provider_never_sees_an_invitation_to_a_draft(api_for, pat, draft_request, near_setting):
    from placements.models import RequestInvitation

    invitation = RequestInvitation.objects.create(
        request=draft_request,
        setting=near_setting,
        provider=near_setting.provider,
        invited_by=draft_request.created_by,
    )
    api = api_for(pat)
    assert ids(api.get(f"{API}/invitations/")) == []
    assert api.get(f"{API}/invitations/{invitation.public_id}/").status_code == 404


def test_a_provider_gets_404_and_empty_lists_on_children_and_requests(api_for, pat, croydon_rows):
    api = api_for(pat)
    for name in ["children", "requests"]:
        assert ids(api.get(f"{API}/{name}/")) == [], name
        assert api.get(f"{API}/{name}/{croydon_rows[name].public_id}/").status_code == 404, name
    url = f"{API}/requests/{croydon_rows['requests'].public_id}/close/"
    assert api.post(url).status_code == 404


def test_a_provider_sees_its_placement_anonymised_and_without_the_boroughs_figures(
    api_for, pat, olly, placement
):
    response = api_for(pat).get(f"{API}/placements/{placement.public_id}/")
    assert response.status_code == 200
    for identity in IDENTITY:
        assert identity not in response.content.decode()
    shown = response.json()
    assert (shown["audience"], shown["agreed_weekly"]) == ("provider", "1520.00")
    assert not {"child", "spot_weekly", "saving_vs_ceiling", "saving_vs_spot"} & set(shown)
    assert ids(api_for(olly).get(f"{API}/placements/")) == []
    assert api_for(olly).get(f"{API}/placements/{placement.public_id}/").status_code == 404


def test_a_provider_cannot_change_a_placement(api_for, pat, placement):
    url = f"{API}/placements/{placement.public_id}/"
    assert api_for(pat).patch(url, {"spot_weekly": "1.00"}, format="json").status_code == 403


def test_providers_get_no_savings(api_for, pat, placement):
    assert api_for(pat).get(f"{API}/savings/").status_code == 403


def test_a_borough_analyst_reads_but_gets_403_on_writes(
    api_for, croydon_analyst, croydon_rows, child
):
    api = api_for(croydon_analyst)
    assert ids(api.get(f"{API}/requests/")) == [str(croydon_rows["requests"].public_id)]
    request_url = f"{API}/requests/{croydon_rows['requests'].public_id}"
    placement_url = f"{API}/placements/{croydon_rows['placements'].public_id}"
    writes = [
        api.post(f"{API}/children/", {"reference": "CR-1"}, format="json"),
        api.patch(f"{API}/children/{child.public_id}/", {"name": "X"}, format="json"),
        api.post(f"{API}/requests/", {"child": str(child.public_id)}, format="json"),
        api.post(f"{request_url}/cancel/", {"reason": "No"}, format="json"),
        api.patch(f"{placement_url}/", {"spot_weekly": "1.00"}, format="json"),
        api.post(f"{placement_url}/end/", {"ends_on": "2030-01-01", "reason": "E8"}),
    ]
    assert [response.status_code for response in writes] == [403] * len(writes)
    assert Child.objects.get().name == "Sam Example"
    assert PlacementRequest.objects.get().status == "awarded"


def test_another_boroughs_analyst_cannot_record_a_child(api_for, bromley_analyst):
    body = {
        "reference": "BR-1",
        "date_of_birth": "2014-01-01",
        "sex": "F",
        "home_postcode": "BR1 1AB",
        "primary_need": "SEMH",
    }
    response = api_for(bromley_analyst).post(f"{API}/children/", body, format="json")
    assert response.status_code == 403
    assert not Child.objects.exists()
