"""Matching by outcomes: each setting's published outcomes record for the child's primary need
(read from providers, never from outcomes) ranks the matches and shows beside Ofsted."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from placements.matching import nearest_matches
from providers.selectors.outcome_records import outcome_record_for
from providers.services.outcome_records import outcome_records_publish

pytestmark = pytest.mark.django_db


def record(
    setting, score: str, *, need="ASD", children=4, lower="-0.50", upper="1.50", bound="same"
):
    """A record ranked on `bound` (by default its score; None: too few children to rank)."""
    return {
        "rank_bound": Decimal(score) if bound == "same" else bound and Decimal(bound),
        "setting_id": setting.pk,
        "need": need,
        "children": children,
        "mean_progress": Decimal(score),
        "score": Decimal(score),
        "lower": Decimal(lower),
        "upper": Decimal(upper),
        "percentile": 50,
    }


def publish(*records):
    return outcome_records_publish(records=list(records), published_at=timezone.now())


def names(rows):
    return [row.setting.name for row in rows]


def test_the_outcomes_order_puts_the_best_record_for_the_childs_need_first(
    draft_request, near_setting, far_setting
):
    publish(record(far_setting, "0.800"), record(near_setting, "0.200"))
    rows = nearest_matches(draft_request, order="outcomes")
    assert names(rows) == ["Other Schools Sutton", "Bright Futures School"]
    assert names(nearest_matches(draft_request)) == [
        "Bright Futures School",
        "Other Schools Sutton",
    ]


def test_a_handful_of_children_does_not_outrank_many_on_a_higher_score(
    draft_request, near_setting, far_setting
):
    # Near's two children score higher but are too few to rank; far's forty are ranked on the
    # lower credible bound: far first, though it is further away.
    publish(
        record(near_setting, "1.900", children=2, bound=None),
        record(far_setting, "1.600", children=40, bound="1.450"),
    )
    rows = nearest_matches(draft_request, order="outcomes")
    assert names(rows) == ["Other Schools Sutton", "Bright Futures School"]
    assert rows[1].outcome_record.rank_bound is None


def test_ranked_records_go_by_their_lower_credible_bound_not_their_score(
    draft_request, near_setting, far_setting
):
    publish(
        record(near_setting, "1.200", children=6, bound="0.300"),
        record(far_setting, "1.000", children=40, bound="0.800"),
    )
    rows = nearest_matches(draft_request, order="outcomes")
    assert names(rows) == ["Other Schools Sutton", "Bright Futures School"]


def test_settings_without_a_record_for_the_need_come_last_then_by_distance(
    draft_request, near_setting, far_setting
):
    # Near's record is for another need: it does not count for this autistic child.
    publish(record(far_setting, "-0.100"), record(near_setting, "1.500", need="SEMH"))
    rows = nearest_matches(draft_request, order="outcomes")
    assert names(rows) == ["Other Schools Sutton", "Bright Futures School"]
    assert rows[1].outcome_record is None


def test_each_match_carries_its_record_with_the_children_and_interval(
    draft_request, near_setting, far_setting, django_assert_num_queries
):
    publish(record(near_setting, "0.557", children=2, lower="-0.066", upper="1.066"))
    rows = nearest_matches(draft_request, order="outcomes")
    shown = rows[0].outcome_record
    assert (shown.score, shown.children, shown.lower, shown.upper) == (
        Decimal("0.557"),
        2,
        Decimal("-0.066"),
        Decimal("1.066"),
    )
    # The candidates, the providers of the rows shown, and their records: no more.
    with django_assert_num_queries(4):  # plus the child's postcode lookup
        nearest_matches(draft_request, order="outcomes")


def test_publishing_replaces_the_records_and_leaves_other_scopes_alone(near_setting, far_setting):
    publish(record(near_setting, "0.100"), record(far_setting, "0.200"))
    outcome_records_publish(
        records=[record(near_setting, "0.300")],
        published_at=timezone.now(),
        setting_ids=[near_setting.pk],
    )
    found = outcome_record_for([near_setting.pk, far_setting.pk], "ASD")
    assert found[near_setting.pk].score == Decimal("0.300")
    assert found[far_setting.pk].score == Decimal("0.200")
    publish(record(far_setting, "0.400"))
    assert list(outcome_record_for([near_setting.pk, far_setting.pk], "ASD")) == [far_setting.pk]


def test_the_matches_page_offers_the_outcomes_sort_and_shows_each_record(
    client_for, alice, draft_request, near_setting, far_setting
):
    publish(record(far_setting, "0.800", children=12, lower="0.40", upper="1.20"))
    url = reverse("placements:request_matches", args=[draft_request.public_id])
    page = client_for(alice).get(url, {"order": "outcomes"}).content.decode()
    assert 'href="?order=outcomes" aria-current="true"' in page
    assert page.index("Other Schools Sutton") < page.index("Bright Futures School")
    assert "12 children; 95% interval 0.40 to 1.20</span>" in page
    assert "No record" in page
    publish(record(far_setting, "0.800", children=3, bound=None))
    page = client_for(alice).get(url, {"order": "outcomes"}).content.decode()
    assert "3 children; 95% interval -0.50 to 1.50; too few children to rank" in page


def test_the_evaluation_shows_each_offers_outcomes_record_beside_ofsted(
    client_for, alice, evaluating_request, near_setting, far_setting
):
    publish(record(near_setting, "0.557", children=2, lower="-0.066", upper="1.066"))
    url = reverse("placements:request_evaluation", args=[evaluating_request.public_id])
    page = client_for(alice).get(url).content.decode()
    row = re.search(r"Outcomes benchmark \(progress\)</th>(.*?)</tr>", page, re.S).group(1)
    cells = [
        re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
    ]
    cells = sorted(cells)
    assert cells[0].startswith("+0.56 a term (2 children; 95% interval -0.07 to +1.07)")
    assert cells[1] == "No outcomes record for this need"
    assert page.index("Ofsted</th>") < page.index("Outcomes benchmark")


def test_the_matches_api_ranks_by_outcomes_and_gives_each_record_or_null(
    api_for, alice, draft_request, near_setting, far_setting
):
    publish(record(far_setting, "0.800", children=12, lower="0.40", upper="1.20"))
    url = f"/api/v1/placements/requests/{draft_request.public_id}/matches/?order=outcomes"
    far, near = api_for(alice).get(url).json()["results"]
    assert (far["name"], near["name"]) == ("Other Schools Sutton", "Bright Futures School")
    shown = {k: v for k, v in far["outcome_record"].items() if k != "published_at"}
    assert shown == {
        "score": "0.800",
        "mean_progress": "0.800",
        "lower": "0.400",
        "upper": "1.200",
        "rank_bound": "0.800",
        "children": 12,
        "percentile": 50,
    }
    assert near["outcome_record"] is None
