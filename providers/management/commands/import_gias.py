from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from boroughs.audit.records import changes_made_by
from providers.services.gias import GiasImportError, gias_import


class Command(BaseCommand):
    help = (
        "Create or update special-school settings (GIAS types 08, 10, 32) from a GIAS "
        "establishment extract (edubasealldata*.csv, cp1252). All rows or none are saved."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--encoding", default="cp1252")

    def handle(self, *args, file: Path, encoding: str, **options):
        try:
            with file.open(encoding=encoding, newline="") as lines:
                rows = sum(1 for _ in lines) - 1
                lines.seek(0)
                with (
                    tqdm(
                        total=max(rows, 0), unit=" rows", disable=options["verbosity"] == 0
                    ) as bar,
                    changes_made_by("manage.py import_gias"),
                ):
                    result = gias_import(file=lines, progress=bar.update)
        except GiasImportError as error:
            raise CommandError(f"{file}: nothing was imported.\n{error}") from error
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"{file}: {error}") from error
        self.stdout.write(
            self.style.SUCCESS(
                f"{result.created} settings created, {result.updated} updated, "
                f"{result.unchanged} unchanged, "
                f"{result.inspections} Ofsted ratings recorded, {result.skipped} rows of other types skipped."
            )
        )
