"""Reading the change history: consortium admins only, their consortium's records only, newest
first, filtered, paged, as CSV and through the API; reading a child's changes is logged."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from boroughs.choices import Role
from boroughs.loading import consortium_load
from boroughs.models import Borough
from placements import services as placement_services
from placements.audit import HISTORY_ERASED, MSG_NAME_HIDDEN, child_history_erase
from placements.models import Child, ChildAccessLog
from providers import services as provider_services
from providers.choices import Regime
from providers.models import DynamicPurchasingSystem, Provider, Setting

from ..factories import UserFactory

pytestmark = pytest.mark.django_db

CHANGES = reverse("change_history")
EXPORT = reverse("change_history_export")
API = "/api/v1/changes/"
NORTH_LONDON = {
    "name": "North London Partnership",
    "slug": "north-london",
    "lead": "E09000007",
    "strands": [
        {
            "kind": "send",
            "slug": "send",
            "name": "SEND independent placements",
            "description": "A second consortium, for tests.",
            "members": {"E09000007": "Camden", "E09000019": "Islington"},
        }
    ],
}


@pytest.fixture
def edits(alice, pat, child, near_setting, send_dps, admin_user):
    """One edit of each kind in the South London consortium, each by its usual actor."""
    placement_services.child_save(actor=alice, child=child, name="Sam Changed")
    provider_services.setting_save(actor=pat, setting=near_setting, vacancies=5)
    provider = Provider.objects.get(pk=near_setting.provider_id)
    provider_services.provider_update(actor=pat, provider=provider, contact_name="Robin New")
    provider_services.dps_update(
        actor=admin_user, dps=send_dps, conditions_of_membership="Ofsted Good or better"
    )
    line = near_setting.prices.get()
    line.education += 10
    line.save()


@pytest.fixture
def north_admin(consortium, tmp_path):
    """A consortium admin of a second consortium (Camden leads it)."""
    path = tmp_path / "north.json"
    path.write_text(json.dumps(NORTH_LONDON), encoding="utf-8")
    consortium_load(definition_path=path)
    return UserFactory(
        borough=Borough.objects.get(ons_code="E09000007"), role=Role.CONSORTIUM_ADMIN
    )


def csv_rows(response) -> list[dict]:
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(text)))


# --- Who may read it -------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.COMMISSIONER, Role.LEAD_ANALYST, Role.BOROUGH_ANALYST])
def test_staff_other_than_consortium_admins_are_refused_the_page_the_csv_and_the_api(
    role, croydon, client_for, api_for, edits
):
    user = UserFactory(borough=croydon, role=role)
    client = client_for(user)
    assert client.get(CHANGES).status_code == 403
    assert client.get(EXPORT).status_code == 403
    assert api_for(user).get(API).status_code == 403
    assert "Change history" not in client.get(reverse("dashboard")).text


def test_a_provider_is_refused_the_change_history(pat, client_for, api_for):
    assert client_for(pat).get(CHANGES).status_code == 403
    assert api_for(pat).get(API).status_code == 403


def test_the_change_history_is_in_a_consortium_admins_menu(admin_user, client_for):
    # Among the consortium's own pages, listed inside its entry of the menu.
    page = client_for(admin_user).get(reverse("user_list")).text
    assert 'aria-label="Consortium"' in page and f'href="{CHANGES}"' in page


# --- Scope: one consortium's records ---------------------------------------------------------------


def test_an_admin_of_another_consortium_sees_none_of_south_londons_changes(
    edits, north_admin, client_for, api_for
):
    page = client_for(north_admin).get(CHANGES).text
    assert "0 changes" in page
    for name in ("CR-0042", "Sam", "Bright Futures", "Ofsted Good or better"):
        assert name not in page
    assert api_for(north_admin).get(API).json()["count"] == 0
    rows = csv_rows(client_for(north_admin).get(EXPORT))
    assert rows == []
    assert not ChildAccessLog.objects.filter(user=north_admin).exists()


def test_south_londons_admin_sees_each_kind_but_not_another_consortiums_dps(
    edits, north_admin, admin_user, client_for
):
    north = north_admin.borough.consortium
    DynamicPurchasingSystem.objects.create(
        consortium=north,
        strand=north.strands.get(),
        name="North London SEND DPS",
        regime=Regime.PCR_2015_DPS,
        starts_on=date(2020, 1, 1),
        ends_on=date(2030, 1, 1),
    )
    page = client_for(admin_user).get(CHANGES).text
    assert "North London SEND DPS" not in page
    for title in (
        "Changed: child&#x27;s record CR-0042 (Croydon)",
        "Changed: setting Bright Futures School",
        "Changed: provider Bright Futures Education Limited",
        "Changed: dynamic purchasing system",
        "Changed: price line Bright Futures School on Lot 1",
    ):
        assert title in page
    assert "North London SEND DPS" in client_for(north_admin).get(CHANGES).text


def test_a_provider_that_never_applied_to_the_consortiums_dps_is_not_listed(
    admin_user, client_for, consortium
):
    Provider.objects.create(legal_name="Unrelated Care Limited", companies_house_number="09999999")
    Setting.objects.create(name="Unrelated House", urn="199999")
    page = client_for(admin_user).get(CHANGES).text
    assert "Unrelated" not in page


# --- The page --------------------------------------------------------------------------------------


def test_changes_are_listed_newest_first_with_who_when_and_the_record(
    edits, admin_user, alice, pat, client_for
):
    page = client_for(admin_user).get(CHANGES).text
    newest_price = page.index("Changed: price line")
    child = page.index("Changed: child&#x27;s record")
    assert newest_price < child  # the price line was changed last
    assert alice.email in page and pat.email in page


def test_filtering_by_kind_lists_only_that_kind(edits, admin_user, client_for):
    page = client_for(admin_user).get(CHANGES, {"kind": "setting"}).text
    assert "setting Bright Futures School" in page
    assert "child&#x27;s record" not in page and "provider Bright" not in page


def test_filtering_by_date_lists_only_changes_made_then(
    edits, admin_user, near_setting, client_for
):
    last_year = timezone.now() - timedelta(days=365)
    Setting.history.filter(id=near_setting.pk).update(history_date=last_year)
    day = last_year.date()
    only_then = {
        "changed_from_0": day.day,
        "changed_from_1": day.month,
        "changed_from_2": day.year,
        "changed_to_0": day.day,
        "changed_to_1": day.month,
        "changed_to_2": day.year,
    }
    page = client_for(admin_user).get(CHANGES, only_then).text
    assert "setting Bright Futures School" in page
    assert "child&#x27;s record" not in page
    today = (
        client_for(admin_user)
        .get(
            CHANGES,
            {
                "changed_from_0": timezone.localdate().day,
                "changed_from_1": timezone.localdate().month,
                "changed_from_2": timezone.localdate().year,
            },
        )
        .text
    )
    assert "setting Bright Futures School" not in today and "child&#x27;s record" in today


def test_dates_the_wrong_way_round_are_refused_at_the_field(admin_user, client_for):
    page = (
        client_for(admin_user)
        .get(
            CHANGES,
            {
                "changed_from_0": "2",
                "changed_from_1": "1",
                "changed_from_2": "2026",
                "changed_to_0": "1",
                "changed_to_1": "1",
                "changed_to_2": "2026",
            },
        )
        .text
    )
    assert "There is a problem" in page
    assert (
        '<a href="#id_changed_to_0">The first date must be on or before the last date</a>' in page
    )
    assert "<title>Error: Change history" in page


def test_a_long_history_is_paged_25_at_a_time_in_a_fixed_number_of_queries(
    admin_user, pat, near_setting, client_for, django_assert_max_num_queries
):
    for vacancies in range(30):
        provider_services.setting_save(actor=pat, setting=near_setting, vacancies=vacancies)
    client = client_for(admin_user)
    client.get(CHANGES)  # warm the session and the menu
    with django_assert_max_num_queries(20):
        first = client.get(CHANGES, {"kind": "setting"}).text
    assert first.count('<div class="govuk-summary-card">') == 25
    assert "31 changes, newest first" in first and "Page 1 of 2" in first
    second = client.get(CHANGES, {"kind": "setting", "page": 2}).text
    assert second.count('<div class="govuk-summary-card">') == 6  # and the setting's creation
    assert "Created: setting Bright Futures School" in second


# --- Children's records: special-category data -----------------------------------------------------


def test_reading_changes_to_children_writes_one_access_log_row_per_child(
    edits, admin_user, charlie, client_for
):
    other = placement_services.child_save(
        actor=charlie,
        reference="BR-0007",
        name="Jo Bromley",
        date_of_birth=date(2014, 5, 1),
        sex="F",
        home_postcode="BR1 1AA",
        primary_need="SEMH",
    )
    client_for(admin_user).get(CHANGES)
    logged = ChildAccessLog.objects.filter(user=admin_user, what="change history")
    assert sorted(logged.values_list("child__reference", flat=True)) == ["BR-0007", "CR-0042"]
    assert other.access_log.count() == 1


def test_a_list_without_childrens_changes_logs_no_access(edits, admin_user, client_for):
    client_for(admin_user).get(CHANGES, {"kind": "provider"})
    assert not ChildAccessLog.objects.filter(user=admin_user).exists()


def test_another_boroughs_childs_name_and_postcode_are_hidden_from_the_admin(
    admin_user, charlie, client_for, home_postcode
):
    child = placement_services.child_save(
        actor=charlie,
        reference="BR-0007",
        name="Jo Bromley",
        date_of_birth=date(2014, 5, 1),
        sex="F",
        home_postcode="BR1 1AA",
        primary_need="SEMH",
    )
    placement_services.child_save(actor=charlie, child=child, name="Jo Changed")
    page = client_for(admin_user).get(CHANGES, {"kind": "child"}).text
    assert "Jo Bromley" not in page and "Jo Changed" not in page
    assert escape(MSG_NAME_HIDDEN) in page
    assert "BR1 1AA" not in page and "BR1" in page


def test_the_childs_own_borough_admin_sees_the_name(admin_user, child, alice, client_for):
    placement_services.child_save(actor=alice, child=child, name="Sam Changed")
    page = client_for(admin_user).get(CHANGES, {"kind": "child"}).text
    assert "Sam Example" in page and "Sam Changed" in page


def test_erasing_a_childs_history_keeps_only_the_record_as_it_now_is(
    child, alice, admin_user, client_for
):
    placement_services.child_save(actor=alice, child=child, name="Sam Changed")
    Child.objects.filter(pk=child.pk).update(name="", home_postcode="CR0 1AA")  # anonymised
    assert child_history_erase(child_id=child.pk) == 2
    versions = Child.history.filter(id=child.pk)
    assert list(versions.values_list("name", "history_change_reason")) == [("", HISTORY_ERASED)]
    page = client_for(admin_user).get(CHANGES, {"kind": "child"}).text
    assert "Sam" not in page and HISTORY_ERASED in page


def test_erasing_a_deleted_childs_history_leaves_nothing(child, alice):
    child_id = child.pk
    child.access_log.all().delete()
    child.delete()
    assert child_history_erase(child_id=child_id) == 2  # created, deleted
    assert not Child.history.filter(id=child_id).exists()


# --- The CSV ---------------------------------------------------------------------------------------


def test_the_csv_has_one_line_per_changed_field_of_the_filtered_list(
    edits, admin_user, alice, client_for
):
    response = client_for(admin_user).get(EXPORT, {"kind": "child"})
    assert "change-history-" in response["Content-Disposition"]
    rows = csv_rows(response)
    name = next(row for row in rows if row["Field"] == "Name" and row["Action"] == "Changed")
    assert (name["From"], name["To"]) == ("Sam Example", "Sam Changed")
    assert name["Changed by"] == str(alice) and name["Email address"] == alice.email
    assert name["Kind of record"] == "Child's record" and name["Record"] == "CR-0042 (Croydon)"
    assert {row["Kind of record"] for row in rows} == {"Child's record"}
    log = ChildAccessLog.objects.get(user=admin_user, what="change history export")
    assert log.child.reference == "CR-0042"


def test_the_page_links_to_the_csv_of_the_same_filters(edits, admin_user, client_for):
    page = client_for(admin_user).get(CHANGES, {"kind": "setting"}).text
    assert f'href="{EXPORT}?kind=setting"' in page
    rows = csv_rows(client_for(admin_user).get(EXPORT, {"kind": "setting"}))
    assert {row["Record"] for row in rows} == {"Bright Futures School"}
    vacancies = next(
        row for row in rows if row["Field"] == "Vacancies" and row["Action"] == "Changed"
    )
    assert (vacancies["From"], vacancies["To"]) == ("2", "5")


def test_a_cell_a_spreadsheet_would_run_is_defused(admin_user, pat, near_setting, client_for):
    provider_services.setting_save(actor=pat, setting=near_setting, name="=HYPERLINK(1)")
    rows = csv_rows(client_for(admin_user).get(EXPORT, {"kind": "setting"}))
    assert rows[0]["To"] == "'=HYPERLINK(1)"


# --- The API ---------------------------------------------------------------------------------------


def test_the_api_lists_the_same_changes_with_each_field_from_and_to(
    edits, admin_user, alice, api_for
):
    response = api_for(admin_user).get(API, {"kind": "child"})
    assert response.status_code == 200
    newest = response.json()["results"][0]
    assert newest["kind"] == "child" and newest["action"] == "Changed"
    assert newest["changed_by"] == alice.email
    assert newest["record"] == "CR-0042 (Croydon)"
    assert {"field": "Name", "before": "Sam Example", "after": "Sam Changed"} in newest["changes"]
    assert ChildAccessLog.objects.filter(user=admin_user, what="change history (API)").count() == 1


def test_the_api_refuses_a_kind_it_does_not_know_and_dates_the_wrong_way_round(admin_user, api_for):
    api = api_for(admin_user)
    assert api.get(API, {"kind": "placement"}).status_code == 400
    response = api.get(API, {"changed_from": "2026-02-01", "changed_to": "2026-01-01"})
    assert response.status_code == 400
    assert "changed_to" in response.json()


def test_the_api_is_in_the_openapi_schema(admin_user, client_for):
    schema = client_for(admin_user).get(reverse("api_schema"), {"format": "json"}).json()
    operation = schema["paths"]["/api/v1/changes/"]["get"]
    assert {p["name"] for p in operation["parameters"]} >= {
        "kind",
        "changed_from",
        "changed_to",
        "page",
    }


def test_past_versions_are_scoped_by_the_one_policy(edits, admin_user, alice, north_admin, pat):
    versions = Child.history.model.objects
    assert versions.for_user(admin_user).filter(reference="CR-0042").exists()
    for outsider in (alice, north_admin, pat):  # a commissioner, another consortium, a provider
        assert not versions.for_user(outsider).exists()
    operator = UserFactory(borough=None, role=Role.CONSORTIUM_ADMIN, with_mfa=True)
    operator.is_superuser = True
    operator.save()
    assert versions.for_user(operator).count() == versions.count()
