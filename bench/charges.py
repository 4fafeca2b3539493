"""Times `expected_charges` for every placement for one month against a bare SQL pass over the
same rows, in the same run, so the ratio holds however busy the machine is (ADR 17).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench \\
        .venv/bin/python bench/charges.py [--runs 3] [--month 2026-11]

The bare query is the least any charge run must do: every placement with a day in the month
joined to its fee changes (the next change's date found by a window), weekly fee x days in force
/ 7, summed per placement and fetched. `expected_charges` does that in Python with the rules of
ADR 17 (term days for 38-week placements, a line per part of the schedule, each rounded). The
third series, `expected_charges` + matching, also matches an invoice for every placement
charged (`placements.reconciliation.match`, with the consortium's tolerance): the invoices are
made before the clock starts, as `bench/invoices_upload.py` makes them: the expected charge part
by part, every tenth a pound over on its first part (a variance). The series alternate, in a
different order each run. The consortium's term dates are loaded first if missing.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import django
from django.apps import apps

if not apps.ready:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "commissioning.settings")
    os.environ.setdefault("DEBUG", "false")  # production settings: no query log
    os.environ.setdefault("SECRET_KEY", "bench-only-not-a-secret")
    django.setup()

from django.db import connection

from boroughs.models import Consortium
from placements.charges import expected_charges
from placements.models import Placement
from placements.reconciliation import Tolerance, match
from placements.services.invoices import tolerance_for
from placements.term_dates import load_term_dates

BARE_SQL = """
    WITH f AS (
        SELECT placement_id, effective_from, weekly_fee,
               lead(effective_from) OVER (PARTITION BY placement_id ORDER BY effective_from)
                   AS next_from
        FROM placements_feechange
    )
    SELECT p.id,
           sum(f.weekly_fee * (
               least(coalesce(f.next_from - 1, %(last)s), coalesce(p.ends_on, %(last)s), %(last)s)
               - greatest(f.effective_from, p.starts_on, %(first)s) + 1
           ) / 7)
    FROM placements_placement p JOIN f ON f.placement_id = p.id
    WHERE p.starts_on <= %(last)s AND (p.ends_on IS NULL OR p.ends_on >= %(first)s)
      AND f.effective_from <= least(coalesce(p.ends_on, %(last)s), %(last)s)
      AND (f.next_from IS NULL OR f.next_from > greatest(p.starts_on, %(first)s))
    GROUP BY p.id
"""


def timed(fn) -> tuple[float, object]:
    started = time.perf_counter()
    result = fn()
    return time.perf_counter() - started, result


def bare(first: date, last: date) -> tuple[int, Decimal]:
    with connection.cursor() as cursor:
        cursor.execute(BARE_SQL, {"first": first, "last": last})
        rows = cursor.fetchall()
    return len(rows), sum((row[1] for row in rows), Decimal(0))


def engine(first: date, last: date) -> tuple[int, Decimal]:
    count, total = 0, Decimal(0)
    for charge in expected_charges(Placement.objects.all(), first, last):
        count += 1
        total += charge.total
    return count, total


def invoices_of(first: date, last: date) -> dict[int, dict[str, Decimal]]:
    """An invoice for every placement charged: its expected charge part by part, every tenth a
    pound over on the first part."""
    invoiced = {}
    for n, charge in enumerate(expected_charges(Placement.objects.all(), first, last)):
        parts = charge.by_part()
        if n % 10 == 0 and parts:
            first_part = next(iter(parts))
            parts[first_part] += 1
        invoiced[charge.placement_id] = parts
    return invoiced


def matching(
    first: date, last: date, invoiced: dict[int, dict[str, Decimal]], tolerance: Tolerance
) -> tuple[int, dict[str, int]]:
    """Every placement's expected charge, matched against its invoice: how many of each kind."""
    kinds: dict[str, int] = {}
    for charge in expected_charges(Placement.objects.all(), first, last):
        found = match(invoiced.get(charge.placement_id, {}), charge.by_part(), tolerance)
        kinds[found.kind] = kinds.get(found.kind, 0) + 1
    return sum(kinds.values()), kinds


def month_of(text: str) -> tuple[date, date]:
    year, month = (int(part) for part in text.split("-"))
    following = date(year + month // 12, month % 12 + 1, 1)
    return date(year, month, 1), following - timedelta(days=1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--month", default="2026-11", help="YYYY-MM (default 2026-11)")
    args = parser.parse_args()
    first, last = month_of(args.month)
    for consortium in Consortium.objects.all():
        load_term_dates(consortium)
    placements = Placement.objects.count()
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        version = cursor.fetchone()[0].split(",")[0]
    print(f"{placements:,} placements; {first} to {last}; {version}; load {os.getloadavg()[0]:.1f}")
    invoiced = invoices_of(first, last)
    consortium = Consortium.objects.order_by("pk").first()
    tolerance = tolerance_for(consortium.pk) if consortium else Tolerance()
    series = [
        ("bare", bare),
        ("engine", engine),
        ("matching", lambda first, last: matching(first, last, invoiced, tolerance)),
    ]
    times: dict[str, list[float]] = {name: [] for name, _fn in series}
    results = {}
    for run in range(args.runs):
        order = series[run % 3 :] + series[: run % 3]
        for name, fn in order if run % 2 == 0 else reversed(order):
            seconds, results[name] = timed(lambda fn=fn: fn(first, last))
            times[name].append(seconds)
    for name, label in (
        ("bare", "bare SQL, weekly fee x days / 7"),
        ("engine", "expected_charges"),
        ("matching", "expected_charges + matching"),
    ):
        count, detail = results[name]
        detail = (
            ", ".join(f"{n:,} {kind}" for kind, n in sorted(detail.items()))
            if isinstance(detail, dict)
            else f"£{detail:,.2f}"
        )
        print(
            f"{label:<34} median {statistics.median(times[name]):7.2f} s  "
            f"best {min(times[name]):7.2f} s  {count:,} placements  {detail}"
        )
    for name in ("engine", "matching"):
        ratio = statistics.median(times[name]) / statistics.median(times["bare"])
        best = min(times[name]) / min(times["bare"])
        print(
            f"{name:<8} ratio median x{ratio:.2f}   best x{best:.2f}   (target <= x3)   "
            f"load {os.getloadavg()[0]:.1f}"
        )


if __name__ == "__main__":
    main()
