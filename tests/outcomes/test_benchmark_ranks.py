"""Small samples do not win (issue 13): groups are ranked on a lower credible bound, each with its
own variance pulled toward its need's, and only with five children or more (ADR 0006).

The issue's case, for autistic children on the SEND day lot (one return per child):
  Top Two: 2 children, both 2.0, at the top of what any group reaches, no spread.
  Forty Steady: 40 children alternating 1.2 and 2.2: mean 1.7, a little below, a normal spread.
  Middling: 10 children alternating 0.5 and 1.5: mean 1.0.
Ranked on the shrunken estimate alone, the two children came first (the extremes inflated the
between-group variance that was meant to pull them in). Now the forty rank first and the two
are shown with "Too few children to rank". Eight children all far above (2.9 and 3.1) do rank
first: that is evidence.
"""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pytest
from django.urls import reverse

from outcomes.selectors.benchmark_stats import (
    MIN_CHILDREN_TO_RANK,
    between_variance,
    group_variances,
    ranks,
    shrink,
)
from outcomes.selectors.benchmarks import strong_providers
from outcomes.services.benchmarks import outcome_records_refresh
from outcomes.views.benchmarks import TOO_FEW_TO_RANK
from providers.models import OutcomeRecord

from ..placements.fixtures import enrolled_setting
from .test_benchmarks import _child, _placement, _return

D = Decimal

# --- The statistics, on arrays ----------------------------------------------------------------

# The issue's case as groups of one need: two at the top, forty a little below, ten in the middle.
MEANS = np.array([2.0, 1.7, 1.0])
OWN_S2 = np.array([0.0, 0.25, 0.25])
RETURNS = np.array([2.0, 40.0, 10.0])
ONE_NEED = np.zeros(3, dtype=np.int64)


def test_two_children_at_the_top_do_not_outrank_forty_a_little_below_on_the_bound_alone():
    found = shrink(MEANS, OWN_S2, RETURNS, ONE_NEED)
    two, forty, _ = found.credible_lower
    assert forty > two
    # Even if two children were enough to rank, the forty would still come first.
    assert ranks(found.credible_lower, np.full(3, 40), ONE_NEED).tolist() == [2, 1, 3]


def test_fewer_than_five_children_are_not_ranked_at_all():
    found = shrink(MEANS, OWN_S2, RETURNS, ONE_NEED)
    assert MIN_CHILDREN_TO_RANK == 5
    assert ranks(found.credible_lower, RETURNS, ONE_NEED).tolist() == [-1, 1, 2]


def test_eight_children_far_above_do_rank_first():
    means, own = np.append(MEANS, 3.0), np.append(OWN_S2, 0.01)
    returns, needs = np.append(RETURNS, 8.0), np.zeros(4, dtype=np.int64)
    found = shrink(means, own, returns, needs)
    assert ranks(found.credible_lower, returns, needs).tolist() == [-1, 2, 3, 1]


def test_a_group_whose_returns_agree_borrows_most_of_its_needs_variance():
    # Pooled (1 * 0 + 39 * 0.25 + 9 * 0.25) / 49 = 12/49, each own pulled toward it by 4 returns.
    pooled = 12 / 49
    s2 = group_variances(OWN_S2, RETURNS, ONE_NEED)
    assert s2.tolist() == pytest.approx(
        [4 * pooled / 5, (4 * pooled + 39 * 0.25) / 43, (4 * pooled + 9 * 0.25) / 13]
    )


def test_a_lone_group_keeps_its_own_mean_and_its_own_standard_error():
    # Its own variance is the pooled one: 0.5, over 4 returns: 0.125; tau2 0, weight 0.
    found = shrink(np.array([1.2]), np.array([0.5]), np.array([4.0]), np.array([0]))
    assert found.shrunk.tolist() == [1.2]
    assert found.weight.tolist() == [0.0]
    assert found.sd.round(6).tolist() == [0.353553]  # sqrt(0.125)
    assert found.credible_lower.round(6).tolist() == [0.618405]  # 1.2 - 1.645 * 0.353553
    assert ranks(found.credible_lower, np.array([4]), np.array([0])).tolist() == [-1]


def test_with_no_difference_between_groups_every_group_shrinks_to_the_mean_and_ties():
    means, own, returns = np.full(3, 1.0), np.full(3, 0.5), np.array([5.0, 10.0, 20.0])
    found = shrink(means, own, returns, np.zeros(3, dtype=np.int64))
    assert found.shrunk.tolist() == [1.0, 1.0, 1.0]
    assert found.weight.tolist() == [0.0, 0.0, 0.0]
    assert ranks(found.credible_lower, returns, np.zeros(3, dtype=np.int64)).tolist() == [1, 1, 1]


def test_between_group_variance_is_dersimonian_and_laird():
    # w = 1, 1; centre 1; Q = 1 + 1 = 2; scale 2 - 2/2 = 1; tau2 = (2 - 1) / 1.
    assert between_variance(np.array([0.0, 2.0]), np.array([1.0, 1.0])) == 1.0
    # Two means closer than chance allows: no variance between them.
    assert between_variance(np.array([0.0, 0.5]), np.array([1.0, 1.0])) == 0.0
    assert between_variance(np.array([3.0]), np.array([1.0])) == 0.0


