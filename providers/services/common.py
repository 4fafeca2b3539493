"""What several DPS services share: a refusal from a model's own validation, and the reason a
decision needs."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError

from kernel.errors import MSG_REASON_REQUIRED, DomainError, Duplicate  # noqa: F401 (re-exported)


def full_clean(instance, exclude: Iterable[str] = ()) -> None:
    try:
        instance.full_clean(exclude=list(exclude))
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        codes = {problem.code for problem in error.error_dict.get(field, [])}
        refusal = Duplicate if codes & {"unique", "unique_together"} else DomainError
        raise refusal(messages[0], field=None if field == "__all__" else field) from error
