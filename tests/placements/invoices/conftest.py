"""Invoices are matched against `placements.charges`. Until that engine is on this branch, a
stand-in answers with the fee schedule in force at the period's start times the days of the
period the placement ran, over seven; the tests ask the engine for what to invoice, so they
hold for the real one as well."""

from __future__ import annotations

import pytest

from . import charges_stand_in


@pytest.fixture(autouse=True)
def charges_engine():
    return charges_stand_in.install()
