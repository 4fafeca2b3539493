"""Transitions: phase transfers due (Year 6 and Year 11 with active placements) and Preparing
for Adulthood pathways from each young person's latest accepted return, by borough."""

from __future__ import annotations

from datetime import date

import pytest

from outcomes.selectors.transitions import transitions_summary
from placements.models import Placement

from .test_benchmarks import _placement, _return
from .test_post16 import _young_person

pytestmark = pytest.mark.django_db
ON = date(2026, 11, 22)


@pytest.fixture
def cohort(alice, charlie, croydon, bromley, framework, terms, near_setting, send_day_lot):
    def placed(borough, reference, born, actor):
        child = _young_person(borough, reference, born)
        return _placement(child, near_setting, send_day_lot, "1500.00", actor)

    year_6, year_11, year_10 = date(2016, 1, 5), date(2011, 1, 5), date(2012, 1, 5)
    placed(croydon, "Y6A", year_6, alice)
    placed(croydon, "Y6B", year_6, alice)
    y11 = placed(croydon, "Y11", year_11, alice)
    y10 = placed(bromley, "Y10", year_10, charlie)
    ended = placed(croydon, "END", year_6, alice)
    Placement.objects.filter(pk=ended.pk).update(status="ended", ends_on=date(2026, 7, 20))
    autumn, spring = terms[3], terms[4]
    # Y11: employment in autumn, then a supported internship in spring: the latest counts.
    _return(y11, autumn, framework, "0.5", pfa_pathway="employment")
    _return(y11, spring, framework, "0.5", pfa_pathway="supported_internship")
    # Y10's spring return is still submitted: the accepted autumn one counts.
    _return(y10, autumn, framework, "0.5", pfa_pathway="education")
    _return(y10, spring, framework, "0.5", pfa_pathway="employment", status="submitted")


def test_phase_transfers_count_year_6_and_year_11_children_by_borough(consortium, cohort):
    summary = transitions_summary(consortium_id=consortium.pk, on=ON)
    rows = {row["borough_name"]: row for row in summary["boroughs"]}
    assert (rows["Croydon"]["year_6"], rows["Croydon"]["year_11"]) == (2, 1)
    assert (rows["Bromley"]["year_6"], rows["Bromley"]["year_11"]) == (0, 0)
    assert (summary["totals"]["year_6"], summary["totals"]["year_11"]) == (2, 1)


def test_pfa_pathways_come_from_each_young_persons_latest_accepted_return(consortium, cohort):
    summary = transitions_summary(consortium_id=consortium.pk, on=ON)
    rows = {row["borough_name"]: row for row in summary["boroughs"]}
    assert rows["Croydon"]["pathways"]["supported_internship"] == 1
    assert rows["Croydon"]["pathways"]["employment"] == 0
    assert rows["Bromley"]["pathways"]["education"] == 1
    assert summary["totals"]["young_people"] == 2


def test_borough_ids_limit_the_transitions_to_those_boroughs(consortium, cohort, croydon):
    summary = transitions_summary(consortium_id=consortium.pk, borough_ids=[croydon.pk], on=ON)
    assert [row["borough_name"] for row in summary["boroughs"]] == ["Croydon"]
