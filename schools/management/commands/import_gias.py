from django.core.management.base import BaseCommand

from schools.services import gias_import

from ._import import read_file, report


class Command(BaseCommand):
    help = (
        "Import one local authority's state-funded schools from a GIAS establishment CSV "
        "(edubasealldataYYYYMMDD.csv). All or nothing; a second run of the same file changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path to the GIAS CSV (Windows-1252 or UTF-8)")
        parser.add_argument("--la", required=True, help="DfE local authority code, e.g. 894")
        parser.add_argument("--dry-run", action="store_true", help="Check the file and report, saving nothing")

    def handle(self, *args, **options):
        result = gias_import(data=read_file(options["file"]), la_code=options["la"], dry_run=options["dry_run"])
        report(self, result)
