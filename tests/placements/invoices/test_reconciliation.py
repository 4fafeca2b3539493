"""Matching compares a fee of one amount by totals without building the one-line mappings the
comparison part by part would; the two roads must find the same, to the character."""

from decimal import Decimal

import pytest

from placements.reconciliation import Tolerance, _match_parts, _one_amount, match

D = Decimal
SCHEDULE = {"education": D("1400.00"), "therapies": D("120.00")}


@pytest.mark.parametrize(
    "invoiced, expected",
    [
        ({"fee": D("1520.00")}, {"fee": D("1520.00")}),
        ({"fee": D("1520.5")}, {"fee": D("1520.50")}),  # pence typed as one place
        ({"fee": D("1521.00")}, {"fee": D("1520.00")}),
        ({"fee": D("1519.99")}, {"fee": D("1520.00")}),
        ({"fee": D("1520.00")}, SCHEDULE),  # one amount against a schedule
        ({"fee": D("1600.00")}, SCHEDULE),
        (SCHEDULE, {"fee": D("1520.00")}),
        ({"education": D("1400.00"), "care": D("125.00")}, {"fee": D("1520.00")}),
        ({}, {"fee": D("1520.00")}),
        ({"fee": D("0.00")}, {}),
        ({"fee": D("-10.00")}, {"fee": D("0.00")}),
    ],
)
@pytest.mark.parametrize(
    "tolerance",
    [Tolerance(), Tolerance(D("5.00")), Tolerance(None, D("1.0")), Tolerance(D("0.50"), D("1"))],
)
def test_a_fee_of_one_amount_is_matched_as_its_totals_would_be_part_by_part(
    invoiced, expected, tolerance
):
    by_parts = _match_parts(_one_amount(invoiced), _one_amount(expected), tolerance)
    found = match(invoiced, expected, tolerance)
    assert found == by_parts
    assert repr(found) == repr(by_parts)  # the same strings and Decimals, exponent and all
