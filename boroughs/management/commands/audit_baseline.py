from django.core.management.base import BaseCommand

from boroughs.audit.records import history_baseline
from boroughs.audit.registry import audited_kinds


class Command(BaseCommand):
    help = (
        "Snapshot every audited record that has no history yet (records older than the audit "
        "trail, or bulk-loaded), so its first change shows what it changed from. Safe to run "
        "again."
    )

    def handle(self, *args, **options):
        for kind in audited_kinds():
            made = history_baseline(kind.model)
            if options["verbosity"]:
                self.stdout.write(f"{kind.label}: {made} records snapshotted")
