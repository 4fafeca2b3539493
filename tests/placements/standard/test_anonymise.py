"""The retention job scrubs the standard's free-text answers with the request's own text; the
standard's codes stay for the figures."""

from __future__ import annotations

import pytest

from commissioning.dataprotection.export.people import People
from commissioning.dataprotection.export.requests import request_entry
from commissioning.dataprotection.inventory import HELD, SCRUBBED
from placements.models import PlacementRequest

from .helpers import care_answers

pytestmark = pytest.mark.django_db


def test_the_standards_free_text_is_scrubbed_and_its_codes_kept(care_request):
    answers = care_answers()
    answers["Risks"]["riskOther"] = "Sam's uncle at 4 Acacia Road"
    answers["PlacementAvailability"]["preferredLocation"] = "Near Sam's school"
    PlacementRequest.objects.filter(pk=care_request.pk).update(standard=answers)
    [held] = [h for h in HELD if h.model is PlacementRequest]
    held.scrubber(child_id=care_request.child_id, fields=held.scrub, text=SCRUBBED)
    request = PlacementRequest.objects.get(pk=care_request.pk)
    assert request.standard["Risks"]["riskOther"] == SCRUBBED
    assert request.standard["PlacementAvailability"]["preferredLocation"] == SCRUBBED
    assert request.standard["Risks"]["riskMissing"] == "Risk Present"
    assert request.needs_summary == SCRUBBED and request.compatibility == SCRUBBED
    assert request.not_met_explanation == ""


def test_the_subject_access_export_shows_the_standards_answers(care_request):
    entry = request_entry(care_request, People())
    values = {key: value for key, _, value in entry.values}
    assert "Can the child live with pets/animals?: Yes - can" in values["standard"]
