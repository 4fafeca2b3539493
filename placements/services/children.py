"""Writes for children's records."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from boroughs import policy
from boroughs.audit.records import record_actor
from boroughs.geo import normalise_postcode
from boroughs.models import User
from kernel.errors import DomainError, Duplicate

from ..models import Child
from .common import full_clean, require_not_anonymised

MSG_POSTCODE = "Enter a real postcode, like CR0 1NX"
MSG_REFERENCE_TAKEN = "Your borough already has a child with this reference"
MSG_SECONDARY_REPEATS_PRIMARY = "Secondary needs cannot repeat the primary need"
MSG_LEGAL_STATUS = "Enter the child's legal status: they are looked after"


@transaction.atomic
def child_save(*, actor: User, child: Child | None = None, **fields) -> Child:
    """Record a child for the actor's borough, or change one of its children's records."""
    if child is None:
        policy.require(actor, "placements.add_child")
        child = Child(borough_id=policy.actor_of(actor).borough_id)
    else:
        policy.require(actor, "placements.change_child", child)
        require_not_anonymised(child)
    for name, value in fields.items():
        setattr(child, name, value)
    postcode = normalise_postcode(child.home_postcode)
    if postcode is None:
        raise DomainError(MSG_POSTCODE, field="home_postcode")
    child.home_postcode = postcode
    if child.primary_need in (child.secondary_needs or []):
        raise DomainError(MSG_SECONDARY_REPEATS_PRIMARY, field="secondary_needs")
    if child.looked_after and not child.legal_status:
        raise DomainError(MSG_LEGAL_STATUS, field="legal_status")
    full_clean(child, exclude=["borough"])
    record_actor(child, actor)
    try:
        with transaction.atomic():
            child.save()
    except IntegrityError as error:
        raise Duplicate(MSG_REFERENCE_TAKEN, field="reference") from error
    return child
