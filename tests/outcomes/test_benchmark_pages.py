"""Benchmarking pages and API: council staff see consortium-wide benchmarks, a provider sees its
own against the anonymised distribution and gets 404 for another provider's. The dataset is the
hand-worked one in test_benchmarks."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from ..placements.fixtures import enrolled_setting
from .test_benchmarks import _child, _placement, _return, dataset  # noqa: F401 (the fixture)

# Every test here runs on the hand-worked dataset.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_send_dps", "dataset")]
OTHER_NAMES = ("Other Schools", "Other Schools Sutton")
BRIGHT_NAMES = ("Bright Futures", "Bright Futures School", "Bright Futures Annexe")


def page(client, name, *args, **query):
    response = client.get(reverse(f"outcomes:{name}", args=args), query)
    return response, response.content.decode()


def test_council_staff_see_each_group_with_its_n_interval_and_shrunken_estimate(client_for, alice):
    response, html = page(client_for(alice), "benchmarks")
    assert response.status_code == 200
    assert "Other Schools Sutton" in html and "Bright Futures Annexe" in html
    assert "-0.13 to 1.13" in html and "0.55" in html  # A's interval and estimate (2 decimals)
    assert "pulled toward the consortium average for the need" in html
    assert "How groups are ranked" in html and "fewer than 5 children are shown but not" in html
    assert html.count("Too few children to rank") == 4  # no group has five children (ASD, SEMH)
    assert "at least 0.07" in html  # A's lower credible bound, what it would be ranked on
    assert 'role="img"' in html and "<caption" in html
    assert "£1,533.33" in html


def test_another_boroughs_commissioner_sees_the_consortium_wide_benchmarks(client_for, charlie):
    _response, html = page(client_for(charlie), "benchmarks")
    assert "Bright Futures School" in html  # Croydon's placements count for Bromley too


def test_a_borough_analyst_can_narrow_to_their_own_boroughs_placements_only(
    client_for, bromley_analyst
):
    client = client_for(bromley_analyst)
    _response, html = page(client, "benchmarks", borough="E09000006")
    assert "Other Schools Sutton" in html and "Bright Futures School" not in html
    assert 'value="E09000008"' not in html  # Croydon is not on offer to a Bromley analyst
    _response, html = page(client, "benchmarks", borough="E09000008")
    assert "Bright Futures School" in html  # not theirs to choose: the filter is ignored


def test_the_filters_group_by_provider_and_need(client_for, alice):
    _response, html = page(client_for(alice), "benchmarks", by="provider", need="ASD")
    assert "0.38" in html  # Bright Futures' two settings together
    assert "Social, emotional and mental health</td>" not in html


def test_providers_cannot_open_the_council_pages(client_for, pat):
    client = client_for(pat)
    for name in ("benchmarks", "strong_providers", "post16", "transitions"):
        assert page(client, name)[0].status_code == 403, name


def test_strong_providers_for_a_need_are_ranked_by_shrunken_estimate(client_for, alice):
    _response, html = page(client_for(alice), "strong_providers", need="ASD")
    order = [html.index(n) for n in ("Other Schools Sutton", "Bright Futures School", "Annexe")]
    assert order == sorted(order)
    assert "3 settings with accepted returns" in html


def test_strong_providers_asks_for_a_need(client_for, alice):
    _response, html = page(client_for(alice), "strong_providers", need="XYZ")
    assert "Select a primary need" in html


def test_a_provider_sees_its_own_benchmark_and_never_another_providers(client_for, pat, olly):
    response, html = page(client_for(pat), "provider_benchmark")
    assert response.status_code == 200
    assert "Bright Futures School" in html and "0.55" in html
    assert not any(name in html for name in OTHER_NAMES)
    assert "1.204" not in html  # Other Schools' estimate
    _response, html = page(client_for(olly), "provider_benchmark")
    assert "Other Schools Sutton" in html
    assert not any(name in html for name in BRIGHT_NAMES)


def test_council_staff_get_403_on_the_providers_own_page_but_see_a_named_provider(
    client_for, alice, bright_futures
):
    client = client_for(alice)
    assert page(client, "provider_benchmark")[0].status_code == 403
    response, html = page(client, "provider_benchmark_detail", bright_futures[0].public_id)
    assert response.status_code == 200 and "Bright Futures Annexe" in html


def test_a_provider_gets_404_for_another_providers_benchmark(client_for, olly, pat, bright_futures):
    url_args = ("provider_benchmark_detail", bright_futures[0].public_id)
    assert page(client_for(olly), *url_args)[0].status_code == 404
    assert page(client_for(pat), *url_args)[0].status_code == 200


@pytest.fixture
def five_asd_groups(alice, croydon, framework, terms, other_schools, send_day_lot):
    """Two more Other Schools settings with autistic children: five ASD groups in all."""
    for number, progress in ((1, "0.8"), (2, "1.2")):
        setting = enrolled_setting(
            other_schools[0],
            send_day_lot,
            name=f"Other Schools Site {number}",
            latitude="51.40",
            longitude="-0.15",
            weekly_ceiling=Decimal("1500.00"),
        )
        placed = _placement(_child(croydon, f"D{number}"), setting, send_day_lot, "1400.00", alice)
        _return(placed, terms[3], framework, progress, met=(True,), attendance_pct=Decimal("92.0"))


def test_with_five_groups_the_provider_sees_the_quartiles_but_no_other_name(
    client_for, pat, five_asd_groups
):
    _response, html = page(client_for(pat), "provider_benchmark")
    assert "Fewer than 5 settings" not in html.split("Autistic spectrum disorder</th>")[-1][:400]
    assert not any(name in html for name in (*OTHER_NAMES, "Other Schools Site"))
    assert 'fill="#d2e2f1"' in html  # the consortium's middle half is drawn


def test_post16_and_transitions_pages_show_their_tables(client_for, alice):
    client = client_for(alice)
    response, html = page(client, "post16")
    assert response.status_code == 200 and "Post-16 placement costs" in html
    response, html = page(client, "transitions")
    assert response.status_code == 200 and "Phase transfers due" in html


def test_the_navigation_shows_benchmarks_to_staff_and_our_benchmark_to_providers(
    client_for, alice, pat
):
    _response, html = page(client_for(alice), "benchmarks")
    assert ">Benchmarks<" in html
    _response, html = page(client_for(pat), "provider_benchmark")
    assert ">Our benchmark<" in html


# --- API ------------------------------------------------------------------------------------


def api_url(name, *args):
    return reverse(f"outcomes_api:{name}", args=args)


def test_the_api_lists_benchmarks_for_council_staff(api_for, alice):
    response = api_for(alice).get(api_url("benchmarks"), {"need": "ASD", "lot": "iss_day"})
    assert response.status_code == 200
    first = response.json()["results"][0]
    assert (first["setting_name"], first["shrunk"], first["children"]) == (
        "Other Schools Sutton",
        "1.204",
        1,
    )
    assert (first["lower"], first["upper"], first["percentile_shrunk"]) == ("0.661", "2.339", 100)
    assert first["weekly_cost"] == "1800.00" and first["lot"] == "iss_day"


def test_the_api_refuses_a_lot_or_borough_outside_the_users_reach(api_for, bromley_analyst):
    api = api_for(bromley_analyst)
    assert api.get(api_url("benchmarks"), {"lot": "nonsense"}).status_code == 400
    assert api.get(api_url("benchmarks"), {"borough": "E09000008"}).status_code == 404  # not theirs
    mine = api.get(api_url("benchmarks"), {"borough": "E09000006"}).json()["results"]
    assert {row["setting_name"] for row in mine} == {"Other Schools Sutton"}


def test_the_api_ranks_strong_providers_for_a_need(api_for, alice):
    rows = api_for(alice).get(api_url("strong_providers"), {"need": "ASD"}).json()["results"]
    assert [row["shrunk"] for row in rows] == ["1.204", "0.552", "0.368"]
    assert api_for(alice).get(api_url("strong_providers")).status_code == 400


def test_providers_get_their_own_benchmark_from_the_api_and_404_for_anothers(
    api_for, pat, olly, alice, bright_futures
):
    (mine,) = api_for(pat).get(api_url("my_benchmark")).json()
    assert {row["setting_name"] for row in mine["rows"]} == {
        "Bright Futures School",
        "Bright Futures Annexe",
    }
    other = api_url("provider_benchmark", bright_futures[0].public_id)
    assert api_for(olly).get(other).status_code == 404
    assert api_for(alice).get(other).status_code == 200
    assert api_for(pat).get(api_url("benchmarks")).status_code == 403
    assert api_for(alice).get(api_url("my_benchmark")).status_code == 403


def test_the_api_gives_post16_costs_and_transitions_to_council_staff(api_for, alice, pat):
    assert api_for(alice).get(api_url("post16")).status_code == 200
    transitions = api_for(alice).get(api_url("transitions")).json()
    assert "boroughs" in transitions
    assert api_for(pat).get(api_url("transitions")).status_code == 403


def test_each_interval_chart_has_a_key_to_its_symbols(client_for, alice):
    from decimal import Decimal

    from django.template.loader import render_to_string

    from outcomes.charts.benchmarks import IntervalItem, interval_chart

    _response, html = page(client_for(alice), "benchmarks")
    key = html[html.index('aria-label="Key to the chart"') :]
    assert "Shrunken estimate of progress a term" in key and "95% interval of the mean" in key
    assert "middle half for the need" not in key[: key.index("</ul>")]  # no band on this chart
    banded = interval_chart(
        [IntervalItem("A school", Decimal("0.5"), band=(Decimal(0), Decimal("0.4"), Decimal(1)))],
        title="t",
        description="d",
    )
    drawn = render_to_string(
        "outcomes/benchmarks/_interval_chart.html", {"chart": banded, "chart_id": "c"}
    )
    assert "The consortium's middle half for the need, with its median" in drawn


# --- CSV downloads -------------------------------------------------------------------------------


def _csv(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_the_benchmarks_table_downloads_every_row_of_the_filter_as_numbers(client_for, alice):
    client = client_for(alice)
    response, html = page(client, "benchmarks", need="ASD")
    assert "Download this table as CSV" in html
    rows = _csv(
        client.get(reverse("outcomes:benchmarks"), {"need": "ASD", "download": "benchmarks"})
    )
    assert rows[0][:5] == ["Setting", "Provider", "Lot", "Primary need", "Rank in need"]
    shown = response.context["all_rows"]
    assert len(rows) == 1 + len(shown)
    assert {row[0] for row in rows[1:]} == {row["setting_name"] for row in shown}
    first = next(row for row in rows[1:] if row[0] == shown[0]["setting_name"])
    assert Decimal(first[10]) == Decimal(str(shown[0]["shrunk"])).quantize(Decimal("0.01"))


def test_each_benchmark_page_table_downloads(client_for, alice):
    client = client_for(alice)
    for name, query, tables in (
        ("strong_providers", {"need": "ASD"}, ["settings-for-need"]),
        ("post16", {}, ["median-by-need", "fees-by-provider"]),
        ("transitions", {}, ["phase-transfers", "pathways", "pathways-by-borough"]),
    ):
        url = reverse(f"outcomes:{name}")
        downloads = client.get(url, query).context["downloads"]
        assert sorted(downloads) == sorted(t.replace("-", "_") for t in tables), name
        for table in tables:
            assert _csv(client.get(url, {**query, "download": table}))[0], (name, table)


def test_providers_cannot_download_the_council_tables(client_for, pat):
    response = client_for(pat).get(reverse("outcomes:post16"), {"download": "fees-by-provider"})
    assert response.status_code == 403


def test_a_provider_downloads_its_own_benchmark_and_the_distribution_but_no_other_name(
    client_for, pat, five_asd_groups
):
    client = client_for(pat)
    url = reverse("outcomes:provider_benchmark")
    html = client.get(url).content.decode()
    assert html.count("Download this table as CSV") == 2
    settings = _csv(client.get(url, {"download": "settings"}))
    assert {row[0] for row in settings[1:]} <= set(BRIGHT_NAMES)
    distribution = _csv(client.get(url, {"download": "distribution"}))
    assert distribution[0][:3] == ["Primary need", "Settings", "Shrunken estimate: lower quartile"]
    text = "".join(",".join(row) for row in settings + distribution)
    assert not any(name in text for name in OTHER_NAMES)


def test_another_provider_cannot_download_a_providers_benchmark(client_for, olly, bright_futures):
    provider = bright_futures[0]
    url = reverse("outcomes:provider_benchmark_detail", args=[provider.public_id])
    assert client_for(olly).get(url, {"download": "settings"}).status_code == 404
