"""Load the known school term dates (2025-26 to 2027-28) for every consortium, or one."""

from django.core.management.base import BaseCommand

from boroughs.models import Consortium

from ...term_dates import TERM_DATES, load_term_dates


class Command(BaseCommand):
    help = "Record the known term dates for each consortium; half-terms already there are kept."

    def add_arguments(self, parser):
        parser.add_argument("--consortium", help="A consortium's slug (default: every one).")
        parser.add_argument("--year", type=int, action="append", choices=sorted(TERM_DATES))

    def handle(self, *args, consortium=None, year=None, **options):
        consortia = Consortium.objects.all()
        if consortium:
            consortia = consortia.filter(slug=consortium)
        for each in consortia:
            added = load_term_dates(each, year)
            if options.get("verbosity", 1):
                self.stdout.write(f"{each}: {added} half-terms added")
