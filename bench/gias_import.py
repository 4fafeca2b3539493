"""Times the GIAS import on a generated national-size extract (50,000 rows, full header).

    DEBUG=true .venv/bin/python -m bench.gias_import [--rows 50000]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python -m bench.gias_import

Runs in a throwaway test database (created and dropped by Django's test runner machinery),
prints the time to write the file, the import time for a first run (creates) and a second run
(updates), and rows per second.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "commissioning.settings")
os.environ.setdefault("DEBUG", "true")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=50_000)
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    from providers.models import Setting
    from providers.services.gias import gias_import
    from tests.providers.gias_files import national_rows, write_extract

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0)
    try:
        with tempfile.TemporaryDirectory() as folder:
            started = time.perf_counter()
            rows = national_rows(args.rows)
            path = write_extract(Path(folder) / "edubasealldata.csv", rows)
            written = time.perf_counter() - started
            size_mb = path.stat().st_size / 1e6
            print(f"extract: {args.rows:,} rows, {size_mb:.1f} MB, written in {written:.2f} s")
            # The next month's extract: every school renamed and one place more in each.
            for row in rows:
                row["EstablishmentName"] += " (renamed)"
                row["SchoolCapacity"] = str(int(row["SchoolCapacity"]) + 1)
            next_month = write_extract(Path(folder) / "edubasealldata_next.csv", rows)
            runs = [
                ("first import (creates)", path),
                ("same file again (no changes)", path),
                ("next month's file (updates)", next_month),
            ]
            for run, extract in runs:
                started = time.perf_counter()
                with extract.open(encoding="cp1252", newline="") as handle:
                    result = gias_import(file=handle)
                elapsed = time.perf_counter() - started
                print(
                    f"{run}: {elapsed:.2f} s, {args.rows / elapsed:,.0f} rows/s; "
                    f"created {result.created}, updated {result.updated}, "
                    f"unchanged {result.unchanged}, skipped {result.skipped}"
                )
            print(f"settings in the database: {Setting.objects.count():,}")
            print(f"database: {connection.vendor}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
