"""What the portal derives about a setting is never taken from its provider.

Where a setting is (latitude, longitude) and its local authority come from its postcode, and its
Section 41 status from the DfE's list (GIAS): a provider writing them through the API, to sit at
a child's home and top the matching, changes nothing. The setting's type must be one the portal
knows, on the page and in the API alike.
"""

from decimal import Decimal

import pytest
from django.urls import reverse

from boroughs.models import Postcode
from providers.models import MSG_SETTING_TYPE, Setting
from providers.services import MSG_POSTCODE

pytestmark = pytest.mark.django_db

API = "/api/v1/dps/settings"
SUTTON = ("SM1 1EA", Decimal("51.36181"), Decimal("-0.19324"), "E09000029", "319")
CHILDS_HOME = {"latitude": "51.36765", "longitude": "-0.10040"}  # tests.placements.fixtures.HOME


@pytest.fixture
def sutton_postcode(db):
    postcode, latitude, longitude, ons_code, _ = SUTTON
    return Postcode.objects.create(
        postcode=postcode, outcode="SM1", latitude=latitude, longitude=longitude, lad_code=ons_code
    )


def where(row: dict) -> tuple:
    return (row["latitude"], row["longitude"], row["dfe_la_code"])


SUTTON_SHOWN = (str(SUTTON[1]), str(SUTTON[2]), SUTTON[4])


def test_a_provider_cannot_move_its_setting_to_the_childs_home_through_the_api(
    api_for, olly, alice, far_setting, draft_request, sutton_postcode
):
    api = api_for(olly)
    url = f"{API}/{far_setting.public_id}/"
    located = api.patch(url, {"postcode": "sm11ea"}, format="json")
    assert located.status_code == 200, located.json()
    assert where(located.json()) == SUTTON_SHOWN

    moved = api.patch(url, {**CHILDS_HOME, "dfe_la_code": "306"}, format="json")
    assert moved.status_code == 200
    assert where(moved.json()) == SUTTON_SHOWN
    assert where(api.get(url).json()) == SUTTON_SHOWN

    matches = api_for(alice).get(f"/api/v1/placements/requests/{draft_request.public_id}/matches/")
    distance = {m["name"]: Decimal(m["distance_km"]) for m in matches.json()["results"]}
    assert distance[far_setting.name] > Decimal("6")


def test_a_new_setting_is_placed_by_its_postcode_whatever_the_api_is_sent(
    api_for, pat, sutton_postcode
):
    body = {"name": "Riverside House", "postcode": "SM1 1EA", **CHILDS_HOME, "dfe_la_code": "306"}
    created = api_for(pat).post(f"{API}/", body, format="json")
    assert created.status_code == 201, created.json()
    assert where(created.json()) == SUTTON_SHOWN
    unknown = api_for(pat).post(
        f"{API}/", {"name": "Weald House", "postcode": "TN1 1AA", **CHILDS_HOME}, format="json"
    )
    assert unknown.status_code == 201
    assert where(unknown.json()) == (None, None, "")


SETTING_PAGE = {
    "name": "Hillside School",
    "establishment_type": "10",
    "age_low": "7",
    "age_high": "19",
    "sex": "mixed",
    "vacancies": "4",
    "provision": ["day"],
    "weeks_offered": ["38"],
    "needs": ["ASD"],
    "postcode": "SM1 1EA",
}


def test_a_setting_added_on_the_page_is_placed_by_its_postcode(client_for, pat, sutton_postcode):
    response = client_for(pat).post(reverse("providers:setting_create"), SETTING_PAGE)
    assert response.status_code == 302
    setting = Setting.objects.get(name="Hillside School")
    _, latitude, longitude, _, la_code = SUTTON
    assert (setting.latitude, setting.longitude, setting.dfe_la_code) == (
        latitude,
        longitude,
        la_code,
    )


def test_section_41_status_comes_from_the_dfe_list_not_the_provider(
    api_for, client_for, pat, near_setting
):
    url = f"{API}/{near_setting.public_id}/"
    response = api_for(pat).patch(url, {"section41_status": "approved"}, format="json")
    assert response.status_code == 200
    assert response.json()["section41_status"] == ""
    page = client_for(pat).get(reverse("providers:setting_update", args=[near_setting.public_id]))
    assert "Section 41 status" not in page.text


@pytest.mark.parametrize("kind", ["XYZ", "99", "07", "K9"])
def test_an_unknown_setting_type_is_refused_in_the_api_and_on_the_page(
    api_for, client_for, pat, near_setting, kind
):
    created = api_for(pat).post(
        f"{API}/", {"name": "Riverside House", "establishment_type": kind}, format="json"
    )
    assert created.status_code == 400
    assert created.json() == {"establishment_type": [MSG_SETTING_TYPE]}
    assert not Setting.objects.filter(name="Riverside House").exists()
    changed = api_for(pat).patch(
        f"{API}/{near_setting.public_id}/", {"establishment_type": kind}, format="json"
    )
    assert changed.status_code == 400
    near_setting.refresh_from_db()
    assert near_setting.establishment_type == "10"
    page = client_for(pat).post(
        reverse("providers:setting_create"), {**SETTING_PAGE, "establishment_type": kind}
    )
    assert page.status_code == 200
    assert "Select the type of setting" in page.text
    assert not Setting.objects.filter(name="Hillside School").exists()


def test_a_postcode_that_is_not_one_is_refused_in_the_api(api_for, pat):
    response = api_for(pat).post(
        f"{API}/", {"name": "Riverside House", "postcode": "NOTACODE"}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"postcode": [MSG_POSTCODE]}
