from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from boroughs.demo import DEMO_USERS, demo_totp_code


class Command(BaseCommand):
    help = "Print a demo user's current authenticator code (DEBUG only)."

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email: str, **options):
        if not settings.DEBUG:
            raise CommandError("Demo codes exist only when DEBUG is true.")
        if email.lower() not in {user.email for user in DEMO_USERS}:
            raise CommandError(f"{email} is not a demo user.")
        self.stdout.write(demo_totp_code(email.lower()))
