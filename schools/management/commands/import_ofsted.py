from django.core.management.base import BaseCommand

from schools.services import ofsted_import

from ._import import open_file, report


class Command(BaseCommand):
    help = (
        "Import Ofsted school inspection outcomes (the monthly management information CSV) for schools on the "
        "register, keeping each school's history. All or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path to the Ofsted CSV")
        parser.add_argument("--dry-run", action="store_true", help="Check the file and report, saving nothing")

    def handle(self, *args, **options):
        with open_file(options["file"]) as data:
            result = ofsted_import(data=data, dry_run=options["dry_run"])
        report(self, result)
