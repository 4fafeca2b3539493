"""The market view's shares, concentration and change, against figures worked by hand."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest
from django.urls import reverse
from django.utils.html import strip_tags

from placements.market import GroupShare, MarketFilter, concentration, market_view
from placements.models import FeeChange, Placement
from providers.models import Inspection
from providers.services.groups import group_add_provider, group_flag, group_record

TODAY = date(2026, 12, 7)


def test_shares_hhi_and_the_top_five_from_summed_rows():
    # Spend 600, 300, 100 of 1,000: shares 60%, 30%, 10%; HHI 60² + 30² + 10² = 4,600.
    # Placements 3, 1, 1 of 5: shares 60%, 20%, 20%; HHI 3,600 + 400 + 400 = 4,400.
    rows = [
        GroupShare("a", "A", True, placements=3, spend=D("600.00")),
        GroupShare("b", "B", True, placements=1, spend=D("300.00")),
        GroupShare("c", "C", False, placements=1, spend=D("100.00")),
    ]
    result = concentration(rows)
    assert [(s.name, s.spend_share, s.placement_share) for s in result.shares] == [
        ("A", D("60.0"), D("60.0")),
        ("B", D("30.0"), D("20.0")),
        ("C", D("10.0"), D("20.0")),
    ]
    assert (result.hhi_spend, result.hhi_placements) == (4600, 4400)
    assert result.top_spend_share == D("100.0")
    assert result.reading == "Highly concentrated"


def test_six_equal_groups_leave_the_sixth_out_of_the_top_five():
    rows = [GroupShare(str(n), str(n), True, placements=1, spend=D("100.00")) for n in range(6)]
    result = concentration(rows)
    # Each 16.67%: HHI 6 x (100/6)² = 1,666.7, rounded 1,667; the top five hold 83.3%.
    assert result.hhi_spend == 1667
    assert result.top_spend_share == D("83.3")
    assert result.reading == "Moderately concentrated"


def place(*, child, setting, lot, alice, weekly: str, starts: date, ends: date | None = None):
    placement = Placement.objects.create(
        borough=alice.borough,
        child=child,
        setting=setting,
        provider=setting.provider,
        lot=lot,
        weeks_per_year=52,
        starts_on=starts,
        status="ended" if ends else "active",
        ends_on=ends,
        end_reason="E11" if ends else "",
        agreed_weekly=D(weekly),
        created_by=alice,
    )
    FeeChange.objects.create(
        placement=placement, effective_from=starts, weekly_fee=D(weekly), recorded_by=alice
    )
    return placement


@pytest.fixture
def market(alice, child, near_setting, far_setting, send_day_lot):
    """2025-26: Bright Futures £1,000 a week all year (£52,000), Other Schools £500 (£26,000).
    2024-25: Bright Futures alone, £700 a week from 1 October 2024 to 31 March 2025."""
    shared = {"child": child, "lot": send_day_lot, "alice": alice}
    place(**shared, setting=near_setting, weekly="1000.00", starts=date(2025, 4, 1))
    place(**shared, setting=far_setting, weekly="500.00", starts=date(2025, 4, 1))
    place(
        **shared,
        setting=near_setting,
        weekly="700.00",
        starts=date(2024, 10, 1),
        ends=date(2025, 3, 31),
    )
    return MarketFilter(consortium_id=alice.borough.consortium_id, start_year=2025)


@pytest.mark.django_db
def test_a_year_of_placements_gives_each_providers_share(market):
    result = market_view(market, TODAY)
    # A 52-week fee costs fee x 52 / 365 a day: a whole year of 365 days is fee x 52.
    assert [(s.name, s.spend, s.spend_share) for s in result.shares] == [
        ("Bright Futures Education Limited", D("52000.00"), D("66.7")),
        ("Other Schools Limited", D("26000.00"), D("33.3")),
    ]
    # (200/3)² + (100/3)² = 4,444.4 + 1,111.1 = 5,555.6
    assert result.hhi_spend == 5556
    assert result.hhi_placements == 5000
    # Bright Futures had all of 2024-25's spend: its share fell 33.3 points; Other Schools is new.
    assert [s.change for s in result.shares] == [D("-33.3"), None]


@pytest.mark.django_db
def test_providers_of_one_group_count_together(market, admin_user, near_setting, far_setting):
    group = group_record(
        actor=admin_user, name="Acme Holdings plc", companies_house_number="01234567"
    )
    for provider in (near_setting.provider, far_setting.provider):
        group_add_provider(actor=admin_user, group=group, provider=provider)
    group_flag(
        actor=admin_user,
        group=group,
        kind="oversight",
        value=True,
        source="DfE market oversight list",
        as_of=date(2026, 10, 1),
    )
    (only,) = market_view(market, TODAY).shares
    assert (only.name, only.spend, only.spend_share, only.placements) == (
        "Acme Holdings plc",
        D("78000.00"),
        D("100.0"),
        2,
    )
    assert only.oversight is True and only.private_equity is None


@pytest.mark.django_db
def test_the_page_shows_the_figures_and_downloads_them(
    market, client_for, lead_analyst, near_setting
):
    Inspection.objects.create(
        setting=near_setting,
        framework="school_report_card",
        inspected_on=date(2026, 3, 2),
        judgements={"leadership": "Good", "behaviour": "Urgent improvement"},
        safeguarding_met=False,
    )
    page = client_for(lead_analyst).get(reverse("placements:market"), {"year": 2025})
    assert page.status_code == 200
    text = " ".join(strip_tags(page.text).split())
    assert "5556: highly concentrated" in text
    assert "Behaviour: Urgent improvement; Safeguarding not met" in text
    csv = client_for(lead_analyst).get(
        reverse("placements:market"), {"year": 2025, "download": "groups"}
    )
    lines = csv.content.decode().splitlines()
    assert lines[1].startswith("Bright Futures Education Limited,No,1,50.0,52000.00,66.7,-33.3,")


@pytest.mark.django_db
def test_a_borough_sees_its_own_borough_line_and_a_provider_nothing(
    market, client_for, charlie, pat
):
    page = client_for(charlie).get(reverse("placements:market"), {"year": 2025})
    assert page.status_code == 200
    borough_table = client_for(charlie).get(
        reverse("placements:market"), {"year": 2025, "download": "by-borough"}
    )
    rows = borough_table.content.decode().splitlines()[1:]
    assert [row.split(",")[0] for row in rows] == ["Bromley"]
    assert rows[0].split(",")[1] == "0"
    assert client_for(pat).get(reverse("placements:market")).status_code == 403
