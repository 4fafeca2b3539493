"""Times benchmarking at national scale: `benchmark_table(by="setting")` against a bare GROUP BY
over the same rows, in the same run, so the ratio holds however busy the machine is.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench \\
        .venv/bin/python bench/outcomes_bench.py [--runs 15] [--publish] [--matching 50]

The bare query is what any report over the scores would have to do at least: every accepted
return's scores joined to their placement and child, grouped by setting, need and lot, with a
count and an average. `benchmark_table` does that and the per-return figures (attendance,
exclusions, cost, distinct children, sums of squares) in a second GROUP BY, then shrinks and
ranks the grouped rows in Python. The two alternate, first one then the other, each run.
`--publish` times `outcome_records_refresh` once; `--matching` times matching ranked by the
published records against matching by distance for that many requests.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
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
from outcomes.models import TargetScore
from outcomes.selectors.benchmarks import benchmark_table
from outcomes.services.benchmarks import outcome_records_refresh
from placements.matching import criteria_for, nearest_matches
from placements.models import PlacementRequest

BARE_SQL = """
    SELECT p.setting_id, c.primary_need, p.lot_id, count(*), avg(s.progress)
    FROM outcomes_targetscore s
    JOIN outcomes_termlyreturn r ON r.id = s.termly_return_id
    JOIN outcomes_term t ON t.id = r.term_id
    JOIN placements_placement p ON p.id = r.placement_id
    JOIN placements_child c ON c.id = p.child_id
    WHERE r.status = 'accepted' AND t.consortium_id = %s
    GROUP BY p.setting_id, c.primary_need, p.lot_id
"""


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def timed(fn) -> tuple[float, object]:
    started = time.perf_counter()
    result = fn()
    return (time.perf_counter() - started) * 1000, result


def bare_group_by(consortium_id: int) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(BARE_SQL, [consortium_id])
        return cursor.fetchall()


def compare(consortium_id: int, runs: int) -> dict:
    """Both timed `runs` times, alternating which goes first; milliseconds and row counts."""
    bare, table = [], []
    rows = groups = 0
    for run in range(runs):
        pair = [
            (bare, lambda: bare_group_by(consortium_id)),
            (table, lambda: benchmark_table(consortium_id=consortium_id, by="setting")),
        ]
        for out, fn in pair if run % 2 == 0 else reversed(pair):
            ms, result = timed(fn)
            out.append(ms)
            if out is bare:
                groups = len(result)
            else:
                rows = len(result)
    return {"bare": bare, "table": table, "bare_groups": groups, "table_rows": rows}


def report(label: str, values: list[float]) -> tuple[float, float]:
    p50, p95 = statistics.median(values), percentile(values, 0.95)
    print(f"{label:<44} p50 {p50:>9.1f} ms   p95 {p95:>9.1f} ms   (n={len(values)})")
    return p50, p95


def matching(requests: int) -> None:
    chosen = list(PlacementRequest.objects.filter(strand__kind="send").order_by("?")[:requests])
    for order in ("distance", "outcomes"):
        times = []
        for placement_request in chosen:
            criteria = criteria_for(placement_request)
            ms, _rows = timed(
                lambda r=placement_request, c=criteria, o=order: nearest_matches(
                    r, order=o, criteria=c
                )
            )
            times.append(ms)
        report(f"nearest_matches(order={order!r})", times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--publish", action="store_true", help="time outcome_records_refresh")
    parser.add_argument("--matching", type=int, default=0, help="requests to time matching for")
    args = parser.parse_args()
    consortium = Consortium.objects.order_by("pk").last()
    scores = TargetScore.objects.filter(termly_return__term__consortium=consortium).count()
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        version = cursor.fetchone()[0].split(",")[0]
    load = os.getloadavg()
    print(f"{consortium.name}: {scores:,} target scores; {version}; load {load[0]:.1f}")
    figures = compare(consortium.pk, args.runs)
    print(f"groups: bare {figures['bare_groups']:,}, benchmark_table {figures['table_rows']:,}")
    bare = report("bare GROUP BY (setting, need, lot)", figures["bare"])
    table = report('benchmark_table(by="setting")', figures["table"])
    print(f"ratio p50 x{table[0] / bare[0]:.2f}   p95 x{table[1] / bare[1]:.2f}   (target <= x2)")
    if args.publish:
        ms, count = timed(lambda: outcome_records_refresh(consortium_id=consortium.pk))
        print(f"outcome_records_refresh: {count:,} records in {ms / 1000:.1f} s")
    if args.matching:
        matching(args.matching)


if __name__ == "__main__":
    main()
