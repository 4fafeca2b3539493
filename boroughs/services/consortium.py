"""The consortium's own settings: how much quality counts when offers are evaluated."""

from __future__ import annotations

from django.db import transaction

from kernel.errors import DomainError, NotAllowed

from ..choices import Role
from ..models import Consortium, User

MSG_WEIGHT_RANGE = "Enter a quality weight from 0 to 100"
MSG_NOT_CONSORTIUM_ADMIN = "Only the consortium admins can change how offers are scored"


@transaction.atomic
def consortium_set_quality_weight(*, actor: User, quality_weight: int) -> Consortium:
    """Set how much quality counts when offers are evaluated (price takes the rest).

    Only the consortium's admins; evaluations already decided keep the reasons they recorded.
    """
    if not actor.has_role(Role.CONSORTIUM_ADMIN) or actor.consortium_id is None:
        raise NotAllowed(MSG_NOT_CONSORTIUM_ADMIN)
    if not 0 <= quality_weight <= 100:
        raise DomainError(MSG_WEIGHT_RANGE, field="quality_weight")
    consortium = Consortium.objects.select_for_update().get(pk=actor.consortium_id)
    consortium.quality_weight = quality_weight
    consortium.save(update_fields=["quality_weight"])
    return consortium
