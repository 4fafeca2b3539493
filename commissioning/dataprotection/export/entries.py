"""The shape of an export: parts holding entries of labelled values, rendered as JSON and PDF.

An `Entry` is one row held about the child (a request, an offer, a view of the record): its
values as (key, label, value) and the parts that belong to it (a request's invitations). JSON
takes the keys; the PDF the labels. Values stay Python values until rendered: `as_json` makes
them portable (ISO dates, amounts as strings), `as_text` readable ("14 March 2016", "£1,520.00").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone

from placements.templatetags.money import pounds


@dataclass(frozen=True)
class Money:
    """An amount in pounds: "1520.00" in JSON, "£1,520.00" in the PDF."""

    amount: Decimal


@dataclass
class Part:
    """A list of entries under a heading. `table` parts (events, fees, the access log) are flat
    rows of the same columns, laid out as a table in the PDF."""

    key: str
    heading: str
    entries: list[Entry]
    table: bool = False
    empty: str = "None."

    def count(self) -> int:
        return len(self.entries) + sum(entry.count() for entry in self.entries)


@dataclass
class Entry:
    title: str
    values: list[tuple[str, str, Any]]
    parts: list[Part] = field(default_factory=list)

    def count(self) -> int:
        return sum(part.count() for part in self.parts)


def as_json(value: Any) -> Any:
    if isinstance(value, Money):
        return str(value.amount)
    if isinstance(value, datetime):
        return (
            timezone.localtime(value).isoformat() if timezone.is_aware(value) else value.isoformat()
        )
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (list, tuple)):
        return [as_json(item) for item in value]
    return value


def as_text(value: Any) -> str:
    if value is None or value == "" or value == []:
        return "Not recorded"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, Money):
        return pounds(value.amount)
    if isinstance(value, datetime):
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        return f"{local.day} {local:%B %Y, %H:%M}"
    if isinstance(value, date):
        return f"{value.day} {value:%B %Y}"
    if isinstance(value, (list, tuple)):
        return "; ".join(as_text(item) for item in value)
    return str(value)


def entry_json(entry: Entry) -> dict:
    data = {key: as_json(value) for key, _, value in entry.values}
    for part in entry.parts:
        data[part.key] = [entry_json(inner) for inner in part.entries]
    return data
