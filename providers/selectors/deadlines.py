"""An application's decision deadline, in working days against its legal limit."""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from ..models import Application
from ..working_days import (
    DECISION_LIMIT,
    DUE_SOON_MARGIN,
    EXTENDED_DECISION_LIMIT,
    add_working_days,
    working_days_between,
)

OVERDUE, DUE_SOON = "overdue", "due soon"


@dataclass(frozen=True)
class Deadline:
    """Working days an application has waited for a decision, against its legal limit."""

    working_days: int
    limit: int
    due_on: date

    @property
    def state(self) -> str:
        if self.working_days > self.limit:
            return OVERDUE
        if self.working_days >= self.limit - DUE_SOON_MARGIN:
            return DUE_SOON
        return ""


def application_deadline(application: Application, *, today: date | None = None) -> Deadline | None:
    """The decision deadline of a submitted application; None before it is submitted."""
    if application.submitted_at is None:
        return None
    submitted_on = timezone.localdate(application.submitted_at)
    limit = EXTENDED_DECISION_LIMIT if application.deadline_extended else DECISION_LIMIT
    end = timezone.localdate(application.decided_at) if application.decided_at else today
    return Deadline(
        working_days=working_days_between(submitted_on, end or timezone.localdate()),
        limit=limit,
        due_on=add_working_days(submitted_on, limit),
    )


def median(values: Iterable[int]) -> float | None:
    values = list(values)
    return statistics.median(values) if values else None
