"""Placement pages: the commissioners' list, record, CSV and changes; the providers' own view.

Every money figure is the selector's annotation, so the page, its totals row and the CSV agree.
Another borough's placement is a 404, analysts cannot change anything, and providers never see
who the child is.
"""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from placements import selectors
from placements.models import FeeChange, Placement
from providers.models import Enrolment

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_award_chain")]

ACTIONS = ("placement_fee_change", "placement_edit", "placement_end", "placement_move")
IDENTITY = ("Sam Example", "CR-0042", "CR0 1AA", "14 March 2016", "2016-03-14")


def url(name: str, placement: Placement) -> str:
    return reverse(f"placements:{name}", kwargs={"public_id": placement.public_id})


def date_parts(name: str, day) -> dict:
    return {f"{name}_0": day.day, f"{name}_1": day.month, f"{name}_2": day.year}


def started(placement: Placement, *, days_ago: int) -> Placement:
    """The placement as if it had begun `days_ago` days ago at its agreed fee."""
    begun = timezone.localdate() - timedelta(days=days_ago)
    Placement.objects.filter(pk=placement.pk).update(starts_on=begun)
    FeeChange.objects.filter(placement=placement).update(effective_from=begun)
    placement.refresh_from_db()
    return placement


def copies(placement: Placement, count: int) -> None:
    """More placements like this one, each with its first fee row (for query counts)."""
    for number in range(count):
        copy = Placement.objects.create(
            borough=placement.borough,
            child=placement.child,
            setting=placement.setting,
            provider=placement.provider,
            lot=placement.lot,
            weeks_per_year=38,
            starts_on=placement.starts_on + timedelta(days=number + 1),
            agreed_weekly=Decimal("1500.00"),
            ceiling_weekly=Decimal("1650.50"),
            created_by=placement.created_by,
        )
        FeeChange.objects.create(
            placement=copy,
            effective_from=copy.starts_on,
            weekly_fee=copy.agreed_weekly,
            recorded_by=placement.created_by,
        )


# --- The list, its totals and the CSV -----------------------------------------------------------


def test_the_list_shows_the_placement_and_its_annual_saving(client_for, alice, placement):
    page = client_for(alice).get(reverse("placements:placement_list"))

    assert page.status_code == 200
    text = page.content.decode()
    assert placement.reference in text
    assert "CR-0042" in text
    assert "Bright Futures School" in text
    assert "£1,520.00" in text  # current weekly fee
    assert "£57,760.00" in text  # committed annual cost
    assert "£4,959.00" in text  # (1,650.50 - 1,520.00) x 38


def sums(rows) -> dict:
    return {
        "placements": len(rows),
        "committed_annual": sum((row.committed_annual for row in rows), Decimal("0.00")),
        "saving_vs_ceiling": sum(
            (row.saving_vs_ceiling or Decimal(0) for row in rows), Decimal("0.00")
        ),
    }


@pytest.mark.parametrize("query", ("", "?status=active", "?status=ended"))
def test_the_totals_row_is_the_sum_of_the_rows_shown(client_for, alice, placement, query):
    started(placement, days_ago=30)  # and the copies a day and two later: all begun
    copies(placement, 2)
    Placement.objects.filter(pk=placement.pk).update(
        status="ended", ends_on=placement.starts_on, end_reason="E8"
    )

    page = client_for(alice).get(reverse("placements:placement_list") + query)

    rows, totals = page.context["placements"], page.context["totals"]
    assert len(rows) == {"": 3, "?status=active": 2, "?status=ended": 1}[query]
    assert {key: totals[key] for key in sums(rows)} == sums(rows)


def test_unfiltered_totals_are_the_consortium_savings_totals(client_for, alice, placement):
    copies(placement, 2)

    totals = client_for(alice).get(reverse("placements:placement_list")).context["totals"]

    consortium = selectors.savings_totals(actor=alice, by="consortium")[0]
    for key in ("placements", "committed_annual", "saving_vs_ceiling", "saving_vs_spot"):
        assert totals[key] == consortium[key]
    assert totals["saving_vs_ceiling"] == Decimal("4959.00") + 2 * Decimal("5719.00")


