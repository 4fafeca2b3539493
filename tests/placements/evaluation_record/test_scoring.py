"""Award decisions that stand up to challenge (issue 13): quality from the evidence there is,
never a zero for evidence that is missing; no award before every offer is rated (or a reason);
safeguarding not met and fees above the ceiling flagged."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from kernel.errors import DomainError
from placements import services
from placements.evaluation import evaluation_sheet
from placements.models import EvaluationRecord
from providers.choices import InspectionFramework
from providers.models import Inspection

from .helpers import (
    line,
    page_url,
    rate_all,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_send_dps")]


def test_three_uninspected_settings_are_not_ranked_on_price_until_rated(
    three_offers, alice, client_for, near_setting, far_setting, third_setting
):
    client = client_for(alice)
    page = client.get(page_url("request_evaluation", three_offers)).text
    assert "Not ranked yet: 3 offers have no quality evidence" in page
    assert line(page, "Quality score, of 100") == ["Incomplete: no evidence yet"] * 3
    assert line(page, "Total score, of 100") == ["Not scored"] * 3
    assert line(page, "Ofsted") == ["Not inspected"] * 3

    rate_all(alice, three_offers, {near_setting: 1, far_setting: 4, third_setting: 3})
    page = client.get(page_url("request_evaluation", three_offers)).text
    assert "Not ranked yet" not in page
    # Ranked on needs fit and price: the dearest, best-fitting offer first, the cheapest last.
    assert line(page, "Weekly fee") == ["£1,720.00", "£1,620.00", "£1,520.00"]
    assert line(page, "Total score, of 100") == ["95.4", "82.5", "55.0"]


def test_a_report_card_scores_by_its_areas_and_the_missing_parts_are_reweighted(
    evaluating_request, near_setting, alice, client_for
):
    Inspection.objects.create(
        setting=near_setting,
        framework=InspectionFramework.SCHOOL_REPORT_CARD,
        inspected_on=date(2026, 3, 4),
        judgements={
            "inclusion": "Strong standard",
            "curriculum_and_teaching": "Expected standard",
            "achievement": "Exceptional",
        },
        safeguarding_met=True,
    )
    sheet = evaluation_sheet(evaluating_request)
    near = next(row for row in sheet["rows"] if row["setting_name"] == near_setting.name)
    # (75 + 62.5 + 100) / 3 = 79.2; no rating and no outcomes record: quality is the inspection.
    assert near["parts"]["inspection"]["points"] == "79.2"
    assert near["quality_score"] == "79.2"
    assert near["quality_missing"] == ["Needs fit", "Outcomes record"]
    page = client_for(alice).get(page_url("request_evaluation", evaluating_request)).text
    assert "Quality incomplete" in page
    assert "Report card (March 2026): inclusion: Strong standard" in page


def test_the_award_is_refused_until_every_offer_is_rated_or_a_reason_is_recorded(
    evaluating_request, near_invitation, far_invitation, alice, client_for, emails
):
    client = client_for(alice)
    award = {
        "award-invitation": str(near_invitation.public_id),
        "award-reason": "Nearest",
        "confirm": "yes",
    }
    response = client.post(page_url("request_award", evaluating_request), award)
    assert response.status_code == 200
    assert "Rate every offer for how well it meets the needs, or record why not" in response.text
    assert 'href="#id_award-unrated_reason"' in response.text
    assert not EvaluationRecord.objects.exists()
    evaluating_request.refresh_from_db()
    assert evaluating_request.status == "evaluating"

    with emails():
        response = client.post(
            page_url("request_award", evaluating_request),
            {**award, "award-unrated_reason": "The child's social worker chose after a visit"},
        )
    assert response.status_code == 302
    record = EvaluationRecord.objects.get()
    assert record.unrated_reason == "The child's social worker chose after a visit"


def test_safeguarding_not_met_is_flagged_and_needs_a_reason_to_award(
    evaluating_request, near_setting, near_invitation, far_invitation, alice, emails
):
    Inspection.objects.create(
        setting=near_setting,
        framework=InspectionFramework.SCHOOL_REPORT_CARD,
        inspected_on=date(2026, 5, 1),
        judgements={"inclusion": "Expected standard"},
        safeguarding_met=False,
    )
    rate_all(alice, evaluating_request, {near_invitation.setting: 3, far_invitation.setting: 2})
    near_invitation.refresh_from_db()
    with pytest.raises(DomainError) as refused:
        services.request_award(
            actor=alice,
            placement_request=evaluating_request,
            invitation=near_invitation,
            reason="Near",
        )
    assert refused.value.field == "safeguarding_reason"
    near_invitation.refresh_from_db()  # the refused award moved it in memory, then rolled back
    evaluating_request.refresh_from_db()
    with emails():
        services.request_award(
            actor=alice,
            placement_request=evaluating_request,
            invitation=near_invitation,
            reason="Near",
            safeguarding_reason="Re-inspected informally by the LA on 3 June; actions complete",
        )
    record = EvaluationRecord.objects.get()
    near = next(row for row in record.sheet["rows"] if row["setting_name"] == near_setting.name)
    assert near["safeguarding_not_met"] is True
    assert record.safeguarding_reason.startswith("Re-inspected informally")


def test_a_provider_above_its_ceiling_must_say_why_and_the_offer_is_tagged(
    open_request, near_invitation, pat, alice, client_for
):
    client = client_for(pat)
    form = client.get(reverse("placements:offer_form", args=[near_invitation.public_id])).text
    assert "Your DPS ceiling rate for this setting on this lot is <strong>£1,650.50 a week" in form
    data = {
        "education": "1700",
        "weeks_per_year": "38",
        "proposed_start_on_0": "1",
        "proposed_start_on_1": "9",
        "proposed_start_on_2": str(date.today().year + 1),
    }
    url = reverse("placements:offer_form", args=[near_invitation.public_id])
    refused = client.post(url, data)
    assert refused.status_code == 200
    assert "is above the DPS ceiling of £1,650.50 for this setting and lot: explain why" in (
        refused.text
    )
    check = client.post(url, {**data, "above_ceiling_reason": "Two-to-one at lunch"})
    assert "above your DPS ceiling of £1,650.50" in check.text  # said again before sending
    client.post(url, {**data, "above_ceiling_reason": "Two-to-one at lunch", "confirm": "yes"})
    near_invitation.offer.refresh_from_db()
    assert near_invitation.offer.above_ceiling_reason == "Two-to-one at lunch"

    services.request_close(actor=alice, placement_request=open_request)
    page = client_for(alice).get(page_url("request_evaluation", open_request)).text
    assert "Above ceiling" in page
    assert line(page, "Against the DPS ceiling, a week")[0] == "£49.50 over"
    assert "Two-to-one at lunch" in page
