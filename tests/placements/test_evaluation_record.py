"""Award decisions that stand up to challenge (issue 13): quality from the evidence there is,
never a zero for evidence that is missing; no award before every offer is rated (or a reason);
safeguarding not met and fees above the ceiling flagged; and the evaluation frozen at the
decision, shown read-only, exported as a PDF and summarised to each provider that offered."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from boroughs.errors import DomainError
from placements import services
from placements.evaluation import evaluation_sheet
from placements.models import EvaluationRecord, FrozenRecord
from providers.choices import InspectionFramework
from providers.models import Inspection, Provider

from .fixtures import enrolled_setting, offer_fields, provider_with_user

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_send_dps")]


def page_url(name: str, placement_request, *extra) -> str:
    return reverse(f"placements:{name}", args=[placement_request.public_id, *extra])


def table(page: str) -> list[tuple[str, list[str]]]:
    """Every line of the side-by-side table: its label and its cells, in order."""
    body = re.search(r'<table class="govuk-table">(.*?)</table>', page, re.S).group(1)
    lines = []
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S):
        cells = [
            re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", cell)).strip()
            for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        ]
        lines.append((cells[0], cells[1:]))
    return lines


def line(page: str, label: str) -> list[str]:
    return dict(table(page))[label]


@pytest.fixture
def third_setting(send_day_lot, consortium):
    provider, _ = provider_with_user(
        "tess@thirdway.example.org", "Third Way Schools Limited", "05555555"
    )
    return enrolled_setting(
        provider,
        send_day_lot,
        name="Third Way Academy",
        latitude="51.3900",
        longitude="-0.0500",
        weekly_ceiling=Decimal("1500.00"),
    )


@pytest.fixture
def tess(third_setting):
    return third_setting.provider.memberships.get().user


@pytest.fixture
def three_offers(alice, draft_request, near_setting, far_setting, third_setting, pat, olly, tess,
                 emails):  # fmt: skip
    """Three uninspected settings offered: £1,520, £1,720 and £1,620 a week (the last above
    its £1,500 ceiling, with a reason); offers closed."""
    with emails():
        services.request_invite(
            actor=alice,
            request=draft_request,
            setting_ids=[near_setting.pk, far_setting.pk, third_setting.pk],
        )
        invitations = {i.setting_id: i for i in draft_request.invitations.all()}
        services.offer_submit(
            actor=pat, invitation=invitations[near_setting.pk], **offer_fields("1400.00")
        )
        services.offer_submit(
            actor=olly, invitation=invitations[far_setting.pk], **offer_fields("1600.00")
        )
        services.offer_submit(
            actor=tess,
            invitation=invitations[third_setting.pk],
            **offer_fields("1500.00", above_ceiling_reason="Waking night staff for this child"),
        )
        services.request_close(actor=alice, request=draft_request)
    draft_request.refresh_from_db()
    return draft_request


def invitation_at(placement_request, setting):
    return placement_request.invitations.get(setting=setting)


def rate_all(alice, placement_request, ratings: dict) -> None:
    for setting, needs_fit in ratings.items():
        offer = invitation_at(placement_request, setting).offer
        services.offer_rate(actor=alice, offer=offer, needs_fit=needs_fit)


# --- Missing evidence never scores zero -----------------------------------------------------


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


# --- No award before rating; safeguarding; the ceiling ---------------------------------------


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
            actor=alice, request=evaluating_request, invitation=near_invitation, reason="Near"
        )
    assert refused.value.field == "safeguarding_reason"
    near_invitation.refresh_from_db()  # the refused award moved it in memory, then rolled back
    evaluating_request.refresh_from_db()
    with emails():
        services.request_award(
            actor=alice,
            request=evaluating_request,
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

    services.request_close(actor=alice, request=open_request)
    page = client_for(alice).get(page_url("request_evaluation", open_request)).text
    assert "Above ceiling" in page
    assert line(page, "Against the DPS ceiling, a week")[0] == "£49.50 over"
    assert "Two-to-one at lunch" in page


# --- The record of the decision --------------------------------------------------------------


@pytest.fixture
def awarded(three_offers, alice, near_setting, far_setting, third_setting, client_for, emails):
    """Rated, then awarded to Third Way Academy (second on the total): the page before and
    after, and the record."""
    rate_all(alice, three_offers, {near_setting: 1, far_setting: 4, third_setting: 3})
    client = client_for(alice)
    before = client.get(page_url("request_evaluation", three_offers)).text
    with emails():
        response = client.post(
            page_url("request_award", three_offers),
            {
                "award-invitation": str(invitation_at(three_offers, third_setting).public_id),
                "award-reason": "Waking night staff, which the child needs",
                "confirm": "yes",
            },
        )
    assert response.status_code == 302
    return before, client.get(page_url("request_evaluation", three_offers)).text


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


def test_none_suitable_freezes_the_evaluation_too(evaluating_request, alice, emails):
    with emails():
        services.request_none_suitable(
            actor=alice, request=evaluating_request, reason="Neither meets the sensory needs"
        )
    record = EvaluationRecord.objects.get()
    assert record.outcome == "none_suitable" and record.winner is None
    assert len(record.sheet["rows"]) == 2


# --- Above the ceiling, after the award ------------------------------------------------------


def test_a_placement_above_its_ceiling_is_an_exception_never_a_silent_negative_saving(
    three_offers, alice, near_setting, far_setting, third_setting, client_for, emails
):
    rate_all(alice, three_offers, {near_setting: 1, far_setting: 2, third_setting: 4})
    with emails():
        placement = services.request_award(
            actor=alice,
            request=three_offers,
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
