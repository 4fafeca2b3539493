"""An invoice against the charge the portal expects for its placement and period.

Compared part by part (education, care, ...): exact when every part is the pence expected;
within tolerance when the total differs by no more than every limit the consortium set
(`BillingSettings`: pounds, and a percentage of the expected total) and no part is invoiced
that the fee schedule does not have; a variance otherwise. A fee recorded as one amount, or an
invoice of one `fee` line, is compared as one line, its total. What was found is kept on the
invoice version as it was, with the tolerance used, so a later change of settings or of fee
does not rewrite a match already decided on.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from .choices import MatchKind
from .money import PENNY

ZERO = Decimal("0.00")
ONE_AMOUNT = "fee"


@dataclass(frozen=True)
class Tolerance:
    pounds: Decimal | None = None
    percent: Decimal | None = None

    @classmethod
    def of(cls, settings) -> Tolerance:
        if settings is None:
            return cls()
        return cls(settings.tolerance_pounds, settings.tolerance_percent)

    def allows(self, difference: Decimal, expected: Decimal) -> bool:
        if self.pounds is None and self.percent is None:
            return difference == 0
        within = True
        if self.pounds is not None:
            within &= abs(difference) <= self.pounds
        if self.percent is not None:
            within &= abs(difference) <= (abs(expected) * self.percent / 100).quantize(PENNY)
        return within

    def describe(self) -> str:
        return self._described

    @cached_property
    def _described(self) -> str:  # worked out once: a run matches many invoices with one
        limits = []
        if self.pounds is not None:
            limits.append(f"£{self.pounds}")
        if self.percent is not None:
            limits.append(f"{self.percent}%")
        return " and ".join(limits) if limits else "none"


@dataclass(frozen=True)
class Match:
    kind: str
    expected_total: Decimal
    lines: list[dict] = field(default_factory=list)  # part, expected, invoiced, difference
    reasons: list[str] = field(default_factory=list)
    tolerance: str = "none"


def _money(value: Decimal) -> str:
    sign = "-" if value < 0 else ""
    return f"{sign}£{abs(value):,.2f}"


def _one_amount(amounts: Mapping[str, Decimal]) -> dict[str, Decimal]:
    return {ONE_AMOUNT: sum(amounts.values(), ZERO)}


def match(
    invoiced: Mapping[str, Decimal], expected: Mapping[str, Decimal], tolerance: Tolerance
) -> Match:
    """Compare invoiced amounts per part with the expected charge's; see the module doc."""
    if ONE_AMOUNT in invoiced or ONE_AMOUNT in expected:
        return _match_totals(invoiced, expected, tolerance)
    return _match_parts(invoiced, expected, tolerance)


def _match_totals(
    invoiced: Mapping[str, Decimal], expected: Mapping[str, Decimal], tolerance: Tolerance
) -> Match:
    """`_match_parts` of the totals as one `fee` line each, without building the mappings: a
    run matching a month's invoices mostly compares fees of one amount."""
    got, want = sum(invoiced.values(), ZERO), sum(expected.values(), ZERO)
    difference = got - want
    line = {"part": ONE_AMOUNT, "expected": str(want), "invoiced": str(got)}
    line["difference"] = str(difference)
    if not difference:
        return Match(MatchKind.EXACT, want, [line], [], tolerance.describe())
    more = "more" if difference > 0 else "less"
    reasons = [
        f"{ONE_AMOUNT}: invoiced {_money(got)}, expected {_money(want)} "
        f"({_money(abs(difference))} {more})"
    ]
    kind = MatchKind.WITHIN_TOLERANCE if tolerance.allows(difference, want) else MatchKind.VARIANCE
    return Match(kind, want, [line], reasons, tolerance.describe())


def _match_parts(
    invoiced: Mapping[str, Decimal], expected: Mapping[str, Decimal], tolerance: Tolerance
) -> Match:
    parts = [*expected, *(part for part in invoiced if part not in expected)]
    lines, reasons = [], []
    for part in parts:
        want, got = expected.get(part, ZERO), invoiced.get(part, ZERO)
        difference = got - want
        lines.append(
            {
                "part": part,
                "expected": str(want),
                "invoiced": str(got),
                "difference": str(difference),
            }
        )
        if part not in expected:
            reasons.append(f"{part}: invoiced {_money(got)}, not in the fee schedule")
        elif difference:
            more = "more" if difference > 0 else "less"
            reasons.append(
                f"{part}: invoiced {_money(got)}, expected {_money(want)} "
                f"({_money(abs(difference))} {more})"
            )
    expected_total = sum(expected.values(), ZERO)
    difference = sum(invoiced.values(), ZERO) - expected_total
    if not reasons:
        kind = MatchKind.EXACT
    elif all(part in expected for part in invoiced) and tolerance.allows(
        difference, expected_total
    ):
        kind = MatchKind.WITHIN_TOLERANCE
    else:
        kind = MatchKind.VARIANCE
    return Match(kind, expected_total, lines, reasons, tolerance.describe())
