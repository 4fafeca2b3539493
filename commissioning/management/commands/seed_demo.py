from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from boroughs import demo as boroughs_demo
from boroughs.demo import DEMO_PASSWORD
from boroughs.models import Borough, Consortium
from outcomes import demo as outcomes_demo
from placements import demo as placements_demo
from providers import demo as providers_demo
from providers.demo.notes import seed_peer_network
from providers.models import Lot, Setting


class Command(BaseCommand):
    help = (
        "Load the South London postcodes, the consortium, one demo user per role, the DPS with its lots and "
        "the real South London special schools, and three years of demo placements. Safe to run "
        "twice."
    )

    def handle(self, *args, **options):
        # Each app seeds its own layer, lowest first. Postcodes first of all: settings take
        # their local authority from theirs, and matches measure distance from children's homes.
        call_command("load_postcodes", verbosity=0)
        users = boroughs_demo.seed_demo()
        consortium = Consortium.objects.get(slug="south-london")
        providers_demo.seed_demo(consortium=consortium)
        call_command("load_ehcp", verbosity=0)  # DfE's EHC plan figures for the demand page
        placements = placements_demo.seed_demo()
        call_command("load_term_dates", verbosity=0)  # what 38-week placements are charged by
        seed_peer_network(consortium)
        outcomes = outcomes_demo.seed_demo()
        # The demo bulk-loads records without history: give them a "from" for their first edit.
        call_command("audit_baseline", verbosity=0)
        requests = ", ".join(
            f"{n} {status.replace('_', ' ')}" for status, n in placements["requests"].items()
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"{Borough.objects.count()} boroughs, {Lot.objects.count()} lots, "
                f"{Setting.objects.count()} settings loaded; {placements['children']} children, "
                f"requests ({requests}), {placements['placements']} placements; "
                f"{outcomes['targets']} outcome targets, {outcomes['returns']} termly returns "
                f"({outcomes['accepted']} accepted)."
            )
        )
        if not settings.DEBUG:
            self.stdout.write("DEBUG is off: demo users have no password. Use password reset.")
            return
        self.stdout.write(f"\nDemo sign-ins (password: {DEMO_PASSWORD}):")
        for user in [*users, *placements["users"]]:
            roles = ", ".join(sorted(user.roles))
            where = user.borough.name if user.borough_id else "no borough"
            self.stdout.write(f"  {user.email:<36} {roles} ({where})")
        self.stdout.write(
            "\nCouncil staff sign in with a second factor. Get a demo user's current code with:\n"
            "  python manage.py demo_code EMAIL"
        )
