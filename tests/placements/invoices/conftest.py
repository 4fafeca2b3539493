"""Invoices are matched against `placements.charges`. Until that engine is on this branch, a
stand-in answers with the fee schedule in force at the period's start times the days of the
period the placement ran, over seven; the tests ask the engine for what to invoice, so they
hold for the real one as well."""

from __future__ import annotations

import importlib
import sys
import types
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

import pytest

from placements.money import pence


@dataclass(frozen=True)
class _Charge:
    placement_id: int
    parts: dict

    def by_part(self) -> dict:
        return dict(self.parts)

    @property
    def total(self) -> Decimal:
        return sum(self.parts.values(), Decimal("0.00"))


def _expected_charge(placement, period_start, period_end, *, calendar=None):
    start = max(period_start, placement.starts_on)
    end = min(period_end, placement.ends_on or period_end)
    days = max((end - start + timedelta(days=1)).days, 0)
    fee = placement.fees.filter(effective_from__lte=start).last() or placement.fees.first()
    return _Charge(
        placement.pk, {part: pence(weekly * days / 7) for part, weekly in fee.schedule().items()}
    )


def _expected_charges(placements, period_start, period_end):
    for placement in placements:
        yield _expected_charge(placement, period_start, period_end)


@pytest.fixture(autouse=True)
def charges_engine(monkeypatch):
    try:
        return importlib.import_module("placements.charges")
    except ImportError:
        stand_in = types.ModuleType("placements.charges")
        stand_in.expected_charge = _expected_charge
        stand_in.expected_charges = _expected_charges
        monkeypatch.setitem(sys.modules, "placements.charges", stand_in)
        return stand_in
