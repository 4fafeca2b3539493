"""Money for placements, computed one way for pages, API and exports alike.

All Decimal, in pounds and pence. The SQL expressions here are what every list, total and export
annotates, so a figure on a page, in the API and in the CSV is the same number.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.core.cache import cache
from django.db import transaction
from django.db.models import (
    Case,
    DecimalField,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, ExtractYear

PENNY = Decimal("0.01")
MONEY = DecimalField(max_digits=12, decimal_places=2)
DAYS_IN_YEAR = Decimal("365")


MONEY_VERSION_KEY = "placements:money-version"


def money_changed() -> None:
    """Placements' money changed: cached totals go stale when this transaction commits.

    Totals are cached under a version number; bumping it makes every cached total a miss.
    """
    transaction.on_commit(_bump_money_version)


def _bump_money_version() -> None:
    try:
        cache.incr(MONEY_VERSION_KEY)
    except ValueError:  # not set yet (or evicted): any new number will do
        cache.set(MONEY_VERSION_KEY, 2, None)


def money_version() -> int:
    return cache.get_or_set(MONEY_VERSION_KEY, 1, None)


def pence(value: Decimal) -> Decimal:
    return value.quantize(PENNY, rounding=ROUND_HALF_UP)


def current_weekly_expression(on: date):
    """The weekly fee in force on `on`: the latest fee change effective by then (else the first)."""
    from .models import FeeChange

    in_force = FeeChange.objects.filter(placement=OuterRef("pk"), effective_from__lte=on).order_by(
        "-effective_from"
    )
    return Coalesce(
        Subquery(in_force.values("weekly_fee")[:1], output_field=MONEY), F("agreed_weekly")
    )


def money_annotations(on: date) -> dict:
    """What every placement row carries: current fee, committed annual cost, savings."""
    weeks = F("weeks_per_year")
    return {
        "current_weekly": current_weekly_expression(on),
        "committed_annual": Case(
            When(
                status="active",
                then=ExpressionWrapper(F("current_weekly") * weeks, output_field=MONEY),
            ),
            default=Value(Decimal("0.00")),
            output_field=MONEY,
        ),
        "saving_vs_ceiling": ExpressionWrapper(
            (F("ceiling_weekly") - F("agreed_weekly")) * weeks, output_field=MONEY
        ),
        "saving_vs_spot": ExpressionWrapper(
            (F("spot_weekly") - F("agreed_weekly")) * weeks, output_field=MONEY
        ),
        "financial_year": Case(
            When(Q(starts_on__month__gte=4), then=ExtractYear("starts_on")),
            default=ExtractYear("starts_on") - 1,
            output_field=IntegerField(),
        ),
    }


def financial_year_label(start_year: int) -> str:
    """2025 -> '2025-26': councils count years from 1 April."""
    return f"{start_year}-{(start_year + 1) % 100:02d}"


def cost_to_date(
    *,
    fees: Sequence[tuple[date, Decimal]],
    weeks_per_year: int,
    starts_on: date,
    ends_on: date | None,
    on: date,
) -> Decimal:
    """What a placement has cost from its start to `on` (or its end), from the fee history.

    A fee of £F a week for W weeks a year costs F x W / 365 a day, spread over the calendar
    (term-time placements are paid for the year in instalments). Each fee applies from its
    effective date to the next one's; the total is rounded to the penny once, at the end.
    """
    until = min(on, ends_on) if ends_on else on
    if until < starts_on or not fees:
        return Decimal("0.00")
    ordered = sorted(fees)
    total = Decimal("0")
    for index, (effective_from, weekly_fee) in enumerate(ordered):
        start = max(effective_from, starts_on)
        next_from = ordered[index + 1][0] if index + 1 < len(ordered) else until + timedelta(days=1)
        end = min(next_from - timedelta(days=1), until)
        days = (end - start).days + 1
        if days > 0:
            total += weekly_fee * weeks_per_year * days / DAYS_IN_YEAR
    return pence(total)
