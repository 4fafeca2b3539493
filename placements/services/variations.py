"""Writes for variations of a placement agreement: a fee change both sides sign before the fee
in force changes, and the moves and ends the provider acknowledges."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from boroughs import policy
from boroughs.models import User
from kernel.errors import MSG_REASON_REQUIRED, DomainError, InvalidTransition
from kernel.workflow import transition

from .. import notifications
from ..choices import PlacementStatus, SigningParty, VariationKind, VariationStatus
from ..models import (
    FEE_PARTS,
    AgreementSignature,
    AgreementVariation,
    FeeChange,
    PlacementAgreement,
)
from ..money import money_changed, pence
from ..workflow import COMMISSIONER, PROVIDER, variation_machine
from .agreements import _signer

MSG_FEE_DATE = "The fee cannot change before the placement starts"
MSG_FEE_DATE_TAKEN = "The fee already changes on that date: correct that change instead"
MSG_NO_FEE = "Enter the new fee: at least one part above £0"
MSG_FEE_TOO_HIGH = "The weekly fee must be £9,999,999.99 or less"
MAX_WEEKLY = Decimal("9999999.99")
MSG_ENDED = "This placement has ended"
MSG_NOT_FEE_CHANGE = "Only a fee change is signed: a move or an end is acknowledged"
MSG_NOT_NOTICE = "A fee change is accepted, not acknowledged"


def _next_number(agreement: PlacementAgreement) -> int:
    PlacementAgreement.objects.select_for_update().filter(pk=agreement.pk).first()
    latest = agreement.variations.aggregate(latest=Max("number"))["latest"]
    return (latest or 0) + 1


def _lines(lines: dict) -> dict[str, str]:
    """The six parts (or, for a fee kept as one amount, `fee`), those above £0, as strings of
    pounds and pence."""
    kept = {}
    for part in (*FEE_PARTS, "fee"):
        amount = lines.get(part)
        if amount is None or amount == "":
            continue
        amount = pence(Decimal(amount))
        if amount < 0:
            raise DomainError("A part of the fee cannot be below £0", field=part)
        if amount:
            kept[part] = str(amount)
    if not kept:
        raise DomainError(MSG_NO_FEE, field="education")
    if sum(Decimal(amount) for amount in kept.values()) > MAX_WEEKLY:
        raise DomainError(MSG_FEE_TOO_HIGH, field="education")
    return kept


@transaction.atomic
def variation_propose_fee(
    *, actor: User, agreement: PlacementAgreement, effective_on: date, lines: dict, reason: str
) -> AgreementVariation:
    """The commissioner proposes a new fee schedule from a date. Nothing changes in the fee in
    force until the provider accepts and the commissioner signs (`variation_sign`)."""
    policy.require(actor, "placements.propose_variation", agreement)
    placement = agreement.placement
    if placement.status != PlacementStatus.ACTIVE:
        raise InvalidTransition(MSG_ENDED)
    if effective_on <= placement.starts_on:
        raise DomainError(MSG_FEE_DATE, field="effective_on")
    if placement.fees.filter(effective_from=effective_on).exists():
        raise DomainError(MSG_FEE_DATE_TAKEN, field="effective_on")
    if not reason.strip():
        raise DomainError(MSG_REASON_REQUIRED, field="reason")
    kept = _lines(lines)
    variation = AgreementVariation.objects.create(
        agreement=agreement,
        number=_next_number(agreement),
        kind=VariationKind.FEE_CHANGE,
        effective_on=effective_on,
        lines=kept,
        weekly_fee=sum((Decimal(v) for v in kept.values()), Decimal("0.00")),
        reason=reason.strip(),
        proposed_by=actor,
    )
    notifications.variation_news(variation, kind="proposed")
    return variation


def variation_record_notice(
    *, actor: User, agreement: PlacementAgreement, kind: str, effective_on: date, reason: str
) -> AgreementVariation:
    """A move or an end the commissioner has made (inside that service's transaction, which
    checked who may): recorded on the agreement for the provider to acknowledge."""
    variation = AgreementVariation.objects.create(
        agreement=agreement,
        number=_next_number(agreement),
        kind=kind,
        effective_on=effective_on,
        reason=reason,
        proposed_by=actor,
    )
    notifications.variation_news(variation, kind="notice")
    return variation


def _signature(actor, variation, party: str, name: str, role: str) -> AgreementSignature:
    name, role = _signer(name, role)
    terms = json.dumps(variation.terms(), sort_keys=True).encode()
    return AgreementSignature.objects.create(
        agreement=variation.agreement,
        variation=variation,
        party=party,
        user=actor,
        name=name,
        role=role,
        signed_at=timezone.now(),
        sha256=hashlib.sha256(terms).hexdigest(),
    )


@transaction.atomic
def variation_accept(
    *, actor: User, variation: AgreementVariation, name: str, role: str
) -> AgreementSignature:
    """The provider accepts a proposed fee change, or acknowledges a move or an end, with its
    typed name and role (a frozen signature over the variation's terms)."""
    policy.require(actor, "placements.accept_variation", variation)
    _signer(name, role)
    to = (
        VariationStatus.PROVIDER_ACCEPTED
        if variation.kind == VariationKind.FEE_CHANGE
        else VariationStatus.ACKNOWLEDGED
    )
    transition(variation_machine(), variation, to=to, party=PROVIDER, actor=actor)
    if to == VariationStatus.PROVIDER_ACCEPTED:
        notifications.variation_news(variation, kind="accepted")
    return _signature(actor, variation, SigningParty.PROVIDER, name, role)


@transaction.atomic
def variation_sign(
    *, actor: User, variation: AgreementVariation, name: str, role: str
) -> AgreementSignature:
    """The commissioner signs an accepted fee change. Side effect: the placement's FeeChange,
    with the new lines, from the effective date; the fee in force follows from then."""
    policy.require(actor, "placements.sign_variation", variation)
    if variation.kind != VariationKind.FEE_CHANGE:
        raise InvalidTransition(MSG_NOT_FEE_CHANGE)
    _signer(name, role)
    transition(
        variation_machine(), variation, to=VariationStatus.SIGNED, party=COMMISSIONER, actor=actor
    )
    signature = _signature(actor, variation, SigningParty.COMMISSIONER, name, role)
    placement = variation.agreement.placement
    if placement.status != PlacementStatus.ACTIVE:
        raise InvalidTransition(MSG_ENDED)
    try:
        with transaction.atomic():
            FeeChange.objects.create(
                placement=placement,
                effective_from=variation.effective_on,
                weekly_fee=variation.weekly_fee,
                lines=variation.lines,
                reason=f"Variation {variation.reference}: {variation.reason}"[:200],
                recorded_by=actor,
            )
    except IntegrityError as error:
        raise DomainError(MSG_FEE_DATE_TAKEN, field="effective_on") from error
    money_changed()
    notifications.variation_news(variation, kind="signed")
    return signature
