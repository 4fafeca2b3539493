"""The savings and demand dashboards' period filter, monthly trend and CSV downloads."""

import csv
import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from placements.models import Placement, PlacementRequest
from placements.periods import academic_year, financial_year
from tests.placements.dashboards.helpers import _child, _placement, _request

pytestmark = pytest.mark.django_db

SAVINGS, DEMAND = reverse("placements:savings"), reverse("placements:demand")


def _this_fy() -> int:
    today = timezone.localdate()
    return today.year if today.month >= 4 else today.year - 1


def _rows(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode())))


@pytest.fixture
def two_years(alice, placement):
    """The fixture's placement started a month ago (this year), and one two years earlier."""
    Placement.objects.filter(pk=placement.pk).update(
        starts_on=timezone.localdate() - timedelta(days=30)
    )
    older = _placement(alice, _child(alice.borough, "CR-OLD"), placement.setting, distance="2.0")
    Placement.objects.filter(pk=older.pk).update(starts_on=date(_this_fy() - 2, 6, 15))
    return placement, older


def test_a_financial_year_narrows_savings_to_the_placements_that_started_in_it(
    alice, two_years, client_for
):
    client = client_for(alice)
    everything = client.get(SAVINGS).context["totals"]
    earlier = client.get(SAVINGS, {"period": f"fy-{_this_fy() - 2}"})

    assert everything["placements"] == 2
    assert earlier.context["totals"]["placements"] == 1
    # (£1,900.00 ceiling - £1,500.00 agreed) x 38 weeks
    assert earlier.context["totals"]["saving_vs_ceiling"] == Decimal("15200.00")
    assert f"Placements that started in the financial year {_this_fy() - 2}-" in earlier.text
    assert [row["placements"] for row in earlier.context["months"]] == [0, 0, 1, *[0] * 9]
    assert earlier.context["months"][2]["label"] == f"June {_this_fy() - 2}"


def test_the_savings_trend_shows_each_month_to_this_one_and_never_a_month_to_come(
    alice, two_years, client_for
):
    response = client_for(alice).get(SAVINGS, {"period": f"fy-{_this_fy()}"})

    months = response.context["months"]
    today = timezone.localdate()
    assert months[0]["month"] == date(_this_fy(), 4, 1)
    assert months[-1]["month"] == today.replace(day=1)
    assert sum(row["placements"] for row in months) == 1
    assert 'aria-labelledby="saving-by-month-title saving-by-month-desc"' in response.text


def test_an_unknown_period_is_an_error_at_the_field_and_the_page_shows_all_years(
    alice, two_years, client_for
):
    response = client_for(alice).get(SAVINGS, {"period": "fy-1066"})

    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert "Choose a period from the list" in response.text
    assert response.context["totals"]["placements"] == 2


def test_each_savings_table_downloads_as_csv_with_the_figures_on_the_page(
    alice, two_years, client_for
):
    client = client_for(alice)
    page = client.get(SAVINGS)
    downloads = page.context["downloads"]
    assert set(downloads) == {
        "by_year",
        "by_strand",
        "by_borough",
        "by_lot",
        "by_month",
        "above_ceiling",
        "spend_by_year",
        "spend_by_borough",
        "spend_by_lot",
    }
    assert downloads["by_borough"]["url"] in page.text.replace("&amp;", "&")

    rows = _rows(client.get(SAVINGS, {"download": "by-borough"}))

    totals = page.context["totals"]
    assert rows[0][:2] == ["Borough", "Placements"]
    assert rows[1][0] == "Croydon"
    assert int(rows[1][1]) == totals["placements"]
    assert Decimal(rows[1][3]) == totals["saving_vs_ceiling"]


def test_a_download_keeps_the_period_of_the_page(alice, two_years, client_for):
    client = client_for(alice)
    period = f"fy-{_this_fy() - 2}"
    url = client.get(SAVINGS, {"period": period}).context["downloads"]["by_year"]["url"]
    assert f"period={period}" in url

    rows = _rows(client.get(SAVINGS + url))

    assert [row[1] for row in rows[1:]] == ["1"]


def test_a_table_the_page_does_not_have_is_not_found(alice, client_for):
    assert client_for(alice).get(SAVINGS, {"download": "by-child"}).status_code == 404


def test_another_boroughs_download_has_none_of_croydons_placements(charlie, two_years, client_for):
    rows = _rows(client_for(charlie).get(SAVINGS, {"download": "by-borough"}))

    assert rows == [["Borough", *rows[0][1:]]]


def test_providers_and_visitors_cannot_download_the_figures(provider_user, client_for):
    response = client_for(provider_user).get(SAVINGS, {"download": "by-borough"})
    assert response.status_code == 403
    response = Client().get(DEMAND, {"download": "by-borough"})
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_an_academic_year_sets_the_months_of_the_request_figures(
    alice, child, send_day_lot, client_for
):
    this_year = timezone.localdate().year
    last_ay = academic_year((this_year if timezone.localdate().month >= 9 else this_year - 1) - 1)
    # Ten days into last academic year: before the last 12 months, whatever today is.
    in_last_ay = timezone.make_aware(
        timezone.datetime.combine(last_ay.start + timedelta(days=10), timezone.datetime.min.time())
    )
    PlacementRequest.objects.filter(
        pk=_request(alice, child, send_day_lot, days_to_award=5).pk
    ).update(opened_at=in_last_ay - timedelta(days=5), decided_at=in_last_ay)
    _request(alice, child, send_day_lot, days_to_award=2)  # this month

    default = client_for(alice).get(DEMAND).context
    chosen = client_for(alice).get(DEMAND, {"period": last_ay.key})

    assert chosen.context["months"][0]["month"] == last_ay.start
    assert len(chosen.context["months"]) == 12
    assert (chosen.context["awards"], chosen.context["median_days"]) == (1, Decimal("5.0"))
    assert chosen.context["opened_in_period"] == 1
    assert f"Requests sent to providers in the {last_ay.label}" in chosen.text
    assert (default["opened_in_period"], default["awards"]) == (1, 1)


def test_each_demand_table_downloads_as_csv(alice, two_years, client_for):
    client = client_for(alice)
    page = client.get(DEMAND)
    names = set(page.context["downloads"])
    assert {"children_by_need", "by_setting_type", "by_borough", "requests_by_month"} <= names

    for name in names:
        rows = _rows(client.get(DEMAND, {"download": name.replace("_", "-")}))
        assert rows[0], name
    rows = _rows(client.get(DEMAND, {"download": "by-borough"}))
    shown = page.context["by_borough"][0]
    assert rows[1][:4] == ["Croydon", "2", "2", str(shown["in_borough"])]
    assert Decimal(rows[1][5]) == round(shown["average_km"], 1)


def test_financial_and_academic_years_start_in_april_and_september():
    assert (financial_year(2025).start, financial_year(2025).end) == (
        date(2025, 4, 1),
        date(2026, 4, 1),
    )
    assert financial_year(2025).label == "financial year 2025-26"
    assert (academic_year(2025).start, academic_year(2025).end) == (
        date(2025, 9, 1),
        date(2026, 9, 1),
    )
    assert academic_year(2025).label == "academic year 2025 to 2026"
