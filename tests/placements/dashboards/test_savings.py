"""The savings dashboard."""

from decimal import Decimal

import pytest

from placements import selectors

from .helpers import (
    DEMAND,
    SAVINGS,
    _child,
    _page,
    _placement,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_send_dps")]


def test_the_savings_page_shows_the_placements_own_saving_as_the_selector_totals_it(
    alice, placement, client_for
):
    response = _page(client_for(alice), SAVINGS)

    assert placement.annual_saving_vs_ceiling == Decimal("4959.00")
    totals = selectors.savings_totals(actor=alice)[0]
    assert response.context["totals"] == totals
    assert totals["placements"] == 1
    assert totals["saving_vs_ceiling"] == Decimal("4959.00")
    page = response.text
    assert "£4,959.00" in page
    assert "£57,760.00" in page  # committed: £1,520.00 a week for 38 weeks
    assert "The saving on a placement is the provider's DPS ceiling rate" in page


def test_every_breakdown_of_the_savings_page_adds_up_to_the_headline(alice, placement, client_for):
    context = _page(client_for(alice), SAVINGS).context

    for by in ("by_strand", "by_borough", "by_lot", "by_year"):
        rows = context[by]
        assert sum(row["saving_vs_ceiling"] for row in rows) == Decimal("4959.00"), by
        assert sum(row["placements"] for row in rows) == 1, by
    assert [row["label"] for row in context["by_borough"]] == ["Croydon"]


def test_the_savings_chart_is_an_accessible_svg_beside_its_table(alice, placement, client_for):
    response = _page(client_for(alice), SAVINGS)

    year = response.context["by_year"][0]["label"]
    page = response.text
    assert 'role="img"' in page
    assert 'aria-labelledby="saving-by-year-title saving-by-year-desc"' in page
    assert '<title id="saving-by-year-title">Annual saving against DPS ceiling rates' in page
    assert f"{year}: £4,959.00</desc>" in page
    assert "by the financial year the placement started</caption>" in page


def test_a_bromley_commissioner_sees_none_of_croydons_savings(charlie, placement, client_for):
    response = _page(client_for(charlie), SAVINGS)

    assert response.context["totals"]["placements"] == 0
    assert response.context["by_borough"] == []
    assert "£4,959.00" not in response.text
    assert "No placements yet." in response.text


def test_a_lead_analyst_sees_every_boroughs_savings(lead_analyst, placement, charlie, client_for):
    bromley_child = _child(charlie.borough, "BR-1")
    _placement(charlie, bromley_child, placement.setting, distance="3.0", agreed="1600.50")

    context = _page(client_for(lead_analyst), SAVINGS).context

    by_borough = {row["label"]: row["saving_vs_ceiling"] for row in context["by_borough"]}
    # Bromley's: (£1,900.00 ceiling - £1,600.50 agreed) x 38 weeks.
    assert by_borough == {"Bromley": Decimal("11381.00"), "Croydon": Decimal("4959.00")}
    assert context["totals"]["saving_vs_ceiling"] == Decimal("16340.00")


@pytest.mark.parametrize("url", [SAVINGS, DEMAND])
def test_provider_users_may_not_see_the_dashboards(pat, url, client_for):
    assert client_for(pat).get(url).status_code == 403


@pytest.mark.parametrize("url", [SAVINGS, DEMAND])
def test_signed_out_visitors_are_sent_to_sign_in(client, url):
    response = client.get(url)

    assert response.status_code == 302
    assert "login" in response.url
