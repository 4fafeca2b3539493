"""Many invoices at once from a provider's CSV, and payments recorded from finance's CSV.

Both are all or nothing: every row is read and checked first, and a bad row is named by its
row number (the header is row 1, as a spreadsheet numbers them) and its column; then nothing
is saved. The invoices' placements are read in one query, their expected charges per period in
one pass of `placements.charges`, and the rows are written with `bulk_create`, so 10,000
invoices take seconds (bench/invoices_upload.py measures it).
"""

from __future__ import annotations

import csv
import io
import re
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Q

from boroughs import policy
from boroughs.models import User
from kernel.errors import DomainError

from ..choices import InvoiceStatus
from ..models import Invoice, Placement
from .invoices import (
    MSG_AMOUNT,
    MSG_DUPLICATE,
    MSG_PART,
    PARTS,
    Line,
    build,
    check_period,
    expected_for,
    save_built,
    tolerance_for,
)

INVOICE_COLUMNS = (
    "invoice_number",
    "placement_reference",
    "period_start",
    "period_end",
    "part",
    "amount",
)
PAYMENT_COLUMNS = ("invoice_number", "provider", "paid_on", "reference")
PAYMENT_OPTIONAL = "late_interest"  # a further column, when finance records interest paid
MAX_ERRORS = 10
MSG_COLUMNS = "The file must have the columns {columns}: {missing} missing"
MSG_EMPTY = "The file has no rows"
MSG_NOT_CSV = "The selected file must be a CSV file in UTF-8"
MSG_ROW = "Row {row}, {column}: {problem}"
MSG_DATE = "enter a date as YYYY-MM-DD or DD/MM/YYYY"
MSG_PLACEMENT = "no placement of yours has the reference {value}"
MSG_REQUIRED = "enter a value"
MSG_SAME_INVOICE = "invoice {number} is in row {first} for another placement or period"
MSG_PART_TWICE = "invoice {number} already has a {part} line in row {first}"
MSG_NO_INVOICE = "no approved invoice {number} from {provider}"
MSG_TOO_MANY = " (and {more} more)"
_REFERENCE = re.compile(r"^PL-(\d+)$", re.IGNORECASE)


def _sentence_part(message: str) -> str:
    """A service's message after "Row 3, amount: ", its first letter made small."""
    return message[:1].lower() + message[1:]


class UploadErrors(DomainError):
    """Every bad row found (up to MAX_ERRORS); the message names the first few."""

    def __init__(self, errors: list[str]) -> None:
        shown = "; ".join(errors[:MAX_ERRORS])
        if len(errors) > MAX_ERRORS:
            shown += MSG_TOO_MANY.format(more=len(errors) - MAX_ERRORS)
        super().__init__(shown, field="file")
        self.errors = errors


@dataclass
class _Errors:
    found: list[str] = field(default_factory=list)

    def add(self, row: int, column: str, problem: str) -> None:
        self.found.append(MSG_ROW.format(row=row, column=column, problem=problem))

    def raise_any(self) -> None:
        if self.found:
            raise UploadErrors(self.found)


def read_rows(uploaded, columns: tuple[str, ...]) -> list[tuple[int, dict]]:
    """(row number, cells) for each row of a UTF-8 CSV with at least `columns`."""
    uploaded.seek(0)
    try:
        text = uploaded.read().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise DomainError(MSG_NOT_CSV, field="file") from error
    reader = csv.DictReader(io.StringIO(text))
    header = [name.strip().lower() for name in reader.fieldnames or []]
    missing = [name for name in columns if name not in header]
    if missing:
        raise DomainError(
            MSG_COLUMNS.format(columns=", ".join(columns), missing=", ".join(missing)),
            field="file",
        )
    reader.fieldnames = header
    rows = [
        (number, {key: (value or "").strip() for key, value in row.items() if key})
        for number, row in enumerate(reader, start=2)
        if any((value or "").strip() for value in row.values() if isinstance(value, str))
    ]
    if not rows:
        raise DomainError(MSG_EMPTY, field="file")
    return rows


def parse_date(text: str) -> date | None:
    try:
        return date.fromisoformat(text)  # the usual form, and by far the quickest to read
    except ValueError:
        pass
    for fmt in ("%d/%m/%Y",):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def parse_amount(text: str) -> Decimal | None:
    try:
        amount = Decimal(text.replace("£", "").replace(",", ""))
    except InvalidOperation:
        return None
    if not amount.is_finite() or amount < 0 or amount != amount.quantize(Decimal("0.01")):
        return None
    return amount


