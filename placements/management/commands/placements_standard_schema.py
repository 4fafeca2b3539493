from django.core.management.base import BaseCommand, CommandError

from placements.standard.schema import SCHEMA_PATH, schema_text


class Command(BaseCommand):
    help = (
        "Check (or with --write, rewrite) the JSON Schema derived from the Placements Data "
        "Standard's field list, placements/data/placements-standard/."
    )

    def add_arguments(self, parser):
        parser.add_argument("--write", action="store_true", help="Rewrite the schema file.")

    def handle(self, *args, write: bool, **options):
        text = schema_text()
        if write:
            SCHEMA_PATH.write_text(text, encoding="utf-8")
            self.stdout.write(self.style.SUCCESS(f"Wrote {SCHEMA_PATH.name}"))
            return
        current = SCHEMA_PATH.read_text(encoding="utf-8") if SCHEMA_PATH.exists() else ""
        if current != text:
            raise CommandError(f"{SCHEMA_PATH.name} is out of date: run with --write")
        self.stdout.write(self.style.SUCCESS(f"{SCHEMA_PATH.name} is up to date"))
