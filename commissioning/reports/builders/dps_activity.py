"""DPS activity: a workbook of what happened on the dynamic purchasing system in the period.

Applications and enrolments belong to the consortium's DPSs, not to a borough: a borough report
shows them for the DPSs of the strands the borough belongs to. Requests and invitations belong
to boroughs and follow the scope. Every count is one grouped SQL query by lot.
"""

from __future__ import annotations

import pathlib
from typing import Any

from django.db.models import Count, F, Q

from placements.choices import InvitationStatus, RequestStatus
from placements.models import PlacementRequest, RequestInvitation
from providers.choices import ApplicationStatus, EnrolmentStatus
from providers.models import Application, Enrolment, Lot

from . import BuildResult, Progress
from .base import datetime_filter, dps_filter, filename, long_date, period_label, produced_on
from .xlsx import COUNT, SHARE, XLSX, Column, Sheets

LOT_COLUMNS = (
    Column("Strand", "strand", width=30),
    Column("Lot", "lot", width=48),
)


def _lots(run: Any) -> list[dict]:
    lots = Lot.objects.filter(**dps_filter(run)).select_related("dps__strand")
    return [
        {"lot_id": lot.pk, "strand": lot.dps.strand.name, "lot": f"Lot {lot.number}: {lot.name}"}
        for lot in lots.order_by("dps__strand__kind", "number")
    ]


def _by_lot(lots: list[dict], rows, names: tuple[str, ...]) -> list[dict]:
    """Each lot's counts (zero where none), lots in order, then a total row."""
    found = {row["lot_id"]: row for row in rows}
    merged = [
        {**lot, **{name: found.get(lot["lot_id"], {}).get(name) or 0 for name in names}}
        for lot in lots
    ]
    total = {"strand": "All lots", "lot": ""}
    total.update({name: sum(row[name] for row in merged) for name in names})
    return [*merged, total]


def applications(run: Any, lots: list[dict]) -> list[dict]:
    """Received (submitted in the period), accredited and rejected (decided in the period).

    An application names the lots it applies for, so one that names two counts in both."""
    base = Application.objects.filter(**dps_filter(run))
    submitted, decided = datetime_filter(run, "submitted_at"), datetime_filter(run, "decided_at")
    rows = (
        base.filter(Q(**submitted) | Q(**decided))
        .values(lot_id=F("lots"))
        .annotate(
            received=Count("pk", filter=Q(**submitted), distinct=True),
            accredited=Count(
                "pk", filter=Q(status=ApplicationStatus.ACCREDITED, **decided), distinct=True
            ),
            rejected=Count(
                "pk", filter=Q(status=ApplicationStatus.REJECTED, **decided), distinct=True
            ),
        )
    )
    return _by_lot(lots, rows, ("received", "accredited", "rejected"))


def enrolments(run: Any, lots: list[dict]) -> list[dict]:
    """Settings enrolled in the period, and what stands on each lot on the day produced."""
    enrolled = Q(status=EnrolmentStatus.ENROLLED)
    rows = (
        Enrolment.objects.filter(lot__in=[lot["lot_id"] for lot in lots])
        .values("lot_id")
        .annotate(
            enrolled_in_period=Count("pk", filter=Q(**datetime_filter(run, "enrolled_at"))),
            settings_on_lot=Count("setting", filter=enrolled, distinct=True),
            providers_on_lot=Count("setting__provider", filter=enrolled, distinct=True),
            suspended=Count("pk", filter=Q(status=EnrolmentStatus.SUSPENDED)),
            removed=Count("pk", filter=Q(status=EnrolmentStatus.REMOVED)),
        )
    )
    names = ("enrolled_in_period", "settings_on_lot", "providers_on_lot", "suspended", "removed")
    merged = _by_lot(lots, rows, names)
    # Across lots a provider or setting on several lots counts once, not once a lot.
    on_dps = Enrolment.objects.filter(
        lot__in=[lot["lot_id"] for lot in lots], status=EnrolmentStatus.ENROLLED
    )
    merged[-1]["settings_on_lot"] = on_dps.values("setting").distinct().count()
    merged[-1]["providers_on_lot"] = on_dps.values("setting__provider").distinct().count()
    return merged


def requests(run: Any, lots: list[dict]) -> list[dict]:
    """Requests sent to providers in the period, and those decided in it, by how."""
    decided = datetime_filter(run, "decided_at")
    rows = (
        PlacementRequest.objects.filter(
            borough_id__in=run.scope_borough_ids(), lot__in=[lot["lot_id"] for lot in lots]
        )
        .values("lot_id")
        .annotate(
            raised=Count("pk", filter=Q(**datetime_filter(run, "opened_at"))),
            awarded=Count("pk", filter=Q(status=RequestStatus.AWARDED, **decided)),
            none_suitable=Count("pk", filter=Q(status=RequestStatus.NONE_SUITABLE, **decided)),
            cancelled=Count("pk", filter=Q(status=RequestStatus.CANCELLED, **decided)),
        )
    )
    return _by_lot(lots, rows, ("raised", "awarded", "none_suitable", "cancelled"))