def _placement_key(text: str):
    """PL-000123 -> ("pk", 123); a UUID -> ("public_id", UUID); anything else None."""
    found = _REFERENCE.match(text)
    if found:
        return ("pk", int(found.group(1)))
    try:
        return ("public_id", uuid.UUID(text))
    except ValueError:
        return None


def _placements(actor: User, rows: list[tuple[int, dict]]) -> dict:
    """The provider's placements the rows name, by their key, in one query."""
    keys = {_placement_key(cells["placement_reference"]) for _, cells in rows} - {None}
    pks = [value for kind, value in keys if kind == "pk"]
    uuids = [value for kind, value in keys if kind == "public_id"]
    provider_id = policy.actor_of(actor).provider_id
    found = Placement.objects.filter(provider_id=provider_id).filter(
        Q(pk__in=pks) | Q(public_id__in=uuids)
    )
    placements = {}
    for placement in found.select_related("borough"):
        placements[("pk", placement.pk)] = placements[("public_id", placement.public_id)] = (
            placement
        )
    return placements


@dataclass
class _Invoice:
    row: int
    placement: Placement
    start: date
    end: date
    lines: list[Line] = field(default_factory=list)
    part_rows: dict = field(default_factory=dict)


def _read_invoices(actor: User, rows: list[tuple[int, dict]]) -> dict[str, _Invoice]:
    errors, placements, invoices = _Errors(), _placements(actor, rows), {}
    for row, cells in rows:
        for column in INVOICE_COLUMNS:
            if not cells.get(column):
                errors.add(row, column, MSG_REQUIRED)
        if any(not cells.get(column) for column in INVOICE_COLUMNS):
            continue
        number = cells["invoice_number"]
        placement = placements.get(_placement_key(cells["placement_reference"]))
        if placement is None:
            value = cells["placement_reference"]
            errors.add(row, "placement_reference", MSG_PLACEMENT.format(value=value))
        start, end = parse_date(cells["period_start"]), parse_date(cells["period_end"])
        for column, value in (("period_start", start), ("period_end", end)):
            if value is None:
                errors.add(row, column, MSG_DATE)
        part, amount = cells["part"].lower(), parse_amount(cells["amount"])
        if part not in PARTS:
            errors.add(row, "part", _sentence_part(MSG_PART))
        if amount is None:
            errors.add(row, "amount", _sentence_part(MSG_AMOUNT))
        if None in (placement, start, end, amount) or part not in PARTS:
            continue
        try:
            check_period(placement, start, end)
        except DomainError as error:
            errors.add(row, error.field or "period_start", _sentence_part(error.message))
            continue
        invoice = invoices.setdefault(number, _Invoice(row, placement, start, end))
        if (invoice.placement, invoice.start, invoice.end) != (placement, start, end):
            problem = MSG_SAME_INVOICE.format(number=number, first=invoice.row)
            errors.add(row, "invoice_number", problem)
        elif part in invoice.part_rows:
            problem = MSG_PART_TWICE.format(number=number, part=part, first=invoice.part_rows[part])
            errors.add(row, "part", problem)
        else:
            invoice.part_rows[part] = row
            invoice.lines.append(Line(part, amount))
    errors.raise_any()
    return invoices


def _refuse_duplicates(actor: User, invoices: dict[str, _Invoice]) -> None:
    provider_id = policy.actor_of(actor).provider_id
    taken = set(
        Invoice.objects.filter(provider_id=provider_id, number__in=list(invoices)).values_list(
            "number", flat=True
        )
    )
    errors = _Errors()
    for number in sorted(taken, key=lambda number: invoices[number].row):
        row = invoices[number].row
        errors.add(row, "invoice_number", _sentence_part(MSG_DUPLICATE.format(number=number)))
    errors.raise_any()


