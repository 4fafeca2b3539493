"""The demand dashboard."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from placements.choices import PhaseTransfer, PlacementStatus, RequestStatus
from placements.demand import born_in_year_group
from placements.ehcp import ehcp_load
from placements.models import Placement, national_curriculum_year

from .helpers import (
    DEMAND,
    SAVINGS,
    _born_in_year,
    _child,
    _page,
    _placement,
    _queries,
    _request,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_send_dps")]


def test_the_demand_page_shows_croydons_ehc_plans_with_source_and_licence(alice, client_for):
    ehcp_load()

    response = _page(client_for(alice), DEMAND)

    names = [row.name for row in response.context["ehcp"].rows]
    assert names == [
        "Croydon",
        "Looked-after children's care (8 boroughs)",
        "SEND independent placements (10 boroughs)",
        "London (region)",
        "England",
    ]
    croydon = response.context["ehcp"].rows[0]
    assert croydon.totals[-1] == 5232
    page = response.text
    assert "5,232" in page
    assert (
        "Contains public sector information licensed under the Open Government Licence v3.0 "
        "(Department for Education)"
    ) in page
    assert "count plans on another basis" in page


def test_the_send_strand_adds_up_dfes_census_for_its_ten_boroughs(alice, client_for):
    ehcp_load()

    series = _page(client_for(alice), DEMAND).context["ehcp"]

    strands = {row.name: row for row in series.rows if row.kind == "strand"}
    send = next(row for name, row in strands.items() if "(10 boroughs)" in name)
    assert send.totals[series.years.index(2014)] == 12978
    assert send.totals[series.years.index(2018)] == 16951


def test_a_lead_analyst_sees_every_member_boroughs_ehc_plans(lead_analyst, client_for):
    ehcp_load()

    series = _page(client_for(lead_analyst), DEMAND).context["ehcp"]

    assert len([row for row in series.rows if row.kind == "borough"]) == 12


def test_ehc_plans_by_primary_need_are_the_boroughs_own_with_englands_shares(alice, client_for):
    ehcp_load()

    response = _page(client_for(alice), DEMAND)

    assert response.context["need_year"] == 2025
    needs = {row.need: row for row in response.context["ehcp_needs"]}
    assert needs["ASD"].plans == 1414
    assert needs["ASD"].share == Decimal("27.0")  # 1,414 of 5,232
    assert needs["ASD"].england_share == Decimal("31.5")  # 201,183 of 638,745
    assert needs[""].label == "Not recorded"


def test_in_borough_share_and_distance_are_worked_out_from_active_placements(
    alice, started, near_setting, far_setting, client_for
):
    # The fixture's placement is at Bright Futures, in Croydon, 0.8 km from home.
    near_setting.dfe_la_code, far_setting.dfe_la_code = "306", "319"
    near_setting.save()
    far_setting.save()
    _placement(alice, _child(alice.borough, "CR-2"), far_setting, distance="6.4")
    _placement(alice, _child(alice.borough, "CR-3"), far_setting, distance=None)
    ended = _placement(alice, _child(alice.borough, "CR-4"), near_setting, distance="30.0")
    Placement.objects.filter(pk=ended.pk).update(
        status=PlacementStatus.ENDED, ends_on=timezone.localdate()
    )

    response = _page(client_for(alice), DEMAND)

    placed = response.context["placed"]
    # Three active placements, one of them in Croydon; distances 0.8 and 6.4 km known.
    assert (placed["placements"], placed["in_borough"], placed["with_distance"]) == (3, 1, 2)
    assert placed["in_borough_share"] == Decimal("33.3")
    assert placed["average_km"] == Decimal("3.6")
    assert "33.3% (1 of 3)" in response.text
    assert "3.6 km (2 placements with a known distance)" in response.text
    by_type = response.context["by_setting_type"]
    assert [(row["label"], row["placements"]) for row in by_type] == [
        ("Other independent special school", 3)
    ]


def test_children_and_placements_are_counted_by_primary_need(alice, started, client_for):
    _child(alice.borough, "CR-2")

    rows = _page(client_for(alice), DEMAND).context["children_by_need"]

    assert [(row["label"], row["children"], row["placed"]) for row in rows] == [
        ("Autistic spectrum disorder", 1, 1),
        ("Social, emotional and mental health", 1, 0),
    ]


def test_a_bromley_commissioner_sees_none_of_croydons_children_or_placements(
    charlie, placement, client_for
):
    context = _page(client_for(charlie), DEMAND).context

    assert context["placed"]["placements"] == 0
    assert context["by_borough"] == []
    assert context["children_by_need"] == []
    assert context["awards"] == 0


def test_requests_are_counted_by_month_with_the_median_days_to_award(
    alice, child, send_day_lot, client_for
):
    for days in (2, 4, 10):
        _request(alice, child, send_day_lot, days_to_award=days)
    _request(alice, child, send_day_lot)  # opened, not yet awarded

    context = _page(client_for(alice), DEMAND).context

    assert (context["median_days"], context["awards"]) == (Decimal("4.0"), 3)
    this_month = context["months"][-1]
    assert this_month["month"] == timezone.localdate().replace(day=1)
    assert (this_month["awarded"], len(context["months"])) == (3, 12)
    assert context["opened_in_period"] == 4


def test_the_median_of_an_even_number_of_awards_is_halfway_between_the_middle_two(
    alice, child, send_day_lot, client_for
):
    for days in (2, 5):
        _request(alice, child, send_day_lot, days_to_award=days)

    assert _page(client_for(alice), DEMAND).context["median_days"] == Decimal("3.5")


def test_year_groups_match_the_national_curriculum_year_of_a_childs_record():
    today = timezone.localdate()
    for nc_year in (6, 11):
        first, last = born_in_year_group(nc_year, today)
        assert national_curriculum_year(first, today) == nc_year
        assert national_curriculum_year(last, today) == nc_year
        assert national_curriculum_year(first - timedelta(days=1), today) == nc_year + 1
        assert national_curriculum_year(last + timedelta(days=1), today) == nc_year - 1


def test_phase_transfers_due_count_placed_children_in_year_6_and_11_and_those_requested(
    alice, near_setting, send_day_lot, client_for
):
    year_6 = _child(alice.borough, "CR-6", date_of_birth=_born_in_year(6))
    year_11 = _child(alice.borough, "CR-11", date_of_birth=_born_in_year(11))
    year_8 = _child(alice.borough, "CR-8")
    for child in (year_6, year_11, year_8):
        _placement(alice, child, near_setting, distance="1.0")
    _request(alice, year_6, send_day_lot, phase_transfer=PhaseTransfer.YEAR_6_TO_7)
    _request(
        alice,
        year_11,
        send_day_lot,
        phase_transfer=PhaseTransfer.YEAR_11_TO_POST_16,
        status=RequestStatus.CANCELLED,
    )

    response = _page(client_for(alice), DEMAND)

    total = response.context["transfers"]["total"]
    assert total == {"y6": 1, "y6_requested": 1, "y11": 1, "y11_requested": 0}
    assert [row["borough__name"] for row in response.context["transfers"]["boroughs"]] == [
        "Croydon"
    ]
    assert "Children with an active placement who are in Year 6 or Year 11" in response.text


@pytest.mark.parametrize("url", [SAVINGS, DEMAND])
def test_the_dashboards_cost_no_more_queries_for_many_rows_than_for_few(
    lead_analyst,
    placement,
    near_setting,
    far_setting,
    send_day_lot,
    charlie,
    url,
    client_for,
    django_assert_max_num_queries,
):
    ehcp_load()
    client = client_for(lead_analyst)
    few = _queries(client, url)
    for n in range(8):
        owner = placement.created_by if n % 2 else charlie
        child = _child(owner.borough, f"X-{n}", date_of_birth=_born_in_year(6 + n % 6))
        setting = near_setting if n % 3 else far_setting
        _placement(owner, child, setting, distance=f"{n}.5")
        _request(
            owner, child, send_day_lot, days_to_award=n, phase_transfer=PhaseTransfer.YEAR_6_TO_7
        )

    with django_assert_max_num_queries(few):
        page = _page(client, url)
    assert page.context["sees_consortium"] is True
