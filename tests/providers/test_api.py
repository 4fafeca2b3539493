"""The DPS API at /api/v1/dps/: who sees which rows, and providers' settings."""

import pytest

from providers import services
from providers.models import DocumentDownload, Provider

from .conftest import ids

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_send_dps")]

API = "/api/v1/dps"
LISTS = [
    "dps",
    "providers",
    "settings",
    "applications",
    "documents",
    "clarifications",
    "enrolments",
]


# --- Who sees what -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", LISTS)
def test_anonymous_requests_are_refused(client, name):
    response = client.get(f"{API}/{name}/")
    assert response.status_code == 401


def test_an_unknown_path_under_the_api_answers_json_404(api_for, provider_olly):
    response = api_for(provider_olly).post(f"{API}/applications/0.5/submit/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_another_provider_sees_none_of_the_first_ones_rows(
    api_for, provider_olly, draft_application, setting
):
    api = api_for(provider_olly)
    document = draft_application.documents.first()
    for name, row in [
        ("applications", draft_application),
        ("settings", setting),
        ("documents", document),
        ("providers", draft_application.provider),
    ]:
        assert str(row.public_id) not in ids(api.get(f"{API}/{name}/")), name
        assert api.get(f"{API}/{name}/{row.public_id}/").status_code == 404, name
    assert api.get(f"{API}/documents/{document.public_id}/download/").status_code == 404
    assert not DocumentDownload.objects.exists()


def test_a_provider_sees_its_own_organisation_only(api_for, provider_alice, provider_olly):
    rows = api_for(provider_alice).get(f"{API}/providers/").json()["results"]
    assert [row["legal_name"] for row in rows] == ["Bright Futures Education Limited"]


def test_council_staff_list_every_providers_applications(
    api_for, charlie, draft_application, provider_olly, dps
):
    olly_application = services.application_start(actor=provider_olly, dps=dps)
    listed = ids(api_for(charlie).get(f"{API}/applications/"))
    assert set(listed) == {str(draft_application.public_id), str(olly_application.public_id)}
    providers = api_for(charlie).get(f"{API}/providers/").json()["results"]
    listed = {row["legal_name"] for row in providers}
    assert listed == set(Provider.objects.values_list("legal_name", flat=True))
    assert {"Bright Futures Education Limited", "Other Schools Limited"} <= listed


def test_a_borough_analyst_sees_applications_but_not_their_evidence(
    api_for, bromley_analyst, draft_application
):
    api = api_for(bromley_analyst)
    document = draft_application.documents.first()
    assert ids(api.get(f"{API}/applications/")) == [str(draft_application.public_id)]
    assert ids(api.get(f"{API}/documents/")) == []
    assert api.get(f"{API}/documents/{document.public_id}/").status_code == 404
    assert api.get(f"{API}/documents/{document.public_id}/download/").status_code == 404


def test_every_provider_sees_the_dps_and_its_lots(api_for, provider_olly, dps):
    rows = api_for(provider_olly).get(f"{API}/dps/").json()["results"]
    send = next(row for row in rows if row["id"] == str(dps.public_id))
    assert send["lots"][0] == {
        "number": 1,
        "kind": "iss_day",
        "name": "Independent special school: day",
        "description": "",
    }


def test_the_application_list_costs_the_same_queries_for_more_rows(
    api_for, charlie, draft_application, provider_olly, dps, django_assert_max_num_queries
):
    api = api_for(charlie)
    with django_assert_max_num_queries(20) as one:
        api.get(f"{API}/applications/")
    for _ in range(3):
        services.application_start(actor=provider_olly, dps=dps)
    with django_assert_max_num_queries(len(one.captured_queries)):
        api.get(f"{API}/applications/")


# --- Settings -----------------------------------------------------------------------------------


def test_a_provider_adds_a_setting_and_changes_it(api_for, provider_alice):
    api = api_for(provider_alice)
    response = api.post(
        f"{API}/settings/",
        {"name": "Riverside House", "urn": "149002", "needs": ["SEMH"], "weeks_offered": [52]},
        format="json",
    )
    assert response.status_code == 201, response.json()
    created = response.json()
    assert created["needs"] == ["SEMH"]
    assert created["provider"] == str(provider_alice.provider_membership.provider.public_id)
    changed = api.patch(f"{API}/settings/{created['id']}/", {"vacancies": 2}, format="json")
    assert changed.status_code == 200
    assert changed.json()["vacancies"] == 2


def test_council_staff_cannot_add_a_setting(api_for, charlie):
    response = api_for(charlie).post(f"{API}/settings/", {"name": "Anywhere"}, format="json")
    assert response.status_code == 403
    assert response.json() == {"detail": "Only the provider's own users can do this"}


def test_a_setting_with_a_bad_urn_is_refused_naming_the_field(api_for, provider_alice):
    response = api_for(provider_alice).post(
        f"{API}/settings/", {"name": "Riverside House", "urn": "12"}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"urn": ["Enter a 6-digit URN, like 101234"]}


def test_settings_filter_by_need_vacancies_type_and_lot(
    api_for, charlie, setting, accredited_application, provider_olly
):
    services.setting_save(
        actor=provider_olly,
        name="Hillside College",
        establishment_type="32",
        needs=["SEMH"],
        vacancies=0,
    )
    api = api_for(charlie)

    def names(query):
        response = api.get(f"{API}/settings/?{query}")
        assert response.status_code == 200, response.json()
        return [row["name"] for row in response.json()["results"] if row["provider"]]

    assert names("need=ASD") == ["Bright Futures School"]
    assert names("need=SEMH") == ["Hillside College"]
    assert names("has_vacancies=true") == ["Bright Futures School"]
    assert names("establishment_type=32") == ["Hillside College"]
    assert names("lot=iss_day") == ["Bright Futures School"]
    assert api.get(f"{API}/settings/?need=NOPE").status_code == 400
    detail = api.get(f"{API}/settings/{setting.public_id}/").json()
    assert detail["enrolled_lots"] == ["iss_day"]
