"""Anonymise every child record past the retention period (the daily beat job, by hand).

manage.py anonymise_children --dry-run   # how many it would anonymise, and the cut-off
manage.py anonymise_children             # anonymise them, with a progress bar; logged
"""

from __future__ import annotations

from django.core.management.base import BaseCommand
from tqdm import tqdm

from commissioning.dataprotection import retention
from commissioning.dataprotection.choices import RetentionTrigger


class Command(BaseCommand):
    help = "Anonymise children's records whose retention period has ended (ADR 10)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Print how many records would be anonymised, and change nothing.",
        )

    def handle(self, *args, dry_run: bool = False, **options) -> None:
        years = retention.retention_years()
        if dry_run:
            cut_off, count = retention.retention_dry_run()
            self.stdout.write(
                f"Would anonymise {count} child record{'s' * (count != 1)}: nothing after "
                f"{cut_off:%-d %B %Y} ({years} years). Dry run: nothing changed."
            )
            return

        def bar(ids: list[int]):
            return tqdm(ids, desc="Anonymising", unit="child", file=self.stderr, disable=not ids)

        run = retention.retention_run(trigger=RetentionTrigger.COMMAND, each=bar)
        self.stdout.write(
            self.style.SUCCESS(
                f"Anonymised {run.anonymised} of {run.due} child record{'s' * (run.due != 1)} "
                f"with nothing after {run.cut_off:%-d %B %Y} ({years} years); "
                f"deleted the files of {run.exports_deleted} subject access "
                f"export{'s' * (run.exports_deleted != 1)}."
            )
        )
