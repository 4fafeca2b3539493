"""An award drafts the agreement; the provider signs, the council counter-signs; a fee change
is a variation that changes the fee in force only once both sides have signed it."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from decimal import Decimal

import pytest

from kernel.errors import DomainError, InvalidTransition, NotAllowed
from placements import services
from placements.choices import AgreementStatus, VariationKind, VariationStatus
from placements.models import AgreementSignature, FrozenRecord, Placement
from placements.money import current_weekly_expression
from placements.tasks import render_missing_agreement_pdfs

from .helpers import agreement_of, signed_agreement, signed_fee_change

pytestmark = pytest.mark.usefixtures("shared_award_chain")


def fee_in_force(placement, on):
    return (
        Placement.objects.filter(pk=placement.pk)
        .annotate(fee=current_weekly_expression(on))
        .values_list("fee", flat=True)
        .get()
    )


def test_the_award_drafts_the_agreement_with_every_line_of_the_offer(placement):
    agreement = agreement_of(placement)
    content = agreement.content

    assert agreement.status == AgreementStatus.DRAFTED
    assert agreement.template.version == 1
    assert content["reference"] == agreement.reference
    assert content["child_reference"] == "CR-0042"
    assert "Sam" not in str(content)
    assert content["provider"] == "Bright Futures Education Limited"
    assert content["setting"] == "Bright Futures School"
    assert [(line["label"], line["weekly"]) for line in content["fee_lines"]] == [
        ("Education", "1400.00"),
        ("Therapies", "120.00"),
    ]
    assert (content["weekly_fee"], content["weeks_per_year"]) == ("1520.00", 38)
    assert content["outcomes"] == ["As in the EHC plan"]
    assert content["dps"]["name"]
    assert content["review_dates"] == [placement.next_review_on.isoformat()]


def test_the_draft_pdf_is_rendered_and_its_hash_recorded(placement):
    agreement = agreement_of(placement)

    with agreement.draft_pdf.open("rb") as opened:
        data = opened.read()
    assert agreement.draft_sha256 == hashlib.sha256(data).hexdigest()
    assert placement.reference.encode() in data
    assert b"CR-0042" not in data  # the borough's case reference stays with the council


def test_the_provider_signs_then_the_council_counter_signs(placement, pat, alice, emails):
    agreement = signed_agreement(placement, pat, alice, emails)

    assert agreement.status == AgreementStatus.SIGNED
    provider, council = agreement.signatures.all()
    assert (provider.name, provider.role, provider.party) == ("Pat Provider", "Head", "provider")
    assert council.party == "commissioner"
    assert provider.sha256 == council.sha256 == agreement.draft_sha256
    with agreement.signed_pdf.open("rb") as opened:
        data = opened.read()
    assert agreement.signed_sha256 == hashlib.sha256(data).hexdigest()
    assert b"Alice Commissioner" in data and b"Pat Provider" in data


def test_a_commissioner_cannot_sign_for_the_provider(placement, alice):
    with pytest.raises(NotAllowed):
        services.agreement_sign(actor=alice, agreement=agreement_of(placement), name="A", role="B")


def test_a_provider_cannot_counter_sign(placement, pat):
    agreement = agreement_of(placement)
    services.agreement_sign(actor=pat, agreement=agreement, name="Pat", role="Head")

    with pytest.raises(NotAllowed):
        services.agreement_countersign(actor=pat, agreement=agreement, name="Pat", role="Head")


def test_another_provider_cannot_sign(placement, olly):
    with pytest.raises(NotAllowed):
        services.agreement_sign(actor=olly, agreement=agreement_of(placement), name="O", role="H")


def test_signing_twice_is_refused(placement, pat):
    agreement = agreement_of(placement)
    services.agreement_sign(actor=pat, agreement=agreement, name="Pat", role="Head")

    with pytest.raises(InvalidTransition):
        services.agreement_sign(actor=pat, agreement=agreement, name="Pat", role="Head")


def test_a_signature_needs_a_name_and_a_role(placement, pat):
    with pytest.raises(DomainError) as refused:
        services.agreement_sign(actor=pat, agreement=agreement_of(placement), name=" ", role="H")
    assert refused.value.field == "name"


def test_a_signature_is_frozen(placement, pat):
    services.agreement_sign(actor=pat, agreement=agreement_of(placement), name="Pat", role="H")

    with pytest.raises(FrozenRecord):
        AgreementSignature.objects.all().update(name="Someone else")
    with pytest.raises(FrozenRecord):
        AgreementSignature.objects.get().delete()


def test_the_fee_in_force_changes_only_when_the_variation_is_signed(placement, pat, alice):
    agreement = agreement_of(placement)
    on = placement.starts_on + timedelta(days=30)
    variation = services.variation_propose_fee(
        actor=alice,
        agreement=agreement,
        effective_on=on,
        lines={"education": Decimal("1450.00"), "therapies": Decimal("130.00")},
        reason="Annual uplift",
    )
    assert fee_in_force(placement, on) == Decimal("1520.00")

    services.variation_accept(actor=pat, variation=variation, name="Pat", role="Head")
    assert fee_in_force(placement, on) == Decimal("1520.00")

    services.variation_sign(actor=alice, variation=variation, name="Alice", role="Commissioner")
    variation.refresh_from_db()
    assert variation.status == VariationStatus.SIGNED
    assert fee_in_force(placement, on) == Decimal("1580.00")
    assert fee_in_force(placement, on - timedelta(days=1)) == Decimal("1520.00")
    change = placement.fees.get(effective_from=on)
    assert change.lines == {"education": "1450.00", "therapies": "130.00"}
    assert [s.party for s in variation.signatures.all()] == ["provider", "commissioner"]


def test_the_council_cannot_sign_a_fee_change_the_provider_has_not_accepted(placement, alice):
    agreement = agreement_of(placement)
    variation = services.variation_propose_fee(
        actor=alice,
        agreement=agreement,
        effective_on=placement.starts_on + timedelta(days=30),
        lines={"education": "1500.00"},
        reason="Uplift",
    )
    with pytest.raises(InvalidTransition):
        services.variation_sign(actor=alice, variation=variation, name="A", role="C")


def test_only_the_placements_provider_accepts_a_variation(placement, alice, olly):
    variation = services.variation_propose_fee(
        actor=alice,
        agreement=agreement_of(placement),
        effective_on=placement.starts_on + timedelta(days=30),
        lines={"education": "1500.00"},
        reason="Uplift",
    )
    for who in (olly, alice):
        with pytest.raises(NotAllowed):
            services.variation_accept(actor=who, variation=variation, name="X", role="Y")


def test_another_borough_cannot_propose_a_variation(placement, charlie):
    with pytest.raises(NotAllowed):
        services.variation_propose_fee(
            actor=charlie,
            agreement=agreement_of(placement),
            effective_on=placement.starts_on + timedelta(days=30),
            lines={"education": "1500.00"},
            reason="Uplift",
        )


def test_the_direct_fee_change_is_refused_under_an_agreement(placement, alice):
    with pytest.raises(InvalidTransition):
        services.placement_fee_change(
            actor=alice,
            placement=placement,
            effective_from=placement.starts_on + timedelta(days=30),
            weekly_fee=Decimal("1600.00"),
            reason="Uplift",
        )


def test_a_signed_fee_change_helper_walks_both_sides(placement, pat, alice):
    on = placement.starts_on + timedelta(days=10)
    signed_fee_change(agreement_of(placement), pat, alice, on=on, lines={"education": "1600.00"})
    assert fee_in_force(placement, on) == Decimal("1600.00")


def test_an_end_is_recorded_for_the_provider_to_acknowledge(placement, alice, pat):
    services.placement_end(
        actor=alice,
        placement=placement,
        ends_on=placement.starts_on + timedelta(days=40),
        reason="E8",
    )
    [variation] = agreement_of(placement).variations.all()
    assert (variation.kind, variation.status) == (VariationKind.END, VariationStatus.PROPOSED)

    services.variation_accept(actor=pat, variation=variation, name="Pat", role="Head")
    variation.refresh_from_db()
    assert variation.status == VariationStatus.ACKNOWLEDGED
    with pytest.raises(InvalidTransition):
        services.variation_sign(actor=alice, variation=variation, name="A", role="C")


def test_a_new_template_version_leaves_agreements_under_the_old_one(placement, admin_user, alice):
    agreement = agreement_of(placement)
    strand = agreement.template.strand
    template = services.agreement_template_create(
        actor=admin_user,
        strand=strand,
        title="Agreement, second edition",
        sections=[{"heading": "Fees", "body": "Paid monthly."}],
        notice="A term.",
        termination="As the DPS says.",
    )
    assert template.version == 2
    agreement.refresh_from_db()
    assert agreement.template.version == 1
    with pytest.raises(NotAllowed):
        services.agreement_template_create(
            actor=alice, strand=strand, title="T", sections=[], notice="N", termination="T"
        )


def test_the_beat_job_renders_pdfs_no_task_rendered(placement):
    agreement = agreement_of(placement)
    type(agreement).objects.filter(pk=agreement.pk).update(draft_sha256="", draft_pdf="")

    assert render_missing_agreement_pdfs() == 1
    agreement.refresh_from_db()
    assert agreement.pdf_ready
    assert render_missing_agreement_pdfs() == 0


def test_weasyprint_lays_out_the_signed_agreement(placement, pat, alice, emails, real_pdfs):
    agreement = signed_agreement(placement, pat, alice, emails)

    with agreement.signed_pdf.open("rb") as opened:
        data = opened.read()
    assert data.startswith(b"%PDF-")
    assert agreement.signed_sha256 == hashlib.sha256(data).hexdigest()
    assert agreement.draft_sha256 != agreement.signed_sha256


def test_each_side_is_emailed_what_to_do_next(placement, pat, alice, emails, mailoutbox):
    agreement = agreement_of(placement)
    with emails():
        services.agreement_sign(actor=pat, agreement=agreement, name="Pat", role="Head")
    [told] = mailoutbox
    assert told.to == [alice.email]
    assert (
        told.subject
        == f"Bright Futures Education Limited has signed agreement {agreement.reference}: counter-sign it"
    )

    with emails():
        variation = services.variation_propose_fee(
            actor=alice,
            agreement=agreement,
            effective_on=placement.starts_on + timedelta(days=30),
            lines={"education": "1500.00"},
            reason="Uplift",
        )
    assert mailoutbox[-1].to == [pat.email]
    assert f"Variation {variation.reference}" in mailoutbox[-1].subject
    assert "£1500.00 from" in mailoutbox[-1].body


def test_a_fee_too_high_to_record_is_refused(placement, alice):
    with pytest.raises(DomainError) as refused:
        services.variation_propose_fee(
            actor=alice,
            agreement=agreement_of(placement),
            effective_on=placement.starts_on + timedelta(days=30),
            lines={"education": "9999999.00", "care": "9999999.00"},
            reason="Typo",
        )
    assert refused.value.message == "The weekly fee must be £9,999,999.99 or less"
