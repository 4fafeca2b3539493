"""The outcomes part of the national generator and the benchmarking bench, at a tiny scale, so
neither can rot between benchmark runs."""

import pytest
from django.db.models import Avg, Count, F, Q

from bench.national_scale import generate, generate_outcomes_only
from bench.outcomes_bench import bare_group_by, compare
from boroughs.models import Consortium
from outcomes.models import OutcomeTarget, TargetScore, TermlyReturn
from outcomes.selectors.benchmarks import benchmark_table

from .factories import consortium_unload

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def _tiny_country(module_db):
    """Generated once for the module (the tests read it; each rolls back what it changes)."""
    with module_db.unblock():
        consortium_unload()  # the generator expects an empty database
        generate(scale=0.001, boroughs=3, seed=7, progress=False)


@pytest.fixture
def tiny_country(_tiny_country, db):
    return Consortium.objects.get(slug="england-bench")


def test_the_generator_adds_about_three_thousand_scores_at_a_thousandth_scale(tiny_country):
    assert 2_850 <= TargetScore.objects.count() <= 3_150
    assert (
        TermlyReturn.objects.filter(status="accepted").count() > 0.8 * TermlyReturn.objects.count()
    )
    # Scores follow from the score before: progress and met are what the services would keep.
    score = TargetScore.objects.select_related("target").order_by("pk").first()
    assert score.met == (score.score >= score.target.target)
    assert not OutcomeTarget.objects.filter(
        scores__isnull=False, latest_score__isnull=True
    ).exists()


def test_a_returns_mean_progress_is_the_mean_of_its_scores_progress(tiny_country):
    termly_return = TermlyReturn.objects.filter(scores__isnull=False).order_by("pk").first()
    mean = termly_return.scores.aggregate(mean=Avg(F("progress") * 1.0))["mean"]
    assert float(termly_return.mean_progress) == pytest.approx(mean, abs=0.0005)


def test_every_returns_counts_of_targets_scored_and_met_match_its_scores(tiny_country):
    counted = TermlyReturn.objects.annotate(
        scored=Count("scores"), reached=Count("scores", filter=Q(scores__met=True))
    )
    assert counted.filter(targets_scored__gt=0).exists()
    assert not counted.exclude(targets_scored=F("scored"), targets_met=F("reached")).exists()


def test_the_bench_times_both_queries_over_the_same_groups(tiny_country):
    figures = compare(tiny_country.pk, runs=2)
    assert len(figures["bare"]) == len(figures["table"]) == 2
    groups = len(bare_group_by(tiny_country.pk))
    assert groups == figures["bare_groups"] > 0
    assert figures["table_rows"] == len(benchmark_table(consortium_id=tiny_country.pk))


def test_the_outcomes_can_be_reloaded_on_their_own(tiny_country):
    with pytest.raises(SystemExit, match="pass --reset"):
        generate_outcomes_only(scale=0.001, progress=False)
    before = TargetScore.objects.count()
    generate_outcomes_only(scale=0.001, seed=7, reset=True, progress=False)
    assert TargetScore.objects.count() == before
