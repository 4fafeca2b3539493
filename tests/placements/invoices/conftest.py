"""Invoices are matched against the charges engine (`placements.charges`); the tests ask the
engine what to invoice, so an invoice that should match does, whatever the rules' arithmetic."""

from __future__ import annotations

import pytest

from placements import charges


@pytest.fixture
def charges_engine():
    return charges