def test_consortium_wide_roles_can_filter_by_borough(client_for, lead_analyst, placement):
    client = client_for(lead_analyst)
    page = reverse("placements:placement_list")

    croydon = client.get(page + "?borough=E09000008").context
    bromley = client.get(page + "?borough=E09000006").context

    assert croydon["placements"] == [placement]
    assert bromley["placements"] == []
    assert bromley["totals"]["committed_annual"] == Decimal("0.00")


def test_a_borough_filter_from_a_one_borough_user_is_ignored(client_for, charlie, placement):
    page = client_for(charlie).get(reverse("placements:placement_list") + "?borough=E09000008")

    assert page.context["placements"] == []
    assert placement.reference not in page.content.decode()


def csv_rows(response) -> list[dict]:
    content = b"".join(getattr(response, "streaming_content", [response.content]))
    return list(csv.DictReader(io.StringIO(content.decode("utf-8"))))


def test_the_csv_has_the_same_figures_as_the_page(client_for, alice, placement):
    started(placement, days_ago=100)
    client = client_for(alice)

    shown = client.get(reverse("placements:placement_list")).context["placements"][0]
    detail = client.get(url("placement_detail", placement)).context
    response = client.get(reverse("placements:placement_export"))

    today = timezone.localdate().isoformat()
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"] == f'attachment; filename="placements-{today}.csv"'
    [row] = csv_rows(response)
    assert row["Placement reference"] == shown.reference
    assert row["Child reference"] == "CR-0042"
    assert row["SEN2 primary need"] == "ASD"
    assert row["Lot"] == str(placement.lot)
    assert Decimal(row["Current weekly fee"]) == shown.current_weekly == Decimal("1520.00")
    assert Decimal(row["Committed annual cost"]) == shown.committed_annual
    assert Decimal(row["Annual saving vs DPS ceiling"]) == shown.saving_vs_ceiling
    assert row["Annual saving vs DPS ceiling"] == "4959.00"
    assert Decimal(row["Cost to date"]) == detail["cost_to_date"] > 0
    assert row["Annual saving vs spot price"] == ""


def test_the_csv_quotes_text_that_would_run_as_a_formula_and_keeps_numbers(
    client_for, alice, placement
):
    provider = placement.provider
    provider.trading_name = '=HYPERLINK("http://evil","x")'
    provider.save()
    placement.child.reference = "@cmd"
    placement.child.save()

    [row] = csv_rows(client_for(alice).get(reverse("placements:placement_export")))

    assert row["Provider"] == '\'=HYPERLINK("http://evil","x")'
    assert row["Child reference"] == "'@cmd"
    assert row["Current weekly fee"] == "1520.00"


def test_the_csv_keeps_the_lists_filters_and_end_codes(client_for, alice, placement):
    Placement.objects.filter(pk=placement.pk).update(
        status="ended", ends_on=placement.starts_on, end_reason="E4A"
    )
    client = client_for(alice)
    export = reverse("placements:placement_export")

    assert csv_rows(client.get(export + "?status=active")) == []
    [row] = csv_rows(client.get(export + "?status=ended"))
    assert (row["End reason code"], row["Committed annual cost"]) == ("E4A", "0.00")


# --- Who may see and change a placement ---------------------------------------------------------


@pytest.mark.parametrize("name", ("placement_detail", *ACTIONS))
def test_another_borough_gets_404_on_the_placement_and_its_actions(
    client_for, charlie, placement, name
):
    client = client_for(charlie)

    assert client.get(url(name, placement)).status_code == 404
    if name != "placement_detail":
        assert client.post(url(name, placement), {}).status_code == 404
    placement.refresh_from_db()
    assert placement.status == "active"


@pytest.mark.parametrize("name", ACTIONS)
def test_analysts_get_403_on_changes(client_for, bromley_analyst, lead_analyst, placement, name):
    for analyst in (bromley_analyst, lead_analyst):
        client = client_for(analyst)
        assert client.get(url(name, placement)).status_code == 403
        assert client.post(url(name, placement), {}).status_code == 403


