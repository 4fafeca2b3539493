"""A child's progress: the timeline per domain, the flags, the chart and its table, the
progress page, and the panel on the placement's page."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from outcomes.charts.progress import line_chart
from outcomes.selectors.progress import placement_progress
from outcomes.services.returns_beat import returns_flag_overdue

from .test_returns_helpers import IDENTITY, placed_since, submit

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_award_chain")]


@pytest.fixture
def placed(placement, targets, terms):
    return placed_since(placement)


def flag_keys(placement) -> list[str]:
    return [flag.key for flag in placement_progress(placement=placement).flags]


def returns(pat, placed, targets, terms, rows: list[dict]) -> None:
    """One return a term from autumn 2024, each with the figures given."""
    for term, row in zip(terms, rows, strict=False):
        communication, travel = row.pop("scores", (-1, 3))
        submit(pat, placed, term, targets, communication, travel, **row)


# --- The timeline -------------------------------------------------------------------------------


def test_each_domain_has_a_timeline_and_each_target_its_scores(pat, placed, targets, terms):
    returns(pat, placed, targets, terms, [{"scores": (-1, 3)}, {"scores": (0, 3)}])

    progress = placement_progress(placement=placed)

    by_code = {d.domain.code: d for d in progress.domains}
    assert list(by_code) == ["independent-living", "communication"]
    communication = by_code["communication"]
    assert (communication.baseline_mean, communication.target_mean) == (Decimal("-2.00"), 0)
    assert (communication.low, communication.high) == (-2, 2)
    assert [(p.term, p.mean_score, p.mean_progress, p.met) for p in communication.points] == [
        (terms[0], Decimal("-1.00"), Decimal("1.00"), 0),
        (terms[1], Decimal("0.00"), Decimal("1.00"), 1),
    ]
    travel = by_code["independent-living"].targets[0]
    assert [(p.score, p.progress, p.met) for p in travel.points] == [(3, 1, False), (3, 0, False)]


def test_overdue_returns_have_no_place_in_the_timeline(pat, placed, targets, terms):
    returns_flag_overdue(on=terms[1].returns_due_on.replace(day=20))

    progress = placement_progress(placement=placed)

    assert [r.status for r in progress.returns] == ["overdue", "overdue"]
    assert all(d.points == [] for d in progress.domains)
    assert progress.flags == []


# --- Flags --------------------------------------------------------------------------------------


def test_no_progress_over_two_terms_is_flagged(pat, placed, targets, terms):
    returns(pat, placed, targets, terms, [{"scores": (-2, 2)}])
    assert flag_keys(placed) == []  # one term is not two

    returns(pat, placed, targets, terms[1:], [{"scores": (-2, 2)}])
    assert flag_keys(placed) == ["no_progress"]

    returns(pat, placed, targets, terms[2:], [{"scores": (-1, 2)}])
    assert flag_keys(placed) == []


@pytest.mark.parametrize(
    ("attendance", "flagged"),
    [
        (["95.0", "93.0", "91.0"], True),  # fell in each of the last two returns
        (["95.0", "93.0", "93.0"], False),
        (["95.0", "90.0"], True),  # 5 points at once
        (["95.0", "90.1"], False),
        (["90.0", "95.0", "94.0"], False),
    ],
)
def test_falling_attendance_is_flagged(pat, placed, targets, terms, attendance, flagged):
    # Progress every term, so only attendance can flag.
    rows = [
        {"attendance_pct": Decimal(value), "scores": (min(-1 + i, 2), min(3 + i, 5))}
        for i, value in enumerate(attendance)
    ]
    returns(pat, placed, targets, terms, rows)

    assert flag_keys(placed) == (["falling_attendance"] if flagged else [])


@pytest.mark.parametrize(
    ("figures", "flagged"),
    [
        ([{"fixed_term_exclusion_days": Decimal("1")}, {}, {"fixed_term_exclusion_days": 2}], True),
        ([{"fixed_term_exclusion_days": Decimal("1")}, {}, {}], False),
        ([{"fixed_term_exclusion_days": 1}, {}, {}, {}, {"fixed_term_exclusion_days": 1}], False),
        ([{}, {"permanently_excluded": True}], True),
    ],
)
def test_repeated_exclusions_are_flagged(pat, placed, targets, terms, figures, flagged):
    rows = [{**row, "scores": (min(-1 + i, 2), min(3 + i, 5))} for i, row in enumerate(figures)]
    returns(pat, placed, targets, terms, rows)

    assert flag_keys(placed) == (["repeated_exclusions"] if flagged else [])


# --- The chart ----------------------------------------------------------------------------------


def test_the_chart_puts_the_scale_top_to_bottom_and_terms_left_to_right():
    chart = line_chart(
        [("Baseline", Decimal("-2")), ("Aut 2024", Decimal("0")), ("Spr 2025", Decimal("2"))],
        low=-2,
        high=2,
        target=Decimal("0"),
        title="Communication",
        description="Mean score",
    )

    assert [(p.x, p.y) for p in chart.points] == [(48, 212), (304, 114), (560, 16)]
    assert chart.path == "M48,212 L304,114 L560,16"
    assert chart.target_y == 114
    assert [t.text for t in chart.ticks] == ["-2", "-1", "0", "1", "2"]


# --- Pages --------------------------------------------------------------------------------------


def test_the_progress_page_has_an_accessible_chart_and_a_table_per_domain(
    client_for, alice, pat, placed, targets, terms
):
    returns(pat, placed, targets, terms, [{"scores": (-1, 3)}, {"scores": (0, 4)}])
    url = reverse("outcomes:progress", kwargs={"public_id": placed.public_id})

    for user in (alice, pat):
        text = client_for(user).get(url).content.decode()
        assert text.count('role="img"') == 2
        assert "<title id=" in text and "<desc id=" in text
        assert "Communication and interaction: mean score and progress by term" in text
        assert 'href="{}"'.format(reverse("outcomes:target_list", args=[placed.public_id])) in text


def test_flags_and_targets_appear_on_both_placement_pages(
    client_for, alice, pat, placed, targets, terms
):
    returns(pat, placed, targets, terms, [{"scores": (-2, 2)}, {"scores": (-2, 2)}])
    pages = [
        (alice, "placements:placement_detail"),
        (pat, "placements:provider_placement_detail"),
    ]
    for user, name in pages:
        text = client_for(user).get(reverse(name, kwargs={"public_id": placed.public_id}))
        text = text.content.decode()
        assert "govuk-warning-text" in text
        assert "No progress over two terms" in text
        assert targets[1].outcome in text
        assert reverse("outcomes:progress", kwargs={"public_id": placed.public_id}) in text
    provider_page = client_for(pat).get(
        reverse("placements:provider_placement_detail", kwargs={"public_id": placed.public_id})
    )
    for identity in IDENTITY:
        assert identity not in provider_page.content.decode()


def test_the_panel_costs_the_same_queries_however_many_returns(
    client_for, alice, pat, placed, targets, terms
):
    url = reverse("placements:placement_detail", kwargs={"public_id": placed.public_id})
    client = client_for(alice)
    returns(pat, placed, targets, terms, [{"scores": (-1, 3)}])
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    returns(pat, placed, targets, terms[1:], [{"scores": (0, 3)}, {"scores": (1, 4)}, {}])
    with CaptureQueriesContext(connection) as four:
        client.get(url)

    assert len(four.captured_queries) == len(one.captured_queries)
