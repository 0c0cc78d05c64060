from django.conf import settings
from django.core.management.base import BaseCommand

from demo import seed as demo


class Command(BaseCommand):
    help = "Load the Demo Borough data set (idempotent). Demo passwords are set only with DEBUG or --demo-passwords."

    def add_arguments(self, parser):
        parser.add_argument("--demo-passwords", action="store_true", help="Set the published demo password")

    def handle(self, *args, demo_passwords=False, **options):
        set_passwords = settings.DEBUG or demo_passwords
        result = demo.seed(set_passwords=set_passwords)
        self.stdout.write(
            self.style.SUCCESS(f"Demo Borough: {len(result['schools'])} schools, {len(result['people'])} people.")
        )
        if not set_passwords:
            self.stdout.write("Demo passwords not set (DEBUG is off): use --demo-passwords to set them.")
            return
        self.stdout.write(f"Demo logins (password for all: {demo.DEMO_PASSWORD}):")
        for email, *_names, role, _school, chair in demo.DEMO_PEOPLE:
            self.stdout.write(f"  {role.label + (' (chair)' if chair else ''):<22} {email}")
