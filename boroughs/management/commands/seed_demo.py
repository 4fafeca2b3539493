from django.conf import settings
from django.core.management.base import BaseCommand

from boroughs.demo import DEMO_PASSWORD, seed_demo
from boroughs.models import Borough


class Command(BaseCommand):
    help = "Load the South London consortium and one demo user per role. Safe to run twice."

    def handle(self, *args, **options):
        users = seed_demo()
        self.stdout.write(self.style.SUCCESS(f"{Borough.objects.count()} boroughs loaded."))
        if not settings.DEBUG:
            self.stdout.write("DEBUG is off: demo users have no password. Use password reset.")
            return
        self.stdout.write(f"\nDemo sign-ins (password: {DEMO_PASSWORD}):")
        for user in users:
            roles = ", ".join(sorted(user.roles))
            where = user.borough.name if user.borough_id else "no borough"
            self.stdout.write(f"  {user.email:<36} {roles} ({where})")
        self.stdout.write(
            "\nCouncil staff sign in with a second factor. Get a demo user's current code with:\n"
            "  python manage.py demo_code EMAIL"
        )