def test_a_consortium_analyst_reads_the_placement_without_action_links(
    client_for, lead_analyst, placement
):
    page = client_for(lead_analyst).get(url("placement_detail", placement))

    assert page.status_code == 200
    assert "Change the fee" not in page.content.decode()


@pytest.mark.parametrize(
    "name", ("placement_list", "placement_export", "placement_detail", *ACTIONS)
)
def test_providers_get_403_on_the_commissioners_pages(client_for, pat, placement, name):
    target = (
        reverse(f"placements:{name}")
        if name in ("placement_list", "placement_export")
        else url(name, placement)
    )

    assert client_for(pat).get(target).status_code == 403


# --- The record and its changes -----------------------------------------------------------------


def test_the_record_shows_the_money_and_the_actions(client_for, alice, placement):
    page = client_for(alice).get(url("placement_detail", placement))

    text = page.content.decode()
    assert (
        reverse("placements:child_detail", kwargs={"public_id": placement.child.public_id}) in text
    )
    for figure in ("£1,520.00", "£1,650.50", "£4,959.00", "£57,760.00"):
        assert figure in text
    for action in ("Change the fee", "Record review date and spot price", "End the placement"):
        assert action in text
    assert "Move to another setting" in text
    assert [fee.weekly_fee for fee in page.context["fees"]] == [Decimal("1520.00")]


def test_a_fee_change_moves_the_current_fee_and_committed_annual_cost(client_for, alice, placement):
    started(placement, days_ago=100)
    client = client_for(alice)
    effective = timezone.localdate() - timedelta(days=10)

    response = client.post(
        url("placement_fee_change", placement),
        {**date_parts("effective_from", effective), "weekly_fee": "1,600", "reason": "Uplift"},
    )

    assert response["Location"] == url("placement_detail", placement)
    page = client.get(response["Location"])
    assert page.context["placement"].current_weekly == Decimal("1600.00")
    assert page.context["placement"].committed_annual == Decimal("60800.00")  # 1,600 x 38
    text = page.content.decode()
    assert "£60,800.00" in text
    assert "£4,959.00" in text  # the saving was made at award: a later uplift does not move it
    assert [fee.weekly_fee for fee in page.context["fees"]] == [
        Decimal("1520.00"),
        Decimal("1600.00"),
    ]


