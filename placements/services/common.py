"""What every placements service checks: who may act for a borough or a provider."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError

from kernel.errors import DomainError, InvalidTransition

from ..models import Child
from ..rules import MSG_NOT_COMMISSIONER, MSG_NOT_INVITED_PROVIDER

__all__ = [
    "MSG_ANONYMISED",
    "MSG_NOT_COMMISSIONER",
    "MSG_NOT_INVITED_PROVIDER",
    "full_clean",
    "require_not_anonymised",
]

MSG_ANONYMISED = "This record has been anonymised and can no longer be changed"


def require_not_anonymised(child) -> None:
    """An anonymised record is kept for the figures only: nothing is added to it or changed.

    Locks the child's row (inside the caller's transaction): the retention job locks it too
    before it anonymises, so a request raised meanwhile either waits and is refused, or commits
    first and keeps the record (the job checks again for live requests under the lock).
    """
    if child is None or child.pk is None:
        return
    anonymised_on = (
        Child.objects.select_for_update()
        .filter(pk=child.pk)
        .values_list("anonymised_on", flat=True)
        .first()
    )
    if anonymised_on is not None:
        raise InvalidTransition(MSG_ANONYMISED)


def full_clean(instance, exclude: Iterable[str] = ()) -> None:
    """Model validation as a DomainError naming the first field that is wrong."""
    try:
        instance.full_clean(exclude=list(exclude), validate_unique=False)
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise DomainError(messages[0], field=None if field == "__all__" else field) from error
