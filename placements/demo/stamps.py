"""When things happened: gathered while the services run (they stamp `now`), written over the
rows at the end, so that three years of history are spread over three years."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.db import connection
from django.db.models import Model

from ..choices import InvitationStatus as INV
from ..choices import RequestStatus as R
from ..models import (
    Child,
    FeeChange,
    InvitationEvent,
    Offer,
    OfferQuestion,
    Placement,
    PlacementRequest,
    RequestEvent,
    RequestInvitation,
)

CHILD_DATES = ["created_at", "ehcp_issued_on", "ehcp_last_review_on", "ehcp_next_review_on"]


@dataclass
class Timeline:
    """When a request's steps happened."""

    created: datetime
    start: date
    opened: datetime | None = None
    deadline: date | None = None
    closed: datetime | None = None
    decided: datetime | None = None


@dataclass
class Stamps:
    """The history's dates, by the id of the row they belong to."""

    requests: dict[int, Timeline] = field(default_factory=dict)
    answered: dict[int, datetime] = field(default_factory=dict)  # by invitation
    withdrawn: dict[int, datetime] = field(default_factory=dict)  # by invitation
    distances: dict[int, Decimal] = field(default_factory=dict)  # by invitation
    questions: dict[int, tuple[datetime, datetime | None]] = field(default_factory=dict)
    children: dict[int, Child] = field(default_factory=dict)  # changed in memory
    placements: dict[int, tuple[datetime, Decimal]] = field(default_factory=dict)
    reviews: dict[int, date] = field(default_factory=dict)  # next annual review, by placement
    fees: dict[int, datetime] = field(default_factory=dict)  # uplifts, by fee change

    def apply(self) -> None:
        """Write every stamp over what the services wrote: one statement per table."""
        self._requests()
        self._invitations()
        _write(Offer, ["submitted_at"], self._offers())
        _write(OfferQuestion, ["asked_at", "answered_at"], self._questions())
        _write(Child, CHILD_DATES, self._children())
        self._placements()

    def _requests(self) -> None:
        rows = PlacementRequest.objects.filter(pk__in=list(self.requests)).values_list(
            "pk", "opened_at", "decided_at", "response_deadline"
        )
        _write(
            PlacementRequest,
            ["created_at", "opened_at", "decided_at", "response_deadline"],
            (self._request(*row) for row in rows),
        )
        events = RequestEvent.objects.filter(request__in=list(self.requests))
        rows = events.values_list("pk", "request_id", "to_status")
        _write(RequestEvent, ["at"], ((pk, self._request_event(r, to)) for pk, r, to in rows))

    def _request(self, pk, opened, decided, deadline) -> tuple:
        t = self.requests[pk]
        return pk, t.created, t.opened or opened, t.decided or decided, t.deadline or deadline

    def _request_event(self, request_id: int, to_status: str) -> datetime | None:
        t = self.requests[request_id]
        return {R.OPEN: t.opened, R.EVALUATING: t.closed}.get(to_status, t.decided)

    def _invitations(self) -> None:
        invitations = RequestInvitation.objects.filter(request__in=list(self.requests))
        rows = invitations.values_list("pk", "request_id", "responded_at", "distance_km")
        _write(
            RequestInvitation,
            ["invited_at", "responded_at", "distance_km"],
            (self._invitation(*row) for row in rows),
        )
        events = InvitationEvent.objects.filter(invitation__request__in=list(self.requests))
        rows = events.values_list(
            "pk", "invitation_id", "invitation__request_id", "to_status", "at"
        )
        _write(
            InvitationEvent, ["at"], ((row[0], self._invitation_event(*row[1:])) for row in rows)
        )

    def _invitation(self, pk, request_id, responded, distance) -> tuple:
        if distance is None:  # postcodes not loaded: the CSV's positions
            distance = self.distances.get(pk)
        opened = self.requests[request_id].opened
        return pk, opened, self.answered.get(pk, responded), distance

    def _invitation_event(self, invitation_id, request_id, to_status, at) -> datetime:
        t, pk = self.requests[request_id], invitation_id
        return {
            INV.OFFERED: self.answered.get(pk),
            INV.DECLINED: self.answered.get(pk),
            INV.WITHDRAWN: self.withdrawn.get(pk),
            INV.NO_RESPONSE: t.closed or t.decided,
        }.get(to_status, t.decided) or at

    def _offers(self) -> Iterable[tuple]:
        offers = Offer.objects.filter(invitation__in=list(self.answered))
        return ((pk, self.answered[inv]) for pk, inv in offers.values_list("pk", "invitation_id"))

    def _children(self) -> Iterable[tuple]:
        for child in self.children.values():
            yield child.pk, *(getattr(child, name) for name in CHILD_DATES)

    def _questions(self) -> Iterable[tuple]:
        return ((pk, asked, answered) for pk, (asked, answered) in self.questions.items())

    def _placements(self) -> None:
        placements = Placement.objects.filter(pk__in=list(self.placements))
        rows = placements.values_list("pk", "distance_km", "next_review_on")
        _write(
            Placement,
            ["created_at", "distance_km", "next_review_on"],
            ((pk, self.placements[pk][0], distance or self.placements[pk][1],
              self.reviews.get(pk, review)) for pk, distance, review in rows),
        )  # fmt: skip
        fees = FeeChange.objects.filter(placement__in=list(self.placements))
        rows = fees.values_list("pk", "placement_id")
        _write(FeeChange, ["recorded_at"], ((pk, self._fee(pk, p)) for pk, p in rows))

    def _fee(self, pk: int, placement_id: int) -> datetime:
        return self.fees.get(pk) or self.placements[placement_id][0]


def _write(model: type[Model], fields: list[str], rows: Iterable[tuple]) -> None:
    """UPDATE each row (pk, *values) of the model's table, as one statement executed many times.

    Thousands of rows: bulk_update would compile a CASE branch per row and field, which costs
    seconds; a prepared UPDATE costs milliseconds. Values go through each field's own
    preparation (time zones, decimals, JSON) as the ORM's would.
    """
    opts, quote = model._meta, connection.ops.quote_name
    columns = [opts.get_field(name) for name in fields]
    assignments = ", ".join(f"{quote(column.column)} = %s" for column in columns)
    table, pk_column = quote(opts.db_table), quote(opts.pk.column)
    sql = f"UPDATE {table} SET {assignments} WHERE {pk_column} = %s"  # noqa: S608  model's names
    params = [[*_prepared(columns, values), pk] for pk, *values in rows]
    if params:
        with connection.cursor() as cursor:
            cursor.executemany(sql, params)


def _prepared(columns: list, values: list) -> list:
    return [
        column.get_db_prep_save(value, connection)
        for column, value in zip(columns, values, strict=True)
    ]
