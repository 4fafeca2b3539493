"""Benchmarking against a small dataset whose every figure was worked out by hand.

Three settings of two providers on the SEND day lot, autistic children (ASD) unless said:

  setting A, Bright Futures School (Bright Futures), Croydon children a1 (£1,500.00 a week) and
    a2 (£1,600.00): accepted returns a1 autumn 2025 progress 1.0, a1 spring 2026 0.5,
    a2 autumn 2025 0.0; a2 spring 2026 is submitted (progress 5.0) and must not count.
  setting B, Other Schools Sutton (Other Schools), Bromley child b1 (£1,800.00): 2.0, 1.0.
  setting C, Bright Futures Annexe (Bright Futures), Croydon child c1 (£1,000.00): 0.0,
    permanently excluded that term.
  and a Croydon child s1 with SEMH at setting A: one return, progress 2.0 (a need of its own).

Worked for ASD (ADR 0006; outcomes.selectors.benchmark_stats):
  means A 1.5/3 = 0.5, B 3/2 = 1.5, C 0.
  own variances: A ((0.5)^2 + 0 + (0.5)^2)/2 = 0.25, B ((0.5)^2 * 2)/1 = 0.5, C none.
  pooled s2 = (0.5 + 0.5) / (2 + 1) = 1/3.
  each group's variance, its own pulled toward the pooled one by K = 4 returns:
    A (4/3 + 2 * 0.25) / 6 = 11/36, B (4/3 + 0.5) / 5 = 11/30, C (4/3) / 4 = 1/3;
    over n: v_A = 11/108, v_B = 11/60, v_C = 1/3.
  tau2 (DerSimonian-Laird): w = 108/11, 60/11, 3 (sum 201/11); mu_w = 144/201 = 0.716418;
    Q = 5.348711; sum(w) - sum(w^2)/sum(w) = 10.876526; tau2 = 3.348711 / 10.876526 = 0.307884.
  u = 1/(v + tau2) = 2.440595, 2.035758, 1.559533 (sum 6.035886); mu = 0.708087.
  B_A = tau2 / (tau2 + v_A) = 0.751421 -> 0.751; B_B = 0.626778 -> 0.627; B_C = 0.480156 -> 0.480
  shrunk = mu + B (mean - mu): A 0.551726 -> 0.552, B 1.204441 -> 1.204, C 0.368095 -> 0.368
  posterior sd = sqrt(B v + (1 - B)^2 / 6.035886): A 0.294569, B 0.371466, C 0.452575
  lower credible bound = shrunk - 1.645 sd: A 0.067160 -> 0.067, B 0.593379 -> 0.593,
    C -0.376390 -> -0.376; no group has five children, so none is ranked.
  intervals, mean +/- 1.96 sqrt(v):
             A 0.5 +/- 0.625519 -> -0.126 to 1.126
             B 1.5 +/- 0.839222 -> 0.661 to 2.339
             C 0 +/- 1.131607 -> -1.132 to 1.132
  targets met: A 3 of 5 = 0.600, B 1 of 2 = 0.500, C 0 of 1 = 0.000
  attendance: A (90 + 95 + 80)/3 = 88.3, B 100.0 (one return has none), C 70.0
  exclusion days per child-term: A 1.5/3 = 0.50, B 2/2 = 1.00, C 0.00; permanent: C 1
  weekly cost: A (1500 + 1500 + 1600)/3 = 1533.33, B 1800.00, C 1000.00
  progress per £1,000: A 0.5/1.533333 = 0.326, B 1.5/1.8 = 0.833, C 0/1.0 = 0.000
  percentiles (three groups, no ties): lowest 0, middle 50, highest 100.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import numpy as np
import pytest

from outcomes.choices import ReturnStatus
from outcomes.models import Indicator, OutcomeTarget, TargetScore, TermlyReturn
from outcomes.selectors.benchmark_stats import percentiles
from outcomes.selectors.benchmarks import benchmark_table, provider_benchmark
from outcomes.services.benchmarks import outcome_records_refresh
from placements.models import Child, Placement
from providers.models import OutcomeRecord

from ..placements.fixtures import enrolled_setting

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_send_dps")]
D = Decimal


def _child(borough, reference: str, need: str = "ASD") -> Child:
    return Child.objects.create(
        borough=borough,
        reference=reference,
        date_of_birth=date(2014, 1, 10),
        sex="M",
        home_postcode="CR0 1AA",
        primary_need=need,
    )


def _placement(child, setting, lot, weekly: str, actor) -> Placement:
    return Placement.objects.create(
        borough=child.borough,
        child=child,
        setting=setting,
        provider=setting.provider,
        lot=lot,
        weeks_per_year=38,
        starts_on=date(2025, 9, 1),
        agreed_weekly=D(weekly),
        created_by=actor,
    )


def _return(placement, term, framework, progress, *, met=(), status="accepted", **figures):
    """A return with one score per entry of `met` (whether that target was met)."""
    termly_return = TermlyReturn.objects.create(
        placement=placement,
        term=term,
        framework_version=framework,
        status=status,
        mean_progress=D(progress),
        # What the return services keep from the scores made below.
        targets_scored=len(met),
        targets_met=sum(met),
        **figures,
    )
    indicator = Indicator.objects.filter(domain__version=framework).first()
    for number, was_met in enumerate(met):
        target, _ = OutcomeTarget.objects.get_or_create(
            placement=placement,
            outcome=f"Target {number + 1}",
            defaults={
                "indicator": indicator,
                "baseline": 1,
                "target": 3,
                "target_date": date(2027, 7, 31),
                "set_by": placement.created_by,
            },
        )
        TargetScore.objects.create(
            termly_return=termly_return,
            target=target,
            score=3 if was_met else 2,
            evidence="Seen in class",
            met=was_met,
        )
    return termly_return


@pytest.fixture
def dataset(
    alice, charlie, croydon, bromley, framework, terms, near_setting, far_setting, send_day_lot
):
    """The module docstring's dataset; returns the three settings and the lot."""
    annexe = enrolled_setting(
        near_setting.provider,
        send_day_lot,
        name="Bright Futures Annexe",
        latitude="51.38",
        longitude="-0.10",
        weekly_ceiling=D("1200.00"),
    )
    autumn, spring = terms[3], terms[4]  # autumn 2025, spring 2026
    a1 = _placement(_child(croydon, "A1"), near_setting, send_day_lot, "1500.00", alice)
    a2 = _placement(_child(croydon, "A2"), near_setting, send_day_lot, "1600.00", alice)
    b1 = _placement(_child(bromley, "B1"), far_setting, send_day_lot, "1800.00", charlie)
    c1 = _placement(_child(croydon, "C1"), annexe, send_day_lot, "1000.00", alice)
    s1 = _placement(_child(croydon, "S1", "SEMH"), near_setting, send_day_lot, "1700.00", alice)
    v = framework
    _return(a1, autumn, v, "1.0", met=(True, False), attendance_pct=D("90.0"))
    _return(
        a1,
        spring,
        v,
        "0.5",
        met=(True, True),
        attendance_pct=D("95.0"),
        fixed_term_exclusion_days=D("1.5"),
    )
    _return(a2, autumn, v, "0.0", met=(False,), attendance_pct=D("80.0"))
    _return(a2, spring, v, "5.0", met=(True,), status=ReturnStatus.SUBMITTED)
    _return(
        b1,
        autumn,
        v,
        "2.0",
        met=(False,),
        attendance_pct=D("100.0"),
        fixed_term_exclusion_days=D("2.0"),
    )
    _return(b1, spring, v, "1.0", met=(True,))
    _return(c1, autumn, v, "0.0", met=(False,), attendance_pct=D("70.0"), permanently_excluded=True)
    _return(s1, autumn, v, "2.0", met=(True,), attendance_pct=D("99.0"))
    return {"A": near_setting, "B": far_setting, "C": annexe, "lot": send_day_lot}


