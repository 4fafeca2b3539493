"""Times each report builder against the national-scale database, one fresh process a report.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench \\
        .venv/bin/python bench/reports_bench.py [--kinds savings_summary ...] [--scopes consortium borough]
        [--period 2025-04-01:2026-03-31] [--runs 1] [--seed-outcomes]

Load the data first with bench/national_scale.py. Each build runs in a child process of its own
(this script, `--child`), so the peak resident memory it prints (`ru_maxrss`) is that report's,
with Django and the builder's libraries loaded, as a Celery worker holds them. Prints, per
report: wall time of `build()`, the child's memory before the build and at its peak, the
file's size, and the target where the issue sets one.

`--seed-outcomes` adds outcome targets, termly returns and scores to a bench database that
has none (a framework, six terms, about half a million returns), so the benchmarking report has
something to aggregate while the generator lacks them. It writes only to a database whose name
contains "bench" and refuses one that already has returns. Writes nothing else.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "commissioning.settings")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECRET_KEY", "bench-only-not-a-secret")

KINDS = (
    "savings_summary",
    "benchmarking",
    "benchmarking_csv",
    "dps_activity",
    "placements_extract",
    "ocds",
)
TARGETS = {  # (seconds, MB) the issue sets, for the consortium at national scale
    "benchmarking": (60, 500),
}
SAVINGS_SOUTH_LONDON_SECONDS = 5


def _now() -> datetime:
    from django.utils import timezone

    return timezone.now()


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


# --- One report, in a child process ---------------------------------------------------------


@dataclass
class BenchRun:
    """A stand-in ReportRun: exactly the attributes the builders read."""

    kind: str
    scope: str
    consortium: object
    period_start: date
    period_end: date
    strand_id: int | None = None
    borough_id: int | None = None
    requested_by: object | None = None
    requested_at: datetime = field(default_factory=lambda: _now())

    @property
    def consortium_id(self) -> int:
        return self.consortium.pk

    def scope_borough_ids(self) -> list[int]:
        from boroughs.models import Borough

        if self.scope == "borough":
            return [self.borough_id]
        if self.scope == "strand":
            return list(Borough.objects.filter(strands=self.strand_id).values_list("pk", flat=True))
        return list(Borough.objects.filter(consortium=self.consortium).values_list("pk", flat=True))

    def scope_label(self) -> str:
        from boroughs.models import Borough, Strand

        if self.scope == "borough":
            return Borough.objects.get(pk=self.borough_id).name
        if self.scope == "strand":
            return Strand.objects.get(pk=self.strand_id).name
        return self.consortium.name


def warm_imports() -> float:
    """Load the builders' libraries first, timed apart: a worker loads them once, not per report."""
    started = time.perf_counter()
    import importlib
    import logging

    import openpyxl  # noqa: F401
    import pandas  # noqa: F401
    import weasyprint  # noqa: F401

    logging.getLogger("weasyprint").setLevel(logging.WARNING)
    importlib.import_module("placements.exports")
    return time.perf_counter() - started


def child(kind: str, scope: str, start: date, end: date) -> dict:
    """Build one report and say what it cost (printed as JSON for the parent)."""
    import django

    django.setup()
    from django.db.models import Count

    from boroughs.models import Borough, Consortium, Strand
    from commissioning.reports.builders import BUILDERS

    imports = warm_imports()
    consortium = Consortium.objects.annotate(n=Count("boroughs")).order_by("-n").first()
    extra: dict = {}
    if scope == "borough":  # the borough with the most placements: the heaviest one
        biggest = (
            Borough.objects.filter(consortium=consortium)
            .annotate(n=Count("placements"))
            .order_by("-n")
            .first()
        )
        extra = {"borough_id": biggest.pk}
    elif scope == "strand":
        extra = {"strand_id": Strand.objects.get(consortium=consortium, kind="send").pk}
    run = BenchRun(
        kind=kind, scope=scope, consortium=consortium, period_start=start, period_end=end, **extra
    )
    before = peak_mb()
    messages: list[tuple[float, int, str]] = []
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "report"
        result = BUILDERS[kind].build(
            run=run,
            path=path,
            progress=lambda p, m: messages.append((time.perf_counter() - started, p, m)),
        )
        seconds = time.perf_counter() - started
        size = path.stat().st_size
    return {
        "kind": kind,
        "scope": scope,
        "label": run.scope_label(),
        "boroughs": len(run.scope_borough_ids()),
        "seconds": round(seconds, 2),
        "imports": round(imports, 2),
        "before_mb": round(before, 1),
        "peak_mb": round(peak_mb(), 1),
        "bytes": size,
        "filename": result.filename,
        "steps": [(round(t, 2), p, m) for t, p, m in messages],
    }


