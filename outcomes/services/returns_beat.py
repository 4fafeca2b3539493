"""The daily jobs for termly returns (outcomes.tasks runs them from the beat schedule).

Both are idempotent. Reminders go out on exactly two days before a due date (7 and 1), so one
run a day sends each once; the overdue sweep creates a row only where no return exists, and the
one-return-per-term constraint settles a race with a provider submitting at that moment.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from placements.choices import PlacementStatus
from placements.models import Placement

from .. import notifications
from ..choices import ReturnStatus
from ..models import FrameworkVersion, ReturnEvent, Term, TermlyReturn
from ..selectors.framework import framework_current
from ..selectors.returns import active_during, terms_overdue

REMIND_DAYS_BEFORE = (7, 1)


def _unreturned(term: Term):
    """Placements of the term's consortium active during it with no return for it."""
    return (
        Placement.objects.filter(active_during(term), borough__consortium_id=term.consortium_id)
        .exclude(returns__term=term)
        .order_by("pk")
    )


def returns_remind_due(*, on: date | None = None) -> int:
    """Email each provider's users about its active placements' returns due in 7 days, or
    tomorrow, that are not yet in: one email per provider and term. Answers how many."""
    on = on or timezone.localdate()
    sent = 0
    for days in REMIND_DAYS_BEFORE:
        for term in Term.objects.filter(returns_due_on=on + timedelta(days=days)):
            by_provider: dict[int, list[int]] = defaultdict(list)
            rows = _unreturned(term).filter(status=PlacementStatus.ACTIVE)
            for placement_id, provider_id in rows.values_list("pk", "provider_id"):
                by_provider[provider_id].append(placement_id)
            for provider_id, placement_ids in by_provider.items():
                notifications.return_reminder(
                    provider_id=provider_id, term_id=term.pk, placement_ids=placement_ids, days=days
                )
                sent += 1
    return sent


def returns_flag_overdue(*, on: date | None = None) -> int:
    """An overdue return (event "" -> overdue, by the system) for each placement active during a
    term whose returns fell due in the last year and with no return for it. Answers how many;
    a consortium with no agreed framework has nothing flagged (a return needs a version)."""
    on = on or timezone.localdate()
    flagged = 0
    versions: dict[int, FrameworkVersion | None] = {}
    for term in terms_overdue(on):
        if term.consortium_id not in versions:
            versions[term.consortium_id] = framework_current(consortium_id=term.consortium_id)
        version = versions[term.consortium_id]
        if version is None:
            continue
        for placement in _unreturned(term):
            flagged += _flag(placement, term, version)
    return flagged


def _flag(placement: Placement, term: Term, version: FrameworkVersion) -> int:
    try:
        with transaction.atomic():
            termly_return = TermlyReturn.objects.create(
                placement=placement,
                term=term,
                framework_version=version,
                status=ReturnStatus.OVERDUE,
            )
            ReturnEvent.objects.create(
                termly_return=termly_return, from_status="", to_status=ReturnStatus.OVERDUE
            )
    except IntegrityError:  # the provider submitted it meanwhile
        return 0
    return 1
