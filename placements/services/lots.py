"""The one rule for who a placement can reach: a setting actively enrolled on the lot.

Invitations, awards and moves all ask it here, so the API cannot send a child where the page
would not offer: to a setting suspended from the lot, removed from it or never accredited for it.
"""

from __future__ import annotations

from kernel.errors import DomainError
from providers.choices import EnrolmentStatus
from providers.models import Enrolment, Setting

MSG_NOT_ENROLLED = "{setting} is not enrolled on this lot: choose a setting enrolled on it"
MSG_SUSPENDED = "{setting} is suspended from this lot: choose a setting enrolled on it"
MSG_REMOVED = "{setting} has been removed from this lot: choose a setting enrolled on it"
REFUSALS = {EnrolmentStatus.SUSPENDED: MSG_SUSPENDED, EnrolmentStatus.REMOVED: MSG_REMOVED}


def require_enrolled(*, setting: Setting, lot_id: int, field: str) -> Enrolment:
    """The setting's live enrolment on the lot, locked; a DomainError at `field` if it has none.

    Locked (inside the caller's transaction) so that a suspension or removal racing with the
    award or move waits for it, and one that came first is seen.
    """
    enrolment = (
        Enrolment.objects.select_for_update(of=("self",))
        .filter(setting_id=setting.pk, lot_id=lot_id, setting__provider__isnull=False)
        .first()
    )
    if enrolment is None or enrolment.status != EnrolmentStatus.ENROLLED:
        template = REFUSALS.get(enrolment.status if enrolment else None, MSG_NOT_ENROLLED)
        raise DomainError(template.format(setting=setting.name), field=field)
    return enrolment
