"""Generates a national-scale database for the placements benchmark (bench/placements_bench.py).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench \\
        .venv/bin/python bench/national_scale.py --scale 1.0 [--reset]

At scale 1.0: 153 local authorities in one consortium with SEND and care strands, 640,000
children with EHC plans (DfE: 638,745 in January 2025), 5,000 providers running 20,000 settings
across England, their enrolments and weekly ceilings, latest Ofsted inspections, 20,000 requests
with invitations and offers, and 150,000 placements with their fee history. All made up but
shaped like the real thing: ONS codes E06/E08/E09/E10 numbered from 900, DfE numbers from 800,
outcodes starting Q, V or X (no real postcode does), settings clustered around each authority.

Creates the database when it is missing and migrates it. Loads with PostgreSQL COPY (bulk_create
on other databases: the smoke test runs it on SQLite at a tiny scale), prints each table's rows
and time, then VACUUM ANALYZEs. Refuses to load twice; `--reset` empties its tables first (on
PostgreSQL only in a database whose name contains "bench"). The generators are in bench/national
(the country's shape, the loader, the market, and children, requests and placements).
"""

from __future__ import annotations

import argparse
import itertools
import os
import random
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import django
from django.apps import apps

if not apps.ready:  # run as a script (the smoke test imports it with Django already set up)
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "commissioning.settings")
    os.environ.setdefault("DEBUG", "true")  # a local run: no SECRET_KEY needed
    django.setup()

from django.db import connection, transaction
from django.utils import timezone

from bench.national.loader import Loader
from bench.national.market import MarketMixin
from bench.national.placements import PlacementsMixin
from bench.national.shape import (
    BOX,
    CONSORTIUM_SLUG,
    GENERATED,
    NATIONAL,
)
from bench.outcomes_scale import OUTCOME_TABLES, generate_outcomes
from boroughs.models import (
    Consortium,
    Outcode,
)
from outcomes.models import Term
from providers.models import (
    Application,
)


class World(MarketMixin, PlacementsMixin):
    """The made-up country: generates each table from what the earlier ones hold."""

    def __init__(self, *, scale: float, boroughs: int, seed: int, progress: bool):
        self.rng = random.Random(seed)
        self.scale, self.seed = scale, seed
        self.n = {key: max(1, round(value * scale)) for key, value in NATIONAL.items()}
        self.n_las = boroughs
        self.today = timezone.localdate()
        self.now = timezone.now()
        self.load = Loader(progress)
        self.cumulative = {}  # id(weights) -> (weights, keys, cumulative weights)

    def pick(self, weights: dict):
        """A key of `weights`, drawn in proportion to its value."""
        key = id(weights)
        if key not in self.cumulative:
            self.cumulative[key] = (
                weights,
                tuple(weights),
                tuple(itertools.accumulate(weights.values())),
            )
        _keep, keys, cumulative = self.cumulative[key]
        return self.rng.choices(keys, cum_weights=cumulative)[0]

    def day_between(self, start: date, end: date) -> date:
        return start + timedelta(days=self.rng.randint(0, max(0, (end - start).days)))

    def at(self, day: date) -> datetime:
        return datetime(day.year, day.month, day.day, 10, tzinfo=UTC)

    def point_near(self, lat: float, lon: float, spread: float) -> tuple[float, float]:
        (lat_lo, lat_hi), (lon_lo, lon_hi) = BOX
        return (
            min(lat_hi, max(lat_lo, self.rng.gauss(lat, spread))),
            min(lon_hi, max(lon_lo, self.rng.gauss(lon, spread * 1.6))),
        )

    def timed(self, label: str, rows: int, started: float) -> None:
        self.load.timings[label] = (rows, time.perf_counter() - started)

    # --- the run ------------------------------------------------------------------------------
    def run(self, *, reset: bool) -> dict[str, tuple[int, float]]:
        if reset:
            empty_generated_tables()
        elif Consortium.objects.filter(slug=CONSORTIUM_SLUG).exists():
            raise SystemExit("The database already holds generated data: pass --reset to reload.")
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    # Foreign keys checked as each table loads, not all at commit: honest timings.
                    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            self.authorities()
            self.users()
            self.providers()
            self.settings()
            self.inspections()
            self.enrolments()
            self.children()
            self.requests()
            self.placements()
            generate_outcomes(
                self.load, consortium=self.consortium, scale=self.scale, seed=self.seed
            )
            committing = time.perf_counter()
        self.timed("commit", 0, committing)
        finish(self.load.timings)
        return self.load.timings


