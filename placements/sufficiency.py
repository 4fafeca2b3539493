"""Reads for the sufficiency view: how far the requests sent to providers were met, and why not.

A request sent to providers (opened) in the period is, by where it stands now:

- **met on time**: awarded, and the placement starts on or before the date the child needed it;
- **met late**: awarded, with a start after that date;
- **unmet**: closed as none suitable;
- **waiting**: still open or being evaluated; cancelled requests count in none of these.

Each is counted by the child's primary need, age at the date needed, the lot and the area (the
district of the child's home postcode, its outward code), with the median days from sending to
award. Reasons are the sufficiency codes of requests closed as none suitable beside the codes of
providers' declines (placements.choices.SufficiencyReason). Scoped like every figure: a borough's
staff see their own borough's requests, consortium-wide roles every member's.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from statistics import median

from django.db.models import Count
from django.utils import timezone

from boroughs.models import User
from providers.choices import NeedCode

from .choices import InvitationStatus, RequestStatus, SufficiencyReason
from .models import PlacementRequest, RequestInvitation
from .periods import Period

MET, LATE, UNMET, WAITING = "met", "late", "unmet", "waiting"
OUTCOMES = {
    MET: "Met on time",
    LATE: "Met late",
    UNMET: "Unmet",
    WAITING: "Waiting",
}
AGE_BANDS = ((0, 4, "Under 5"), (5, 10, "5 to 10"), (11, 15, "11 to 15"), (16, 17, "16 to 17"),
             (18, 25, "18 to 25"))  # fmt: skip
NEED_LABELS = dict(NeedCode.choices)


@dataclass
class Line:
    """One row of a breakdown: requests by outcome and the days to award."""

    label: str
    counts: Counter = field(default_factory=Counter)
    days: list[int] = field(default_factory=list)

    @property
    def requests(self) -> int:
        return sum(self.counts.values())

    @property
    def cells(self) -> list[int]:
        """The counts in the order of OUTCOMES."""
        return [self.counts[outcome] for outcome in OUTCOMES]

    @property
    def unmet_share(self) -> Decimal | None:
        """Unmet or late as a share of the requests decided (not those still waiting)."""
        decided = self.requests - self.counts[WAITING]
        if not decided:
            return None
        short = self.counts[UNMET] + self.counts[LATE]
        return (Decimal(short) * 100 / decided).quantize(Decimal("0.1"))

    @property
    def median_days(self) -> Decimal | None:
        return Decimal(str(median(self.days))).quantize(Decimal("0.1")) if self.days else None


def outcome_of(placement_request: PlacementRequest) -> str | None:
    if placement_request.status == RequestStatus.AWARDED:
        placement = placement_request.first_placement
        if placement is not None and placement.starts_on > placement_request.required_start_on:
            return LATE
        return MET
    if placement_request.status == RequestStatus.NONE_SUITABLE:
        return UNMET
    if placement_request.status in (RequestStatus.OPEN, RequestStatus.EVALUATING):
        return WAITING
    return None


def age_band(date_of_birth: date, on: date) -> str:
    years = (
        on.year
        - date_of_birth.year
        - ((on.month, on.day) < (date_of_birth.month, date_of_birth.day))
    )
    for low, high, label in AGE_BANDS:
        if low <= years <= high:
            return label
    return "Over 25"


def district(postcode: str) -> str:
    """The outward code: 'CR0 2AB' -> 'CR0'; an unknown postcode is 'Not recorded'."""
    outward = (postcode or "").strip().upper().split(" ")[0]
    return outward or "Not recorded"


BREAKDOWNS: dict[str, tuple[str, Callable[[PlacementRequest], str]]] = {
    "need": ("Primary need", lambda r: NEED_LABELS.get(r.child.primary_need, r.child.primary_need)),
    "age": ("Age when needed", lambda r: age_band(r.child.date_of_birth, r.required_start_on)),
    "lot": ("Lot", lambda r: f"{r.lot.dps.strand.name}, lot {r.lot.number}: {r.lot.name}"),
    "area": ("Home district", lambda r: district(r.child.home_postcode)),
}


def _bounds(period: Period, today: date) -> tuple[datetime, datetime]:
    """The period's days as times; by default the last 12 months to the end of today."""
    zone = timezone.get_current_timezone()
    start = period.start or today - timedelta(days=365)
    end = period.end or today + timedelta(days=1)
    return (
        datetime.combine(start, time.min, tzinfo=zone),
        datetime.combine(end, time.min, tzinfo=zone),
    )


def requests_sent(*, actor: User, period: Period, today: date):
    since, until = _bounds(period, today)
    rows = (
        PlacementRequest.objects.for_user(actor)
        .filter(opened_at__gte=since, opened_at__lt=until)
        .select_related("child", "lot__dps__strand")
        .prefetch_related("placements")
        .order_by("pk")
    )
    for row in rows:
        row.first_placement = min(row.placements.all(), key=lambda p: p.pk, default=None)
        yield row


@dataclass
class Sufficiency:
    total: Line
    breakdowns: dict[str, list[Line]]
    reasons: list[dict]


def sufficiency(*, actor: User, period: Period, today: date | None = None) -> Sufficiency:
    today = today or timezone.localdate()
    total = Line("All requests")
    lines: dict[str, dict[str, Line]] = {name: {} for name in BREAKDOWNS}
    unmet_codes: Counter = Counter()
    for placement_request in requests_sent(actor=actor, period=period, today=today):
        outcome = outcome_of(placement_request)
        if outcome is None:
            continue
        days = None
        if outcome in (MET, LATE) and placement_request.decided_at and placement_request.opened_at:
            days = (placement_request.decided_at - placement_request.opened_at).days
        if outcome == UNMET:
            unmet_codes[placement_request.unmet_reason or "not_recorded"] += 1
        for target in (total, *_lines_of(placement_request, lines)):
            target.counts[outcome] += 1
            if days is not None:
                target.days.append(days)
    breakdowns = {
        name: sorted(found.values(), key=lambda line: (-line.requests, line.label))
        for name, found in lines.items()
    }
    return Sufficiency(total, breakdowns, _reasons(actor, period, today, unmet_codes))


def _lines_of(placement_request: PlacementRequest, lines: dict[str, dict[str, Line]]):
    for name, (_heading, label_of) in BREAKDOWNS.items():
        label = label_of(placement_request)
        yield lines[name].setdefault(label, Line(label))


def _reasons(actor: User, period: Period, today: date, unmet: Counter) -> list[dict]:
    since, until = _bounds(period, today)
    declines = (
        RequestInvitation.objects.for_user(actor)
        .filter(
            status=InvitationStatus.DECLINED,
            request__opened_at__gte=since,
            request__opened_at__lt=until,
        )
        .values("decline_reason")
        .annotate(n=Count("pk"))
    )
    declined = defaultdict(int, {row["decline_reason"]: row["n"] for row in declines})
    rows = [
        {"code": code, "label": label, "unmet": unmet.get(code, 0), "declined": declined[code]}
        for code, label in SufficiencyReason.choices
    ]
    if unmet.get("not_recorded"):
        rows.append(
            {"code": "", "label": "Not recorded", "unmet": unmet["not_recorded"], "declined": 0}
        )
    return rows
