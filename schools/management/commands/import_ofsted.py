from django.core.management.base import BaseCommand

from schools.services import ofsted_import

from ._import import read_file, report


class Command(BaseCommand):
    help = (
        "Import Ofsted school inspection outcomes (the monthly management information CSV) for schools on the "
        "register, keeping each school's history. All or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path to the Ofsted CSV")
        parser.add_argument("--dry-run", action="store_true", help="Check the file and report, saving nothing")

    def handle(self, *args, **options):
        report(self, ofsted_import(data=read_file(options["file"]), dry_run=options["dry_run"]))