def rows_by_setting(rows, need="ASD"):
    return {row["setting_name"]: row for row in rows if row["need"] == need}


def test_each_setting_need_and_lot_gets_the_hand_worked_figures(consortium, dataset):
    rows = rows_by_setting(benchmark_table(consortium_id=consortium.pk))
    a, b, c = (
        rows[name]
        for name in ("Bright Futures School", "Other Schools Sutton", "Bright Futures Annexe")
    )
    assert (a["children"], a["returns"], b["children"], b["returns"]) == (2, 3, 1, 2)
    assert (c["children"], c["returns"]) == (1, 1)
    assert [a["mean_progress"], b["mean_progress"], c["mean_progress"]] == [
        0.500,
        1.500,
        0.000,
    ]
    assert [a["targets_met_share"], b["targets_met_share"], c["targets_met_share"]] == [
        0.600,
        0.500,
        0.000,
    ]
    assert [a["attendance_pct"], b["attendance_pct"], c["attendance_pct"]] == [
        88.3,
        100.0,
        70.0,
    ]
    assert [a["exclusion_days"], b["exclusion_days"], c["exclusion_days"]] == [
        0.50,
        1.00,
        0.00,
    ]
    assert [a["permanent_exclusions"], b["permanent_exclusions"], c["permanent_exclusions"]] == [
        0,
        0,
        1,
    ]
    assert [a["weekly_cost"], b["weekly_cost"], c["weekly_cost"]] == [
        D("1533.33"),
        D("1800.00"),
        D("1000.00"),
    ]
    assert isinstance(a["weekly_cost"], Decimal)  # money stays exact
    assert [a["progress_per_1000"], b["progress_per_1000"], c["progress_per_1000"]] == [
        0.326,
        0.833,
        0.000,
    ]
    assert a["provider_name"] == c["provider_name"] == "Bright Futures Education Limited"
    assert a["need_label"] == "Autistic spectrum disorder"
    assert a["lot_id"] == dataset["lot"].pk