def _expected(invoices: dict[str, _Invoice], report) -> dict[tuple, dict]:
    """(placement id, start, end) -> its expected charge: one pass a period."""
    from ..charges import expected_charges

    by_period = defaultdict(dict)
    for invoice in invoices.values():
        by_period[(invoice.start, invoice.end)][invoice.placement.pk] = invoice.placement
    expected = {}
    for done, ((start, end), placements) in enumerate(by_period.items()):
        queryset = Placement.objects.filter(pk__in=list(placements))
        # Figures only: the words would double the time of a large file (the invoice's page
        # works them out when it is read, placements.views.invoices.charge_explanation).
        for charge in expected_charges(queryset, start, end):
            expected[(charge.placement_id, start, end)] = charge
        report(20 + 50 * (done + 1) // len(by_period), "Working out the expected charges")
    return expected


def _no_report(percent: int, message: str) -> None:
    pass


def invoices_upload(*, actor: User, uploaded, progress=_no_report) -> list[Invoice]:
    """Every invoice in a provider's CSV (columns INVOICE_COLUMNS, one row a line; rows with the
    same invoice number are one invoice), matched and saved; or none, naming the bad rows.

    The file is read and checked outside any transaction, so `progress(percent, message)` can
    be seen by the page while a worker reads it; the duplicates are checked again and every
    row written in one transaction at the end.
    """
    policy.require(actor, "placements.add_invoice")
    invoices = _read_invoices(actor, read_rows(uploaded, INVOICE_COLUMNS))
    for invoice in invoices.values():
        policy.require(actor, "placements.submit_invoice", invoice.placement)
    _refuse_duplicates(actor, invoices)
    progress(20, "Rows checked")
    expected = _expected(invoices, progress)
    tolerances = {}
    built = []
    for number, invoice in invoices.items():
        consortium_id = invoice.placement.borough.consortium_id
        if consortium_id not in tolerances:
            tolerances[consortium_id] = tolerance_for(consortium_id)
        built.append(
            build(
                actor=actor,
                placement=invoice.placement,
                number=number,
                start=invoice.start,
                end=invoice.end,
                lines=invoice.lines,
                charge=expected.get((invoice.placement.pk, invoice.start, invoice.end))
                or expected_for([invoice.placement], invoice.start, invoice.end)[
                    invoice.placement.pk
                ],
                tolerance=tolerances[consortium_id],
            )
        )
    progress(75, "Saving the invoices")
    with transaction.atomic():
        _refuse_duplicates(actor, invoices)  # again: another upload may have just saved one
        save_built(built)
    return [invoice for invoice, _, _ in built]


@transaction.atomic
def payments_upload(*, actor: User, uploaded) -> int:
    """Payments finance confirmed (columns PAYMENT_COLUMNS): each approved invoice named is
    marked paid; a row naming no approved invoice of the borough refuses the whole file."""
    from .invoices import invoice_mark_paid

    rows = read_rows(uploaded, PAYMENT_COLUMNS)
    errors, found = _Errors(), []
    approved = Invoice.objects.for_user(actor).filter(
        status=InvoiceStatus.APPROVED, number__in=[cells["invoice_number"] for _, cells in rows]
    )
    by_key = defaultdict(list)
    for invoice in approved.select_related("provider", "placement"):
        for name in (invoice.provider.legal_name, invoice.provider.trading_name):
            if name:
                by_key[(invoice.number, name.lower())].append(invoice)
        by_key[(invoice.number, str(invoice.provider.public_id))].append(invoice)
    for row, cells in rows:
        paid_on = parse_date(cells.get("paid_on", ""))
        if paid_on is None:
            errors.add(row, "paid_on", MSG_DATE)
        if not cells.get("reference"):
            errors.add(row, "reference", MSG_REQUIRED)
        key = (cells.get("invoice_number", ""), cells.get("provider", "").lower())
        matches = by_key.get(key, [])
        if len(matches) != 1:
            number, provider = cells.get("invoice_number", ""), cells.get("provider", "")
            errors.add(
                row, "invoice_number", MSG_NO_INVOICE.format(number=number, provider=provider)
            )
        interest = None
        if cells.get(PAYMENT_OPTIONAL):
            interest = parse_amount(cells[PAYMENT_OPTIONAL])
            if interest is None:
                errors.add(row, PAYMENT_OPTIONAL, _sentence_part(MSG_AMOUNT))
        if len(matches) == 1 and paid_on is not None:
            found.append((row, matches[0], paid_on, cells["reference"], interest))
    errors.raise_any()
    for row, invoice, paid_on, reference, interest in found:
        try:
            invoice_mark_paid(
                actor=actor,
                invoice=invoice,
                paid_on=paid_on,
                reference=reference,
                late_interest=interest,
            )
        except DomainError as error:  # raised inside the transaction: every payment is undone
            errors.add(row, error.field or "invoice_number", _sentence_part(error.message))
            errors.raise_any()
    return len(found)
