"""The invoice state machine: every allowed move passes for its parties and only them, every
other pair is refused, and each move writes its event row."""

from itertools import product

import pytest
from django.db import transaction

from kernel.errors import InvalidTransition, NotAllowed
from kernel.workflow import transition
from placements.choices import InvoiceStatus
from placements.models import Invoice, InvoiceEvent
from placements.workflow import (
    COMMISSIONER,
    INVOICE_TRANSITIONS,
    PROVIDER,
    SYSTEM,
    invoice_machine,
)

from .helpers import submit

pytestmark = pytest.mark.django_db

PARTIES = (COMMISSIONER, PROVIDER, SYSTEM)


def _walk(invoice, source, target):
    Invoice.objects.filter(pk=invoice.pk).update(status=source)
    invoice.refresh_from_db()
    allowed = INVOICE_TRANSITIONS.get((source, target), frozenset())
    if not allowed:
        with pytest.raises(InvalidTransition):
            transition(invoice_machine(), invoice, to=target, party=COMMISSIONER)
        return
    for party in set(PARTIES) - allowed:
        with pytest.raises(NotAllowed):
            transition(invoice_machine(), invoice, to=target, party=party)
    transition(invoice_machine(), invoice, to=target, party=sorted(allowed)[0], reason="walk")
    assert Invoice.objects.get(pk=invoice.pk).status == target
    event = InvoiceEvent.objects.order_by("-pk").first()
    assert (event.from_status, event.to_status) == (source, target)


def test_every_invoice_move_outside_the_table_is_refused(pat, placement, charges_engine):
    invoice = submit(pat, placement, charges_engine)
    for source, target in product(InvoiceStatus.values, repeat=2):
        with transaction.atomic():
            _walk(invoice, source, target)
            transaction.set_rollback(True)


def test_the_machine_offers_only_the_moves_the_table_allows(pat, placement, charges_engine):
    invoice = submit(pat, placement, charges_engine)
    machine = invoice_machine()
    for status, party, moves in (
        (InvoiceStatus.VARIANCE, COMMISSIONER, {"approved", "queried", "disputed"}),
        (InvoiceStatus.QUERIED, PROVIDER, {"replaced"}),
        (InvoiceStatus.PAID, COMMISSIONER, set()),
    ):
        invoice.status = status
        assert machine.allowed(invoice, party) == moves