def test_small_groups_are_shrunk_toward_the_consortium_mean_by_empirical_bayes(consortium, dataset):
    rows = rows_by_setting(benchmark_table(consortium_id=consortium.pk))
    shrunk = {name: row["shrunk"] for name, row in rows.items()}
    assert shrunk == {
        "Bright Futures School": 0.552,
        "Other Schools Sutton": 1.204,
        "Bright Futures Annexe": 0.368,
    }
    weights = {name: row["shrinkage_weight"] for name, row in rows.items()}
    assert weights == {
        "Bright Futures School": 0.751,
        "Other Schools Sutton": 0.627,
        "Bright Futures Annexe": 0.480,
    }


def test_each_group_has_a_lower_credible_bound_but_too_few_children_to_rank(consortium, dataset):
    rows = rows_by_setting(benchmark_table(consortium_id=consortium.pk))
    bounds = {name: (row["credible_lower"], row["rank"]) for name, row in rows.items()}
    assert bounds == {
        "Bright Futures School": (0.067, None),
        "Other Schools Sutton": (0.593, None),
        "Bright Futures Annexe": (-0.376, None),
    }


def test_each_group_has_a_95_percent_interval_from_its_variance_pulled_toward_the_pooled(
    consortium, dataset
):
    rows = rows_by_setting(benchmark_table(consortium_id=consortium.pk))
    intervals = {name: (row["lower"], row["upper"]) for name, row in rows.items()}
    assert intervals == {
        "Bright Futures School": (-0.126, 1.126),  # own 0.25 pulled up toward the pooled 1/3
        "Other Schools Sutton": (0.661, 2.339),  # own 0.5 pulled down toward it
        "Bright Futures Annexe": (-1.132, 1.132),  # one return: the pooled variance
    }


def test_returns_that_happen_to_agree_still_get_an_interval_of_some_width(consortium, dataset):
    # B's two returns both 1.5: its own variance is 0, the pooled (0.5 + 0) / 3 = 1/6, pulled
    # toward: (4/6 + 0) / 5 = 2/15, so 1.5 +/- 1.96 sqrt((2/15)/2) = 1.5 +/- 0.506075, not a
    # certain 1.5.
    TermlyReturn.objects.filter(placement__setting=dataset["B"]).update(mean_progress=D("1.5"))

    row = rows_by_setting(benchmark_table(consortium_id=consortium.pk))["Other Schools Sutton"]
    assert (row["mean_progress"], row["lower"], row["upper"]) == (1.500, 0.994, 2.006)


def test_percentiles_place_each_group_among_the_groups_of_its_need(consortium, dataset):
    rows = rows_by_setting(benchmark_table(consortium_id=consortium.pk))
    for metric in (
        "mean_progress",
        "shrunk",
        "targets_met_share",
        "attendance_pct",
        "weekly_cost",
        "progress_per_1000",
    ):
        placed = {name: row[f"percentile_{metric}"] for name, row in rows.items()}
        expected = {
            "Bright Futures School": 50,
            "Other Schools Sutton": 100,
            "Bright Futures Annexe": 0,
        }
        if metric == "targets_met_share":  # A 0.6 is above B 0.5
            expected = {
                "Bright Futures School": 100,
                "Other Schools Sutton": 50,
                "Bright Futures Annexe": 0,
            }
        assert placed == expected, metric


def test_a_need_with_one_group_keeps_its_mean_and_has_no_percentile_or_interval(
    consortium, dataset
):
    (semh,) = [row for row in benchmark_table(consortium_id=consortium.pk) if row["need"] == "SEMH"]
    assert (semh["children"], semh["mean_progress"], semh["shrunk"]) == (1, 2.000, 2.000)
    assert semh["lower"] is None and semh["upper"] is None
    assert semh["percentile_shrunk"] is None


def test_ties_share_the_percentile_between_them_and_a_lone_group_has_none():
    # Need 0: 1, 1, 2 (each 1 has none below and one tie: 100 * 0.5 / 2 = 25); need 1: alone.
    figures, needs = np.array([1.0, 1.0, 2.0, 5.0]), np.array([0, 0, 0, 1])
    assert percentiles(figures, needs).tolist() == [25, 25, 100, -1]


