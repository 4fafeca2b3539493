"""Writes for a consortium's dynamic purchasing systems and their lots."""

from __future__ import annotations

from django.db import transaction

from boroughs import policy
from boroughs.audit.records import record_actor
from boroughs.models import User
from kernel.errors import DomainError

from ..models import DynamicPurchasingSystem, Lot
from .common import full_clean

MSG_CONDITIONS_FIXED = (
    "The conditions of membership of a dynamic market cannot change during its term"
)


@transaction.atomic
def dps_update(*, actor: User, dps: DynamicPurchasingSystem, **fields) -> DynamicPurchasingSystem:
    """Change a DPS. A dynamic market's conditions of membership (and its regime) are fixed
    once its term starts."""
    policy.require(actor, "providers.change_dps", dps)
    dps = DynamicPurchasingSystem.objects.select_for_update().get(pk=dps.pk)
    if dps.conditions_locked():
        for name in ("conditions_of_membership", "regime"):
            if name in fields and fields[name] != getattr(dps, name):
                raise DomainError(MSG_CONDITIONS_FIXED, field=name)
    for name, value in fields.items():
        setattr(dps, name, value)
    full_clean(dps, exclude=["consortium", "strand"])
    record_actor(dps, actor)
    dps.save()
    return dps


@transaction.atomic
def lot_create(*, actor: User, dps: DynamicPurchasingSystem, **fields) -> Lot:
    """Add a category to a DPS. Lots can be added during the term; the DPS stays open."""
    policy.require(actor, "providers.change_dps", dps)
    lot = Lot(dps=dps, **fields)
    full_clean(lot)
    lot.save()
    return lot
