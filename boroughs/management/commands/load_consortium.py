from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from boroughs.loading import SOUTH_LONDON, DefinitionError, consortium_load


class Command(BaseCommand):
    help = "Create or update a consortium, its boroughs and strands from a JSON definition."

    def add_arguments(self, parser):
        parser.add_argument("definition", nargs="?", default=str(SOUTH_LONDON), type=Path)

    def handle(self, *args, definition: Path, **options):
        try:
            consortium = consortium_load(definition_path=definition)
        except (DefinitionError, OSError, KeyError, ValueError) as error:
            raise CommandError(f"{definition}: {error}") from error
        self.stdout.write(
            self.style.SUCCESS(
                f"{consortium.name}: {consortium.boroughs.count()} boroughs, "
                f"{consortium.strands.count()} strands, lead {consortium.lead_borough}"
            )
        )