def invitations(run: Any, lots: list[dict]) -> list[dict]:
    """Call-offs sent in the period and how providers answered them."""
    offered = Q(offer__isnull=False)
    rows = (
        RequestInvitation.objects.filter(
            request__borough_id__in=run.scope_borough_ids(),
            request__lot__in=[lot["lot_id"] for lot in lots],
            **datetime_filter(run, "invited_at"),
        )
        .values(lot_id=F("request__lot"))
        .annotate(
            invitations=Count("pk"),
            offers=Count("pk", filter=offered),
            declined=Count("pk", filter=Q(status=InvitationStatus.DECLINED)),
            no_response=Count("pk", filter=Q(status=InvitationStatus.NO_RESPONSE)),
            awarded=Count("pk", filter=Q(status=InvitationStatus.AWARDED)),
        )
    )
    merged = _by_lot(lots, rows, ("invitations", "offers", "declined", "no_response", "awarded"))
    for row in merged:
        sent = row["invitations"]
        row["response_rate"] = (row["offers"] + row["declined"]) / sent if sent else None
        row["offer_rate"] = row["offers"] / sent if sent else None
    return merged


def _counts(*names: tuple[str, str]) -> tuple[Column, ...]:
    return (*LOT_COLUMNS, *(Column(header, key, COUNT, 16) for header, key in names))


SHEETS = {
    "Applications": _counts(
        ("Received", "received"), ("Accredited", "accredited"), ("Rejected", "rejected")
    ),
    "Enrolments": _counts(
        ("Enrolled in the period", "enrolled_in_period"),
        ("Settings on the lot", "settings_on_lot"),
        ("Providers on the lot", "providers_on_lot"),
        ("Suspended", "suspended"),
        ("Removed", "removed"),
    ),
    "Requests": _counts(
        ("Sent to providers", "raised"),
        ("Awarded", "awarded"),
        ("None suitable", "none_suitable"),
        ("Cancelled", "cancelled"),
    ),
    "Invitations and offers": (
        *_counts(
            ("Invitations", "invitations"),
            ("Offers", "offers"),
            ("Declined", "declined"),
            ("No response", "no_response"),
            ("Awarded", "awarded"),
        ),
        Column("Response rate", "response_rate", SHARE, 14),
        Column("Offer rate", "offer_rate", SHARE, 14),
    ),
}


def notes(run: Any) -> list[tuple[str, str]]:
    produced = long_date(produced_on(run))
    return [
        ("Report", f"DPS activity: {run.scope_label()}, {period_label(run)}"),
        ("Consortium", run.consortium.name),
        ("Produced", produced),
        (
            "Applications",
            "Received: submitted in the period. Accredited and rejected: decided in the period. An application for several lots counts in each; the total row adds the lots, so it counts such an application more than once.",
        ),
        (
            "Enrolments",
            f"Enrolled in the period: enrolments made in it. Settings, providers, suspended and removed: as they stand on {produced}. In the total row a setting or provider on several lots counts once.",
        ),
        (
            "Requests",
            "Sent to providers: requests opened (invitations sent) in the period. Awarded, none suitable and cancelled: decided in the period.",
        ),
        (
            "Invitations and offers",
            "Invitations sent in the period. Response rate: offers and declines over invitations. Offer rate: offers over invitations (an offer later withdrawn, awarded or unsuccessful still counts).",
        ),
        (
            "Scope",
            "Applications and enrolments are the DPS's, so they are the same for every borough on it; requests and invitations are the boroughs' in scope.",
        ),
        ("Source", f"{run.consortium.name} placement commissioning portal."),
    ]


class DpsActivityBuilder:
    """Kind `dps_activity`."""

    def build(self, *, run: Any, path: pathlib.Path, progress: Progress) -> BuildResult:
        lots = _lots(run)
        sheets = Sheets()
        steps = (applications, enrolments, requests, invitations)
        for index, ((title, columns), rows_of) in enumerate(
            zip(SHEETS.items(), steps, strict=True)
        ):
            progress(10 + index * 20, f"Counting {title.lower()}")
            sheets.add(title, columns, rows_of(run, lots))
        sheets.add_text("Notes", notes(run))
        sheets.save(path)
        progress(100, "DPS activity ready")
        return BuildResult(filename=filename(run, "dps-activity", "xlsx"), content_type=XLSX)


dps_activity = DpsActivityBuilder()
