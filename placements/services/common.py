"""What every placements service checks: who may act for a borough or a provider."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError

from boroughs.errors import DomainError

from ..rules import MSG_NOT_COMMISSIONER, MSG_NOT_INVITED_PROVIDER

__all__ = ["MSG_NOT_COMMISSIONER", "MSG_NOT_INVITED_PROVIDER", "full_clean"]


def full_clean(instance, exclude: Iterable[str] = ()) -> None:
    """Model validation as a DomainError naming the first field that is wrong."""
    try:
        instance.full_clean(exclude=list(exclude), validate_unique=False)
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise DomainError(messages[0], field=None if field == "__all__" else field) from error