def test_returns_not_yet_accepted_do_not_count(consortium, dataset):
    rows = rows_by_setting(benchmark_table(consortium_id=consortium.pk))
    assert rows["Bright Futures School"]["returns"] == 3  # a2's submitted spring return left out
    TermlyReturn.objects.filter(status=ReturnStatus.SUBMITTED).update(status=ReturnStatus.ACCEPTED)
    rows = rows_by_setting(benchmark_table(consortium_id=consortium.pk))
    assert rows["Bright Futures School"]["mean_progress"] == 1.625  # (1.5 + 5.0) / 4


def test_by_provider_pools_a_providers_settings(consortium, dataset):
    rows = {
        row["provider_name"]: row
        for row in benchmark_table(consortium_id=consortium.pk, by="provider", need="ASD")
    }
    bright = rows["Bright Futures Education Limited"]
    # A and C together: (1.0 + 0.5 + 0.0 + 0.0) / 4
    assert (bright["children"], bright["returns"], bright["mean_progress"]) == (3, 4, 0.375)
    assert bright["setting_id"] is None and bright["setting_name"] is None


def test_by_need_gives_one_row_per_need_without_percentiles(consortium, dataset):
    rows = {row["need"]: row for row in benchmark_table(consortium_id=consortium.pk, by="need")}
    assert rows["ASD"]["mean_progress"] == 0.750  # 4.5 / 6
    assert rows["ASD"]["children"] == 4
    assert rows["ASD"]["percentile_shrunk"] is None
    assert rows["ASD"]["provider_id"] is None and rows["ASD"]["lot_id"] is None


def test_borough_ids_limit_the_returns_to_those_boroughs_placements(consortium, dataset, croydon):
    rows = benchmark_table(consortium_id=consortium.pk, borough_ids=[croydon.pk], need="ASD")
    assert "Other Schools Sutton" not in {row["setting_name"] for row in rows}
    assert len(rows) == 2


def test_the_period_keeps_returns_of_terms_starting_within_it(consortium, dataset):
    autumn_2025 = (date(2025, 9, 1), date(2025, 12, 31))
    rows = rows_by_setting(benchmark_table(consortium_id=consortium.pk, period=autumn_2025))
    assert rows["Bright Futures School"]["returns"] == 2
    assert rows["Bright Futures School"]["mean_progress"] == 0.500  # (1.0 + 0.0) / 2


def test_an_unknown_grouping_is_refused(consortium):
    with pytest.raises(ValueError, match="by must be one of"):
        benchmark_table(consortium_id=consortium.pk, by="borough")


def test_the_aggregation_is_two_queries_and_three_name_lookups(
    consortium, dataset, django_assert_num_queries
):
    # Returns grouped per placement (never the scores) and the placements' keys; then
    # providers', settings' and lots' names.
    with django_assert_num_queries(5):
        benchmark_table(consortium_id=consortium.pk)


def test_publishing_writes_each_settings_record_per_need(consortium, dataset):
    assert outcome_records_refresh(consortium_id=consortium.pk) == 3
    records = {r.setting.name: r for r in OutcomeRecord.objects.select_related("setting")}
    a = records["Bright Futures School"]
    assert (a.need, a.children, a.mean_progress, a.score) == ("ASD", 2, D("0.500"), D("0.552"))
    assert (a.lower, a.upper, a.percentile) == (D("-0.126"), D("1.126"), 50)
    assert a.rank_bound is None  # two children: too few to rank, so matching puts it last
    assert records["Other Schools Sutton"].score == D("1.204")
    # SEMH at setting A has no interval (one return in the need): not published.
    assert not OutcomeRecord.objects.filter(need="SEMH").exists()


def test_publishing_again_replaces_the_records_it_no_longer_finds(consortium, dataset):
    outcome_records_refresh(consortium_id=consortium.pk)
    TermlyReturn.objects.filter(placement__setting=dataset["C"]).update(status=ReturnStatus.QUERIED)
    assert outcome_records_refresh() == 2
    assert not OutcomeRecord.objects.filter(setting=dataset["C"]).exists()


def test_a_providers_benchmark_holds_only_its_own_rows(consortium, dataset, bright_futures):
    mine = provider_benchmark(consortium_id=consortium.pk, provider_id=bright_futures[0].pk)
    assert {row["setting_name"] for row in mine["rows"]} == {
        "Bright Futures School",
        "Bright Futures Annexe",
    }
    asd = next(d for d in mine["distribution"] if d["need"] == "ASD")
    # Three groups: too few to show quartiles without giving the others' figures away.
    assert asd["groups"] == 3 and asd["shrunk"] is None and not asd["shown"]
