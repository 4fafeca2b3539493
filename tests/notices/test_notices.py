"""Procurement Act notices drafted from real records validate against OCDS 1.1.5 patched with
the UK extension and the UK profile, for every notice type; they publish nothing about the
child, and are frozen once ready."""

from __future__ import annotations

import json
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from commissioning.notices import services
from commissioning.notices.choices import NoticeType
from commissioning.notices.schema import patched_schema, problems
from kernel.errors import DomainError, InvalidTransition, NotAllowed
from placements import services as placement_services
from placements.models import FeeChange, PlacementAgreement

pytestmark = pytest.mark.django_db


def test_the_uk_patch_adds_its_fields_to_the_core_schema():
    schema = patched_schema()
    organization = schema["definitions"]["Organization"]["properties"]
    assert "vcse" in organization["details"]["properties"]  # from the UK extension
    assert "identifier" in organization  # from the core schema, kept


def test_every_dynamic_market_notice_validates(admin_user, send_dps):
    for notice_type in (NoticeType.UK13, NoticeType.UK14, NoticeType.UK15, NoticeType.UK16):
        notice = services.notice_draft(
            actor=admin_user,
            notice_type=notice_type,
            dps=send_dps,
            change_description="Lot 6 added" if notice_type == NoticeType.UK15 else "",
        )
        assert notice.problems == [], (notice_type, notice.problems)
        assert problems(notice.release, notice_type) == []
        # Every authority joined in the market is named, the lead as the procuring entity.
        members = {f"GB-GSS-{b.ons_code}" for b in send_dps.strand.boroughs.all()}
        assert set(notice.authorities) == members
        lead = next(p for p in notice.release["parties"] if "procuringEntity" in p["roles"])
        assert lead["id"] == f"GB-GSS-{send_dps.consortium.lead_borough.ons_code}"


def signed_uplift(alice, pat, placement):
    """The fee goes up to £1,600 a week once the agreement and its variation are signed."""
    agreement = PlacementAgreement.objects.get(placement=placement)
    signer = {"name": "Someone", "role": "Their role"}
    placement_services.agreement_render(agreement_id=agreement.pk)
    placement_services.agreement_sign(actor=pat, agreement=agreement, **signer)
    placement_services.agreement_countersign(actor=alice, agreement=agreement, **signer)
    variation = placement_services.variation_propose_fee(
        actor=alice,
        agreement=agreement,
        effective_on=placement.starts_on + timedelta(days=30),
        lines={"education": Decimal("1480.00"), "therapies": Decimal("120.00")},
        reason="Annual uplift",
    )
    placement_services.variation_accept(actor=pat, variation=variation, **signer)
    placement_services.variation_sign(actor=alice, variation=variation, **signer)
    return FeeChange.objects.get(placement=placement, effective_from=variation.effective_on)


def test_every_call_off_notice_validates_and_names_nothing_about_the_child(
    admin_user, alice, pat, placement, emails
):
    placement.provider.ppon = "PABC-1234-DEFG"
    placement.provider.save()
    drafted = [
        services.notice_draft(actor=admin_user, notice_type=t, placement=placement)
        for t in (NoticeType.UK6, NoticeType.UK7)
    ]
    change = signed_uplift(alice, pat, placement)
    drafted.append(
        services.notice_draft(
            actor=admin_user, notice_type=NoticeType.UK10, placement=placement, fee_change=change
        )
    )
    placement_services.placement_end(
        actor=alice,
        placement=placement,
        ends_on=placement.starts_on + timedelta(days=90),
        reason="E9",
    )
    drafted.append(
        services.notice_draft(actor=admin_user, notice_type=NoticeType.UK11, placement=placement)
    )
    child = placement.child
    for notice in drafted:
        assert notice.problems == [], (notice.notice_type, notice.problems)
        text = json.dumps(notice.release)
        for secret in (
            child.reference,
            child.name,
            child.home_postcode,
            str(child.public_id),
            "E9",
            "custody",
        ):
            assert secret not in text
    award, details, change_notice, end = drafted
    supplier = next(p for p in award.release["parties"] if "supplier" in p["roles"])
    assert supplier["additionalIdentifiers"] == [{"scheme": "GB-PPON", "id": "PABC-1234-DEFG"}]
    decided = details.placement.request.decided_at
    assert details.due_by == timezone.localdate(decided) + timedelta(days=120)
    assert change_notice.release["contracts"][0]["value"]["amount"] == 1600.0 * 38
    assert end.release["contracts"][0]["status"] == "terminated"


def test_a_notice_with_problems_cannot_be_marked_ready_and_a_ready_one_is_frozen(
    admin_user, send_dps
):
    notice = services.notice_draft(actor=admin_user, notice_type=NoticeType.UK14, dps=send_dps)
    notice.release["tender"]["status"] = "not-a-status"
    notice.release.pop("buyer")
    notice.save()
    with pytest.raises(DomainError, match="Fix the problems listed"):
        services.notice_mark_ready(actor=admin_user, notice=notice)
    notice.refresh_from_db()
    assert notice.status == "draft"
    found = problems(notice.release, notice.notice_type)
    assert any(p.startswith("tender.status: 'not-a-status' is not one of") for p in found)
    assert "buyer.id: required for a UK14 dynamic market notice: establishment notice" in found

    fresh = services.notice_redraft(actor=admin_user, notice=notice)
    assert fresh.problems == []
    ready = services.notice_mark_ready(actor=admin_user, notice=fresh)
    with pytest.raises(InvalidTransition):
        services.notice_redraft(actor=admin_user, notice=ready)
    published = services.notice_mark_published(
        actor=admin_user,
        notice=ready,
        platform_reference="2026/S 000-012345",
        published_on=ready.checked_at.date(),
    )
    assert published.status == "published"


def test_only_the_consortiums_admins_draft_notices(alice, send_dps):
    with pytest.raises(NotAllowed):
        services.notice_draft(actor=alice, notice_type=NoticeType.UK14, dps=send_dps)