def test_a_small_extreme_group_inflates_the_between_group_variance_far_less_than_before():
    # Two children at 3.0 beside the forty and the ten. The old estimate (the unweighted
    # variance of the means less the mean of v) goes from 0.229 to 0.986; weighted by
    # precision, from 0.229 to 0.418.
    means, v = np.array([3.0, 1.7, 1.0]), np.array([0.2 / 2, 0.25 / 40, 0.25 / 10])

    def unweighted(m, var):
        return m.var(ddof=1) - var.mean()

    old_rise = unweighted(means, v) - unweighted(means[1:], v[1:])
    rise = between_variance(means, v) - between_variance(means[1:], v[1:])
    assert (round(old_rise, 3), round(rise, 3)) == (0.757, 0.188)


def test_a_need_with_no_variance_to_use_keeps_its_means_and_ranks_nobody():
    found = shrink(np.array([1.0, 2.0]), np.full(2, np.nan), np.ones(2), np.zeros(2, dtype=int))
    assert found.shrunk.tolist() == [1.0, 2.0]
    assert np.isnan(found.credible_lower).all()
    assert ranks(found.credible_lower, np.full(2, 9), np.zeros(2, dtype=int)).tolist() == [-1, -1]


def test_each_need_is_ranked_on_its_own():
    bound = np.array([0.5, 0.9, 0.2, 0.1])
    needs = np.array([0, 0, 1, 1])
    assert ranks(bound, np.full(4, 5), needs).tolist() == [2, 1, 1, 2]


# --- Through the database, the pages and the records matching reads ---------------------------


def _setting(provider, lot, name):
    return enrolled_setting(
        provider, lot, name=name, latitude="51.40", longitude="-0.12", weekly_ceiling=D("1500")
    )


def _children(setting, lot, alice, framework, term, prefix, progress):
    for number, value in enumerate(progress):
        child = _child(alice.borough, f"{prefix}{number}")
        placed = _placement(child, setting, lot, "1400.00", alice)
        _return(placed, term, framework, value)


@pytest.fixture
def issue_case(alice, framework, terms, bright_futures, other_schools, send_day_lot):
    """The module docstring's three settings."""
    autumn = terms[3]
    groups = {
        "Top Two": (bright_futures[0], ["2.0"] * 2),
        "Forty Steady": (other_schools[0], ["1.2", "2.2"] * 20),
        "Middling": (other_schools[0], ["0.5", "1.5"] * 5),
    }
    for name, (provider, progress) in groups.items():
        setting = _setting(provider, send_day_lot, name)
        _children(setting, send_day_lot, alice, framework, autumn, name[:3], progress)
    return send_day_lot


@pytest.mark.django_db
def test_the_forty_rank_first_and_the_two_are_shown_unranked(consortium, issue_case):
    rows = strong_providers(consortium_id=consortium.pk, need="ASD")
    shown = [(row["setting_name"], row["children"], row["rank"]) for row in rows]
    assert shown == [("Forty Steady", 40, 1), ("Middling", 10, 2), ("Top Two", 2, None)]
    top_two = rows[-1]
    assert top_two["shrunk"] > rows[0]["shrunk"] - 0.2  # still shown with its own estimate
    assert top_two["credible_lower"] < rows[0]["credible_lower"]


@pytest.mark.django_db
def test_eight_children_far_above_rank_above_the_forty(
    consortium, issue_case, alice, framework, terms, bright_futures
):
    setting = _setting(bright_futures[0], issue_case, "Eight Strong")
    _children(setting, issue_case, alice, framework, terms[3], "EIG", ["2.9", "3.1"] * 4)
    rows = strong_providers(consortium_id=consortium.pk, need="ASD")
    assert [(row["setting_name"], row["rank"]) for row in rows] == [
        ("Eight Strong", 1),
        ("Forty Steady", 2),
        ("Middling", 3),
        ("Top Two", None),
    ]


@pytest.mark.django_db
def test_the_strong_providers_page_says_how_it_ranks_and_which_are_too_few(
    client_for, alice, issue_case
):
    url = reverse("outcomes:strong_providers")
    html = client_for(alice).get(url, {"need": "ASD"}).content.decode()
    assert "How groups are ranked" in html and "less 1.645 times its standard error" in html
    order = [html.index(name) for name in ("Forty Steady", "Middling", "Top Two")]
    assert order == sorted(order)
    assert html.count(TOO_FEW_TO_RANK) == 1


@pytest.mark.django_db
def test_matching_gets_no_rank_for_the_two_and_a_bound_for_the_forty(consortium, issue_case):
    outcome_records_refresh(consortium_id=consortium.pk)
    records = {r.setting.name: r for r in OutcomeRecord.objects.select_related("setting")}
    assert records["Top Two"].rank_bound is None
    assert records["Forty Steady"].rank_bound > records["Middling"].rank_bound