# --- Seeding outcomes (until the generator makes them) --------------------------------------


def seed_outcomes(seed: int = 2025) -> None:
    """A framework, terms 2024/25 and 2025/26, two targets a placement, and a return (with two
    scores) for each term a placement was live in and whose returns were due by today."""
    import django

    django.setup()
    from django.db import connection, transaction
    from django.utils import timezone

    from bench.national.loader import Loader
    from bench.national.shape import LEAD_ANALYST_EMAIL
    from boroughs.models import Consortium, User
    from outcomes.choices import Scale
    from outcomes.defaults import DEFAULT_DOMAINS, RATING_DESCRIPTORS, default_terms
    from outcomes.models import (
        Domain,
        FrameworkVersion,
        Indicator,
        OutcomeTarget,
        TargetScore,
        Term,
        TermlyReturn,
    )
    from placements.models import Placement

    name = connection.settings_dict["NAME"]
    if "bench" not in name:
        sys.exit(f"Refusing to seed {name!r}: not a bench database")
    if TermlyReturn.objects.exists():
        print("Returns already present: nothing seeded")
        return
    rng, today, load = random.Random(seed), timezone.localdate(), Loader(progress=True)
    consortium = Consortium.objects.get()
    lead = User.objects.get(email=LEAD_ANALYST_EMAIL)
    with transaction.atomic():
        version = FrameworkVersion.objects.create(
            consortium=consortium,
            number=1,
            title="Outcomes framework",
            status="agreed",
            created_by=lead,
            agreed_at=timezone.now(),
            agreed_by=lead,
        )
        indicators = {}
        for order, (code, label, kind, items) in enumerate(DEFAULT_DOMAINS):
            domain = Domain.objects.create(
                version=version, code=code, name=label, kind=kind, order=order
            )
            for i, (i_code, i_name, scale) in enumerate(items):
                indicators[scale] = Indicator.objects.create(
                    domain=domain,
                    code=i_code,
                    name=i_name,
                    scale=scale,
                    order=i,
                    descriptors=RATING_DESCRIPTORS if scale == Scale.RATING else {},
                )
        terms = [
            Term.objects.get_or_create(
                consortium=consortium,
                academic_year=year,
                name=term,
                defaults={"starts_on": starts, "ends_on": ends, "returns_due_on": due},
            )[0]
            for year in (2024, 2025)
            for term, starts, ends, due in default_terms(year)
        ]
        terms = [t for t in terms if t.returns_due_on <= today]
        placements = list(Placement.objects.values_list("pk", "setting_id", "starts_on", "ends_on"))
        gas, rating = indicators[Scale.GOAL_ATTAINMENT], indicators[Scale.RATING]
        load.write(
            OutcomeTarget,
            (
                {
                    "placement_id": pk,
                    "indicator_id": ind.pk,
                    "outcome": "Seeded outcome",
                    "baseline": base,
                    "target": goal,
                    "target_date": date(2027, 7, 31),
                    "set_by_id": lead.pk,
                }
                for pk, *_ in placements
                for ind, base, goal in ((gas, -2, 0), (rating, 2, 4))
            ),
            2 * len(placements),
        )
        targets: dict[int, list[int]] = {}
        for target_id, placement_id in OutcomeTarget.objects.values_list("pk", "placement_id"):
            targets.setdefault(placement_id, []).append(target_id)
        quality = {}
        first_id, made = load.next_id(TermlyReturn), []

        def returns():
            next_id = first_id
            for pk, setting_id, starts_on, ends_on in placements:
                effect = quality.setdefault(setting_id, rng.gauss(0.4, 0.35))
                for term in terms:
                    if starts_on > term.ends_on or (ends_on and ends_on < term.starts_on):
                        continue
                    progress = max(-2.0, min(4.0, rng.gauss(effect, 0.7)))
                    made.append((next_id, pk, progress))
                    yield {
                        "id": next_id,
                        "placement_id": pk,
                        "term_id": term.pk,
                        "framework_version_id": version.pk,
                        "status": "accepted" if rng.random() < 0.92 else "submitted",
                        "attendance_pct": f"{min(100.0, rng.gauss(91, 6)):.1f}",
                        "fixed_term_exclusion_days": f"{max(0.0, rng.gauss(0.3, 0.8)):.1f}",
                        "permanently_excluded": rng.random() < 0.002,
                        "mean_progress": f"{progress:.3f}",
                        "targets_scored": len(targets[pk]),
                        "targets_met": len(targets[pk]) if progress >= 1 else 0,
                        "submitted_at": timezone.now(),
                    }
                    next_id += 1

        load.write(TermlyReturn, returns(), len(placements) * len(terms) // 2)
        load.write(
            TargetScore,
            (
                {
                    "termly_return_id": return_id,
                    "target_id": target_id,
                    "score": round(progress),
                    "evidence": "Seen in class",
                    "progress": round(progress),
                    "met": progress >= 1,
                }
                for return_id, placement_id, progress in made
                for target_id in targets[placement_id]
            ),
            2 * len(made),
        )
    with connection.cursor() as cursor:
        for table in (
            "outcomes_term",
            "outcomes_termlyreturn",
            "outcomes_targetscore",
            "outcomes_outcometarget",
        ):
            cursor.execute(f"VACUUM (ANALYZE) {table}")
    print(f"Seeded {len(made):,} returns over {len(terms)} terms")


# --- The parent: one child per report, then the table ---------------------------------------


def run_child(kind: str, scope: str, period: str) -> dict:
    done = subprocess.run(  # noqa: S603  this script, with arguments from its own parser
        [sys.executable, __file__, "--child", kind, "--scope", scope, "--period", period],
        capture_output=True,
        text=True,
        check=False,
        env=os.environ.copy(),
    )
    if done.returncode:
        return {"kind": kind, "scope": scope, "error": done.stderr.strip().splitlines()[-1:]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def verdict(row: dict) -> str:
    if row["kind"] == "savings_summary" and row["scope"] == "consortium":
        met = row["seconds"] < SAVINGS_SOUTH_LONDON_SECONDS
        return f"< {SAVINGS_SOUTH_LONDON_SECONDS} s for South London: {'met' if met else 'MISSED'} here"
    target = TARGETS.get(row["kind"]) if row["scope"] == "consortium" else None
    if not target:
        return ""
    seconds, mb = target
    met = row["seconds"] < seconds and row["peak_mb"] < mb
    return f"< {seconds} s, < {mb} MB: {'met' if met else 'MISSED'}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kinds", nargs="+", default=list(KINDS), choices=KINDS)
    parser.add_argument(
        "--scopes", nargs="+", default=["consortium"], choices=["consortium", "strand", "borough"]
    )
    parser.add_argument("--period", default="2025-04-01:2026-03-31", help="start:end, ISO dates")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--seed-outcomes", action="store_true")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--scope", help=argparse.SUPPRESS)
    args = parser.parse_args()
    start, end = (date.fromisoformat(part) for part in args.period.split(":"))
    if args.child:
        print(json.dumps(child(args.child, args.scope, start, end)))
        return
    if args.seed_outcomes:
        seed_outcomes()
    print(
        f"{'report':<20} {'scope':<11} {'build s':>8} {'imports s':>9} {'MB before':>10} "
        f"{'MB peak':>8} {'file':>10}  target"
    )
    for kind in args.kinds:
        for scope in args.scopes:
            for _ in range(args.runs):
                row = run_child(kind, scope, args.period)
                if "error" in row:
                    print(f"{kind:<20} {scope:<11} failed: {row['error']}")
                    continue
                size = f"{row['bytes'] / 1024:,.0f} KB"
                print(
                    f"{kind:<20} {scope:<11} {row['seconds']:>8.2f} {row['imports']:>9.2f} "
                    f"{row['before_mb']:>10.0f} "
                    f"{row['peak_mb']:>8.0f} {size:>10}  {verdict(row)}",
                    flush=True,
                )


if __name__ == "__main__":
    main()
