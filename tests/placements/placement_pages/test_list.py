"""The commissioners' placements list, its totals row and CSV, and who may see and change a
placement: every money figure is the selector's annotation, so the page, its totals and the CSV
agree; another borough's placement is a 404 and analysts cannot change anything."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from placements import selectors
from placements.models import Placement

from .helpers import (
    ACTIONS,
    copies,
    csv_rows,
    started,
    sums,
    url,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_award_chain")]


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
