from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from boroughs.geo import OUTCODES_CSV, POSTCODES_CSV, PostcodeFileError, postcodes_load


class Command(BaseCommand):
    help = (
        "Create or update postcode and outcode locations (OS Code-Point Open, 2014) from the "
        "files shipped in boroughs/data. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument("--postcodes", type=Path, default=POSTCODES_CSV)
        parser.add_argument("--outcodes", type=Path, default=OUTCODES_CSV)

    def handle(self, *args, postcodes: Path, outcodes: Path, verbosity: int, **options):
        try:
            total = _data_rows(postcodes) + _data_rows(outcodes)
            # disable=None: a bar on a terminal, nothing in a log file.
            with tqdm(total=total, unit=" rows", disable=None if verbosity else True) as bar:
                loaded = postcodes_load(
                    postcodes_path=postcodes, outcodes_path=outcodes, progress=bar.update
                )
        except (PostcodeFileError, OSError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS("Loaded {:,} postcodes and {:,} outcodes".format(*loaded))
        )


def _data_rows(path: Path) -> int:
    with path.open(encoding="utf-8") as handle:
        return max(sum(1 for _ in handle) - 1, 0)  # less the header