def test_a_fee_change_the_service_refuses_is_shown_at_its_field(client_for, alice, placement):
    response = client_for(alice).post(
        url("placement_fee_change", placement),
        {
            **date_parts("effective_from", placement.starts_on - timedelta(days=1)),
            "weekly_fee": "1600",
            "reason": "Uplift",
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors["effective_from"] == [
        "The fee cannot change before the placement starts"
    ]
    assert FeeChange.objects.filter(placement=placement).count() == 1


def test_a_spot_price_and_review_date_are_recorded(client_for, alice, placement):
    review = placement.starts_on + timedelta(days=200)
    client = client_for(alice)

    client.post(
        url("placement_edit", placement),
        {"spot_weekly": "1,700.00", **date_parts("next_review_on", review)},
    )

    placement.refresh_from_db()
    assert (placement.spot_weekly, placement.next_review_on) == (Decimal("1700.00"), review)
    text = client.get(url("placement_detail", placement)).content.decode()
    assert "£6,840.00" in text  # (1,700 - 1,520) x 38 saved against the spot price


def test_ending_a_placement(client_for, alice, placement):
    ends_on = placement.starts_on + timedelta(days=100)
    client = client_for(alice)

    response = client.post(
        url("placement_end", placement), {**date_parts("ends_on", ends_on), "reason": "E4A"}
    )

    assert response["Location"] == url("placement_detail", placement)
    placement.refresh_from_db()
    assert (placement.status, placement.ends_on, placement.end_reason) == ("ended", ends_on, "E4A")
    page = client.get(response["Location"])
    assert "Returned home to parents (E4A)" in page.content.decode()
    assert page.context["placement"].committed_annual == Decimal("0.00")
    assert "End the placement" not in page.content.decode()
    assert client.get(url("placement_end", placement)).status_code == 302


def test_ending_needs_a_reason_and_a_date(client_for, alice, placement):
    response = client_for(alice).post(url("placement_end", placement), {})

    errors = response.context["form"].errors
    assert errors["reason"] == ["Select why the placement ended"]
    assert errors["ends_on"] == ["Enter the end date"]
    placement.refresh_from_db()
    assert placement.status == "active"


def test_moving_to_another_setting_on_the_lot(client_for, alice, placement, far_setting):
    client = client_for(alice)
    choices = client.get(url("placement_move", placement)).context["form"].fields["setting"]
    assert [enrolment.setting for enrolment in choices.queryset] == [far_setting]
    starts_on = placement.starts_on + timedelta(days=30)

    response = client.post(
        url("placement_move", placement),
        {
            "setting": str(Enrolment.objects.get(setting=far_setting).public_id),
            **date_parts("starts_on", starts_on),
            "weekly_fee": "1800",
            "reason": "Needs a smaller class",
        },
    )

    successor = Placement.objects.get(moved_from=placement)
    assert response["Location"] == url("placement_detail", successor)
    assert (successor.setting, successor.agreed_weekly) == (far_setting, Decimal("1800.00"))
    placement.refresh_from_db()
    assert (placement.status, placement.end_reason, placement.ends_on) == (
        "ended",
        "X1",
        starts_on,
    )
    new_page = client.get(url("placement_detail", successor)).content.decode()
    assert url("placement_detail", placement) in new_page  # moved from
    assert "£3,800.00" in new_page  # (1,900 - 1,800) x 38 against Other Schools' ceiling
    old_page = client.get(url("placement_detail", placement)).content.decode()
    assert url("placement_detail", successor) in old_page  # moved to


def test_a_move_needs_a_setting(client_for, alice, placement):
    response = client_for(alice).post(url("placement_move", placement), {"weekly_fee": "1800"})

    assert response.context["form"].errors["setting"] == ["Select the setting to move to"]
    assert not Placement.objects.filter(moved_from=placement).exists()


def _move_to(far_setting, starts_on, **fields) -> dict:
    return {
        "setting": str(Enrolment.objects.get(setting=far_setting).public_id),
        **date_parts("starts_on", starts_on),
        "weekly_fee": "1800",
        "reason": "Needs a smaller class",
        **fields,
    }


def test_a_move_recorded_with_a_start_date_in_the_past_needs_a_reason(
    client_for, alice, placement, far_setting
):
    started(placement, days_ago=60)
    client = client_for(alice)
    last_week = timezone.localdate() - timedelta(days=7)

    refused = client.post(url("placement_move", placement), _move_to(far_setting, last_week))

    assert refused.context["form"].errors["start_reason"] == [
        "Enter why the new placement is recorded as starting in the past"
    ]
    assert not Placement.objects.filter(moved_from=placement).exists()
    client.post(
        url("placement_move", placement),
        _move_to(far_setting, last_week, start_reason="Emergency move, recorded afterwards"),
    )
    successor = Placement.objects.get(moved_from=placement)
    assert successor.start_reason == "Emergency move, recorded afterwards"
    page = client.get(url("placement_detail", successor)).content.decode()
    assert "Emergency move, recorded afterwards" in page


def test_the_services_refuse_a_past_start_date_without_a_reason(
    alice, placement, far_setting, evaluating_request
):
    from boroughs.errors import DomainError
    from placements import services

    started(placement, days_ago=60)
    last_week = timezone.localdate() - timedelta(days=7)
    with pytest.raises(DomainError) as refusal:
        services.placement_move(
            actor=alice,
            placement=placement,
            setting=far_setting,
            starts_on=last_week,
            weekly_fee=Decimal("1800.00"),
            reason="Needs a smaller class",
        )
    assert refusal.value.field == "start_reason"
    assert "is in the past" in refusal.value.message


# --- Providers' pages ---------------------------------------------------------------------------


def test_a_provider_sees_its_placements_without_the_childs_identity(client_for, pat, placement):
    client = client_for(pat)

    listed = client.get(reverse("placements:provider_placement_list"))
    detail = client.get(url("provider_placement_detail", placement))

    for page in (listed, detail):
        assert page.status_code == 200
        text = page.content.decode()
        assert placement.reference in text
        assert "Autistic spectrum disorder" in text
        assert "£1,520.00" in text
        for identity in IDENTITY:
            assert identity not in text
    assert "£4,959.00" not in detail.content.decode()  # the borough's savings are its own


def test_a_providers_list_comes_a_page_of_25_at_a_time(client_for, pat, placement):
    copies(placement, 26)  # 27 placements at Bright Futures
    client = client_for(pat)
    first = client.get(reverse("placements:provider_placement_list"))
    second = client.get(reverse("placements:provider_placement_list"), {"page": 2})

    assert len(first.context["placements"]) == 25
    assert "(1 to 25 of 27)" in first.content.decode()
    assert 'aria-label="Pages of placements"' in first.content.decode()
    assert len(second.context["placements"]) == 2
    shown = {p.pk for p in first.context["placements"]} | {
        p.pk for p in second.context["placements"]
    }
    assert len(shown) == 27


def test_another_provider_sees_none_of_them(client_for, olly, placement):
    client = client_for(olly)

    assert client.get(reverse("placements:provider_placement_list")).context["placements"] == []
    assert client.get(url("provider_placement_detail", placement)).status_code == 404


def test_council_staff_get_403_on_the_providers_pages(client_for, alice, placement):
    client = client_for(alice)

    assert client.get(reverse("placements:provider_placement_list")).status_code == 403
    assert client.get(url("provider_placement_detail", placement)).status_code == 403


# --- Query counts -------------------------------------------------------------------------------


@pytest.mark.parametrize("page", ("placements:placement_list", "placements:placement_export"))
def test_the_list_and_csv_take_the_same_queries_for_many_rows(
    client_for, django_assert_max_num_queries, alice, placement, page
):
    client = client_for(alice)
    client.get(reverse(page))
    with CaptureQueriesContext(connection) as one_row:
        client.get(reverse(page))

    copies(placement, 5)
    with django_assert_max_num_queries(len(one_row)):
        response = client.get(reverse(page))

    assert response.status_code == 200


def test_the_providers_list_takes_the_same_queries_for_many_rows(
    client_for, django_assert_max_num_queries, pat, placement
):
    client = client_for(pat)
    page = reverse("placements:provider_placement_list")
    client.get(page)
    with CaptureQueriesContext(connection) as one_row:
        client.get(page)

    copies(placement, 5)
    with django_assert_max_num_queries(len(one_row)):
        assert len(client.get(page).context["placements"]) == 6


# --- Awarded, not yet started -------------------------------------------------------------------


def _day(value) -> str:
    return f"{value.day} {value:%B %Y}"


def test_a_placement_awarded_to_start_later_says_when_it_starts_on_pages_and_in_the_api(
    client_for, api_for, alice, placement
):
    assert placement.starts_on > timezone.localdate()
    label = f"Awarded, starts on {_day(placement.starts_on)}"

    for page in (url("placement_detail", placement), reverse("placements:placement_list")):
        text = client_for(alice).get(page).content.decode()
        assert label in text
        assert '<strong class="govuk-tag govuk-tag--green">Active</strong>' not in text

    listed = reverse("placements:placement_list")
    assert placement.reference in client_for(alice).get(f"{listed}?status=awarded").text
    assert placement.reference not in client_for(alice).get(f"{listed}?status=active").text

    api = api_for(alice)
    row = api.get(f"/api/v1/placements/placements/{placement.public_id}/").json()
    assert (row["status"], row["status_label"]) == ("awarded", label)
    assert row["cost_to_date"] == "0.00"
    awarded = api.get("/api/v1/placements/placements/?status=awarded").json()["results"]
    assert [row["id"] for row in awarded] == [str(placement.public_id)]
    assert api.get("/api/v1/placements/placements/?status=active").json()["results"] == []


def test_once_its_start_date_comes_the_placement_is_active(client_for, api_for, alice, placement):
    started(placement, days_ago=0)

    text = client_for(alice).get(url("placement_detail", placement)).content.decode()
    assert "Awarded, starts on" not in text
    row = api_for(alice).get(f"/api/v1/placements/placements/{placement.public_id}/").json()
    assert (row["status"], row["status_label"]) == ("active", "Active")