def finish(timings: dict) -> None:
    """Sequences past the ids COPY wrote; statistics (and the visibility map) up to date."""
    if connection.vendor != "postgresql":
        return
    from django.core.management.color import no_style

    started = time.perf_counter()
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), GENERATED):
            cursor.execute(statement)
        # VACUUM cannot run inside a transaction (the smoke test's); ANALYZE alone can.
        command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
        for model in (*GENERATED, Outcode):
            cursor.execute(f"{command} {model._meta.db_table}")
    timings["VACUUM ANALYZE"] = (0, time.perf_counter() - started)


def empty_generated_tables() -> None:
    empty_tables((Application.lots.through, Application.settings.through, *GENERATED))
    Outcode.objects.filter(outcode__regex=r"^[QVX]").delete()


def empty_tables(models) -> None:
    """Empties these tables (children before parents), on a bench or test database only."""
    if connection.vendor == "postgresql":
        name = connection.settings_dict["NAME"]
        # A bench database, or the throwaway one Django's test runner made (test_<name>).
        if "bench" not in name and not name.startswith("test_"):
            raise SystemExit("--reset empties tables: use it only on a database named *bench*.")
        tables = ", ".join(model._meta.db_table for model in models)
        with connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
    else:
        with transaction.atomic():
            for model in models:
                model._base_manager.all()._raw_delete(connection.alias)


def generate_outcomes_only(*, scale=1.0, seed=2025, reset=False, progress=True) -> dict:
    """Adds the outcomes tables to a database whose placements are loaded (bench/outcomes_scale)."""
    consortium = Consortium.objects.filter(slug=CONSORTIUM_SLUG).first()
    if consortium is None:
        raise SystemExit("No generated placements here: run the full generator first.")
    if reset:
        empty_tables(OUTCOME_TABLES)
    elif Term.objects.filter(consortium=consortium).exists():
        raise SystemExit("The outcomes are already loaded: pass --reset to reload them.")
    load = Loader(progress)
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        generate_outcomes(load, consortium=consortium, scale=scale, seed=seed)
    finish(load.timings)
    return load.timings


def generate(*, scale=1.0, boroughs=153, seed=2025, reset=False, progress=True) -> dict:
    """Loads the national data set into the default database; {table: (rows, seconds)}."""
    return World(scale=scale, boroughs=boroughs, seed=seed, progress=progress).run(reset=reset)


def ensure_database() -> None:
    """Creates the PostgreSQL database when it is missing (connecting to `postgres`)."""
    db = connection.settings_dict
    if connection.vendor != "postgresql":
        return
    import psycopg
    from psycopg import sql

    params = {"host": db["HOST"], "port": db["PORT"] or 5432, "user": db["USER"]}
    params |= {"password": db["PASSWORD"] or None, "dbname": "postgres", "autocommit": True}
    with psycopg.connect(**params) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db["NAME"]])
        if exists.fetchone() is None:
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(db["NAME"])))
            print(f"created database {db['NAME']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="1.0 national; 0.01 quick")
    parser.add_argument("--boroughs", type=int, default=153, help="local authorities (153)")
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--reset", action="store_true", help="empty the generated tables first")
    parser.add_argument("--quiet", action="store_true", help="no progress bars")
    parser.add_argument(
        "--outcomes-only",
        action="store_true",
        help="add only the outcomes tables to loaded placements (with --reset: reload them)",
    )
    args = parser.parse_args()
    if not 1 <= args.boroughs <= 156:  # the made-up outcode areas run out after 156
        parser.error("--boroughs must be between 1 and 156")
    from django.core.management import call_command

    ensure_database()
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"migrated in {time.perf_counter() - started:.1f} s ({connection.vendor})")
    started = time.perf_counter()
    if args.outcomes_only:
        timings = generate_outcomes_only(
            scale=args.scale, seed=args.seed, reset=args.reset, progress=not args.quiet
        )
    else:
        timings = _generate(args)
    print(f"\n{'table':<40} {'rows':>10} {'seconds':>8} {'rows/s':>9}")
    for table, (rows, seconds) in timings.items():
        rate = f"{rows / seconds:,.0f}" if rows and seconds else ""
        print(f"{table:<40} {rows:>10,} {seconds:>8.1f} {rate:>9}")
    print(f"{'total':<40} {'':>10} {time.perf_counter() - started:>8.1f}")


def _generate(args) -> dict:
    return generate(
        scale=args.scale,
        boroughs=args.boroughs,
        seed=args.seed,
        reset=args.reset,
        progress=not args.quiet,
    )


if __name__ == "__main__":
    main()
