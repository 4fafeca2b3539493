from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from placements.ehcp import NEEDS_CSV, TOTALS_CSV, EhcpFileError, ehcp_load


class Command(BaseCommand):
    help = (
        "Create or update DfE's EHC plan figures (SEN2, January census) from the files shipped "
        "in placements/data. Safe to run again; a bad row saves nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--totals", type=Path, default=TOTALS_CSV)
        parser.add_argument("--needs", type=Path, default=NEEDS_CSV)

    def handle(self, *args, totals: Path, needs: Path, **options):
        # A few hundred rows load in well under a second: no progress bar needed.
        try:
            result = ehcp_load(totals_path=totals, needs_path=needs)
        except (EhcpFileError, OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Nothing was loaded. {error}") from error
        for label, counts in (
            ("EHC plan counts", result.counts),
            ("by primary need", result.needs),
        ):
            self.stdout.write(
                self.style.SUCCESS(
                    f"{label}: {counts.created} created, {counts.updated} updated, "
                    f"{counts.unchanged} unchanged."
                )
            )
