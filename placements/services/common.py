"""What every placements service checks: who may act for a borough or a provider."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError

from boroughs.choices import Role
from boroughs.errors import DomainError, NotAllowed
from boroughs.models import Borough, User
from providers.models import provider_id_for

MSG_NOT_COMMISSIONER = "Only the borough's commissioners can do this"
MSG_NOT_INVITED_PROVIDER = "Only the invited provider can do this"


def require_commissioner(actor: User, borough: Borough | int | None) -> None:
    """A commissioner of this very borough: analysts and other boroughs only read.

    No borough (a provider or a new sign-up has none to act for) is refused like any other.
    """
    borough_id = borough.pk if isinstance(borough, Borough) else borough
    if borough_id is None or not (
        actor.has_role(Role.COMMISSIONER) and actor.borough_id == borough_id
    ):
        raise NotAllowed(MSG_NOT_COMMISSIONER)


def require_provider(actor: User, provider_id: int) -> None:
    if provider_id_for(actor) != provider_id:
        raise NotAllowed(MSG_NOT_INVITED_PROVIDER)


def full_clean(instance, exclude: Iterable[str] = ()) -> None:
    """Model validation as a DomainError naming the first field that is wrong."""
    try:
        instance.full_clean(exclude=list(exclude), validate_unique=False)
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise DomainError(messages[0], field=None if field == "__all__" else field) from error
