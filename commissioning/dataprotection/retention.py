"""Retention: anonymising children's records once nothing has happened on them for the period.

A child is due when nothing about them is live (no active placement, no request in draft, open
or being evaluated) and the latest of their last placement's end, their last request's decision
or creation, and the record's own creation is on or before the cut-off: CHILD_RECORD_RETENTION_
YEARS before today. Anonymising a child is one transaction that locks the record, checks again
that it is due, replaces what identifies the child (the `inventory`), and marks the record with
the day; a run is logged as a RetentionRun. Running again finds nothing more to do.

Every cost, fee, date of placement, code and score stays, so the consortium's figures reconcile
before and after (tests/dataprotection/test_retention.py checks the savings totals).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Iterable
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import DatabaseError, transaction
from django.db.models import Case, Exists, F, OuterRef, Q, QuerySet, Value, When
from django.utils import timezone

from placements.audit import child_history_erase
from placements.choices import PlacementStatus, RequestStatus
from placements.models import Child, Placement, PlacementRequest

from .choices import RetentionTrigger
from .inventory import HELD, SCRUBBED
from .models import RetentionRun, SubjectAccessExport
from .storage import clear_export_folder

HISTORY_ANONYMISED = "Anonymised at the end of the retention period (ADR 10)"

logger = logging.getLogger(__name__)

LIVE_REQUEST = (RequestStatus.DRAFT, RequestStatus.OPEN, RequestStatus.EVALUATING)


def retention_years() -> int:
    return settings.CHILD_RECORD_RETENTION_YEARS


def years_before(day: date, years: int) -> date:
    """The same day `years` earlier (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def retention_cut_off(today: date | None = None) -> date:
    return years_before(today or timezone.localdate(), retention_years())


def _start_of_day_after(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


def children_due(*, cut_off: date) -> QuerySet[Child]:
    """Records not yet anonymised with nothing live and nothing on them after `cut_off`.

    Two NOT EXISTS over the placements and the requests, so the cost is one pass over the
    children with index lookups, whatever their histories.
    """
    after = _start_of_day_after(cut_off)
    recent_placement = Placement.objects.filter(child=OuterRef("pk")).filter(
        Q(status=PlacementStatus.ACTIVE) | Q(ends_on__gt=cut_off)
    )
    recent_request = PlacementRequest.objects.filter(child=OuterRef("pk")).filter(
        Q(status__in=LIVE_REQUEST) | Q(decided_at__gte=after) | Q(created_at__gte=after)
    )
    return Child.objects.filter(
        ~Exists(recent_placement),
        ~Exists(recent_request),
        anonymised_on__isnull=True,
        created_at__lt=after,
    )


def cohort_start(date_of_birth: date) -> date:
    """1 September of the child's school-year cohort: the same national curriculum year as the
    real date of birth on every day, so year-group figures (post-16, transitions, demand) hold."""
    year = date_of_birth.year if date_of_birth.month >= 9 else date_of_birth.year - 1
    return date(year, 9, 1)


def anonymised_child_fields(child: Child, *, today: date) -> dict:
    """What the child's own row becomes (ADR 10): identity gone, needs and codes kept. The
    public id changes too, so a link or an integration's stored id no longer reaches it."""
    return {
        "reference": f"ANON-{child.pk}",
        "name": "",
        "date_of_birth": cohort_start(child.date_of_birth),
        "home_postcode": "",
        "ehcp_issued_on": None,
        "ehcp_last_review_on": None,
        "ehcp_next_review_on": None,
        "public_id": uuid.uuid4(),
        "anonymised_on": today,
    }


def _scrubbed(name: str) -> Case:
    """Empty text stays empty; anything written is replaced."""
    return Case(When(**{name: ""}, then=Value("")), default=Value(SCRUBBED))


def scrub_history(model, rows: dict, values: dict) -> int:
    """The audit trail's earlier versions of rows other than the child's own (which
    `child_history_erase` removes) hold what anonymisation removed: give them the same values.
    Reads django-simple-history's `<Model>.history` where the model is audited (0 otherwise)."""
    history = getattr(model, "history", None)
    if history is None:
        return 0
    names = {field.name for field in history.model._meta.concrete_fields}
    kept = {name: value for name, value in values.items() if name in names}
    if "history_change_reason" in names:
        kept["history_change_reason"] = None
    return history.model.objects.filter(**rows).update(**kept) if kept else 0


def _delete_export_files(child_id: int) -> int:
    exports = SubjectAccessExport.objects.filter(child_id=child_id, files_deleted_at__isnull=True)
    public_ids = list(exports.values_list("public_id", flat=True))
    exports.update(files_deleted_at=timezone.now(), json_file="", pdf_file="")
    for public_id in public_ids:
        transaction.on_commit(lambda public_id=public_id: clear_export_folder(public_id))
    return len(public_ids)


@transaction.atomic
def child_anonymise(
    *, child_id: int, cut_off: date, today: date, run: RetentionRun | None = None
) -> bool:
    """Anonymise one child's record and everything written about them, if still due.

    One transaction: the record is locked first (as raising a request locks it), so a request
    raised meanwhile either commits first and keeps the record, or waits and is refused.
    Side effects: the child's exports lose their files (after commit); the run's count.
    Answers whether it anonymised the record.
    """
    child = Child.objects.select_for_update().filter(pk=child_id).first()
    if child is None or not children_due(cut_off=cut_off).filter(pk=child_id).exists():
        return False
    for held in HELD:
        if held.scrubber is not None:
            held.scrubber(child_id=child_id, fields=held.scrub, text=SCRUBBED)
        elif held.scrub:
            values = {name: _scrubbed(name) for name in held.scrub}
            held.rows_of(child_id).update(**values)
            ids = list(held.rows_of(child_id).values_list("pk", flat=True))
            scrub_history(held.model, {"id__in": ids}, {name: SCRUBBED for name in held.scrub})
    fields = anonymised_child_fields(child, today=today)
    Child.objects.filter(pk=child_id).update(**fields)
    # The audit trail's earlier versions of the record hold the name, birth date and postcode:
    # they go, and one version as the record now stands says why.
    child_history_erase(child_id=child_id, reason=HISTORY_ANONYMISED)
    deleted = _delete_export_files(child_id)
    if run is not None:
        RetentionRun.objects.filter(pk=run.pk).update(
            anonymised=F("anonymised") + 1, exports_deleted=F("exports_deleted") + deleted
        )
    return True


def exports_expire(*, now: datetime | None = None) -> int:
    """Delete the files of exports older than SUBJECT_ACCESS_EXPORT_KEEP_DAYS: an export is a
    full copy of the record, kept only as long as it takes to send it. The rows stay."""
    before = (now or timezone.now()) - timedelta(days=settings.SUBJECT_ACCESS_EXPORT_KEEP_DAYS)
    expired = 0
    old = SubjectAccessExport.objects.filter(requested_at__lt=before, files_deleted_at__isnull=True)
    for export_id, public_id in old.values_list("pk", "public_id"):
        with transaction.atomic():
            if SubjectAccessExport.objects.filter(
                pk=export_id, files_deleted_at__isnull=True
            ).update(files_deleted_at=timezone.now(), json_file="", pdf_file=""):
                transaction.on_commit(lambda public_id=public_id: clear_export_folder(public_id))
                expired += 1
    return expired


def retention_dry_run(*, today: date | None = None) -> tuple[date, int]:
    """The cut-off and how many records a run today would anonymise. Writes nothing."""
    cut_off = retention_cut_off(today)
    return cut_off, children_due(cut_off=cut_off).count()


def retention_run(
    *,
    trigger: str = RetentionTrigger.SCHEDULE,
    today: date | None = None,
    each: Callable[[list[int]], Iterable[int]] = iter,
) -> RetentionRun:
    """Anonymise every child due today, one transaction each, and log the run.

    `each` wraps the list of due ids (the command passes a progress bar). A child that fails is
    logged and left for the next run; the others go on. Side effects: a RetentionRun row, kept
    up to date as children are anonymised; expired export files deleted.
    """
    today = today or timezone.localdate()
    cut_off = retention_cut_off(today)
    due = list(children_due(cut_off=cut_off).order_by("pk").values_list("pk", flat=True))
    run = RetentionRun.objects.create(
        trigger=trigger, retention_years=retention_years(), cut_off=cut_off, due=len(due)
    )
    for child_id in each(due):
        try:
            child_anonymise(child_id=child_id, cut_off=cut_off, today=today, run=run)
        except DatabaseError:
            logger.exception("Could not anonymise child %s; the next run will try again", child_id)
    expired = exports_expire()
    RetentionRun.objects.filter(pk=run.pk).update(
        finished_at=timezone.now(), exports_deleted=F("exports_deleted") + expired
    )
    run.refresh_from_db()
    return run
