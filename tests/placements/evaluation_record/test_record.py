"""The evaluation frozen at the decision (issue 13): shown read-only, exported as a PDF and
summarised to each provider that offered; and fees above the ceiling after the award."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date

import pytest
from django.urls import reverse

from placements import services
from placements.models import EvaluationRecord, FrozenRecord
from providers.models import Inspection, Provider

from .helpers import (
    invitation_at,
    page_url,
    rate_all,
    table,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_send_dps")]


def test_after_the_award_the_page_shows_the_evaluation_exactly_as_it_stood(
    awarded, three_offers, alice, near_setting, admin_user, client_for
):
    before, after = awarded
    assert table(after) == table(before)  # every line and cell, field by field
    assert "This is the evaluation as it stood at the decision" in after
    assert 'action="/placements/requests/' not in after  # no rating or award forms
    # Nothing later moves it: a new rating, a new inspection, new weights.
    offer = invitation_at(three_offers, near_setting).offer
    type(offer).objects.filter(pk=offer.pk).update(needs_fit=4)
    Inspection.objects.create(
        setting=near_setting, framework="school_graded", overall="Outstanding",
        inspected_on=date(2026, 11, 1),
    )  # fmt: skip
    client_for(admin_user).post(reverse("evaluation_weights"), {"quality_weight": "20"})
    again = client_for(alice).get(page_url("request_evaluation", three_offers)).text
    assert table(again) == table(before)


def test_the_record_cannot_be_rewritten(awarded):
    record = EvaluationRecord.objects.get()
    record.reason = "Something else"
    with pytest.raises(FrozenRecord):
        record.save()
    with pytest.raises(FrozenRecord):
        EvaluationRecord.objects.update(reason="Something else")
    with pytest.raises(FrozenRecord):
        record.delete()
    assert EvaluationRecord.objects.get().reason == "Waking night staff, which the child needs"


def test_the_record_keeps_every_offer_rating_weight_and_reason(awarded, alice):
    record = EvaluationRecord.objects.get()
    sheet = record.sheet
    assert (sheet["quality_weight"], sheet["price_weight"]) == (60, 40)
    assert "A part with no evidence is left out" in sheet["method"]
    assert [row["setting_name"] for row in sheet["rows"]] == [
        "Other Schools Sutton",
        "Third Way Academy",
        "Bright Futures School",
    ]
    third = sheet["rows"][1]
    assert [line["amount"] for line in third["price_lines"]] == [
        "1500.00", "0.00", "120.00", "0.00", "0.00", "0.00",
    ]  # fmt: skip
    assert (third["needs_fit"], third["needs_fit_by"]) == (3, str(alice))
    assert third["needs_fit_at"]
    assert third["above_ceiling"] is True
    assert record.decided_by == alice
    assert record.winner.setting.name == "Third Way Academy"
    assert len(record.digest) == 64


def test_the_evaluation_record_downloads_as_a_pdf(
    awarded, three_offers, alice, client_for, tmp_path
):
    response = client_for(alice).get(page_url("request_evaluation_record", three_offers))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    pdf = tmp_path / "record.pdf"
    pdf.write_bytes(response.content)
    pdftotext = shutil.which("pdftotext")
    assert pdftotext, "poppler-utils is needed (.ci/run installs it)"
    text = subprocess.run(
        [pdftotext, "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    record = EvaluationRecord.objects.get()
    assert f"Evaluation record: placement request {three_offers.reference}" in text
    assert "Third Way Academy" in text and "Waking night staff, which the child needs" in text
    assert record.digest[:20] in text.replace("\n", "")


def test_no_record_no_pdf(evaluating_request, alice, client_for):
    url = page_url("request_evaluation_record", evaluating_request)
    assert client_for(alice).get(url).status_code == 404


def test_each_provider_sees_its_own_scores_beside_the_winners_and_no_other_losers(
    awarded, three_offers, near_setting, far_setting, pat, olly, tess, client_for
):
    def summary(user, setting) -> str:
        invitation = invitation_at(three_offers, setting)
        page = (
            client_for(user)
            .get(reverse("placements:invitation_detail", args=[invitation.public_id]))
            .text
        )
        return page[page.index('id="assessment-summary"') : page.index("How offers were scored")]

    sheet = EvaluationRecord.objects.get().sheet
    totals = {row["setting_name"]: row["total_score"] for row in sheet["rows"]}
    pats = summary(pat, near_setting)
    assert "Winning offer" in pats
    assert totals["Bright Futures School"] in pats and totals["Third Way Academy"] in pats
    assert totals["Other Schools Sutton"] not in pats  # another unsuccessful provider's
    ollys = summary(olly, far_setting)
    assert totals["Other Schools Sutton"] in ollys and totals["Bright Futures School"] not in ollys
    winners = summary(tess, Provider.objects.get(legal_name__startswith="Third").settings.get())
    assert "Winning offer" not in winners and totals["Third Way Academy"] in winners


def test_the_api_gives_each_provider_its_assessment_and_no_other_losers_scores(
    awarded, three_offers, near_setting, far_setting, pat, olly, api_for
):
    sheet = EvaluationRecord.objects.get().sheet
    totals = {row["setting_name"]: row["total_score"] for row in sheet["rows"]}
    invitation = invitation_at(three_offers, near_setting)
    url = reverse("placements_api:invitation-detail", args=[invitation.public_id])

    assessment = api_for(pat).get(url).json()["assessment"]

    assert assessment["won"] is False and assessment["outcome"] == "Awarded"
    assert assessment["own"]["total_score"] == totals["Bright Futures School"]
    assert assessment["own"]["needs_fit"] == 1
    assert assessment["winner"]["total_score"] == totals["Third Way Academy"]
    # Not the winner's setting, price or the evidence behind its points: its scores only.
    assert {"setting_name", "weekly_fee", "needs_fit"}.isdisjoint(assessment["winner"])
    assert all(set(part) == {"points"} for part in assessment["winner"]["parts"].values())
    assert "Third Way" not in str(assessment)
    listed = api_for(olly).get(reverse("placements_api:invitation-list")).json()["results"]
    assert [row["assessment"]["own"]["setting_name"] for row in listed] == ["Other Schools Sutton"]
    assert totals["Bright Futures School"] not in str(listed)


def test_before_the_decision_the_api_has_no_assessment(three_offers, near_setting, pat, api_for):
    invitation = invitation_at(three_offers, near_setting)
    url = reverse("placements_api:invitation-detail", args=[invitation.public_id])
    assert api_for(pat).get(url).json()["assessment"] is None


def test_the_outcome_email_carries_the_assessment_summary(
    three_offers, alice, near_setting, far_setting, third_setting, mailoutbox, emails
):
    rate_all(alice, three_offers, {near_setting: 1, far_setting: 4, third_setting: 3})
    with emails():
        services.request_award(
            actor=alice,
            placement_request=three_offers,
            invitation=invitation_at(three_offers, third_setting),
            reason="Waking night staff",
        )
    sheet = EvaluationRecord.objects.get().sheet
    totals = {row["setting_name"]: row["total_score"] for row in sheet["rows"]}
    to_bright = next(m for m in mailoutbox if "offer at Bright Futures School" in m.body)
    assert "How your offer was scored (out of 100), beside the winning offer" in to_bright.body
    assert (
        f"Total score: yours {totals['Bright Futures School']}; "
        f"winning offer {totals['Third Way Academy']}"
    ) in to_bright.body
    assert totals["Other Schools Sutton"] not in to_bright.body
    html = to_bright.alternatives[0][0]
    assert "<caption>How your offer was scored" in html
    to_winner = next(m for m in mailoutbox if "has been accepted" in m.body)
    assert "winning offer" not in to_winner.body
    assert f"Total score: yours {totals['Third Way Academy']}" in to_winner.body


def test_none_suitable_freezes_the_evaluation_too(evaluating_request, alice, emails):
    with emails():
        services.request_none_suitable(
            actor=alice,
            placement_request=evaluating_request,
            reason="Neither meets the sensory needs",
            reason_code="cannot_meet_need",
        )
    record = EvaluationRecord.objects.get()
    assert record.outcome == "none_suitable" and record.winner is None
    assert len(record.sheet["rows"]) == 2


def test_a_placement_above_its_ceiling_is_an_exception_never_a_silent_negative_saving(
    three_offers, alice, near_setting, far_setting, third_setting, client_for, emails
):
    rate_all(alice, three_offers, {near_setting: 1, far_setting: 2, third_setting: 4})
    with emails():
        placement = services.request_award(
            actor=alice,
            placement_request=three_offers,
            invitation=invitation_at(three_offers, third_setting),
            reason="Waking night staff",
        )
    client = client_for(alice)
    detail = client.get(reverse("placements:placement_detail", args=[placement.public_id])).text
    assert "\u2212£4,560.00" in detail  # (1,500 - 1,620) x 38: shown, and never without comment
    assert "Agreed above the DPS ceiling rate: Waking night staff for this child" in detail
    savings = client.get(reverse("placements:savings")).text
    assert "After 1 active placement above its ceiling, costing £4,560.00 a year more" in savings
    exceptions = savings[savings.index('id="above-ceiling"') :]
    assert placement.reference in exceptions and "Waking night staff for this child" in exceptions
