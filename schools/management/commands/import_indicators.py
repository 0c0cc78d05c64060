from django.core.management.base import BaseCommand

from schools.services import indicators_import

from ._import import open_file, report


class Command(BaseCommand):
    help = "Import the authority's own indicator values from a CSV with columns urn,indicator,period,value[,national]."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path to the CSV")
        parser.add_argument("--dry-run", action="store_true", help="Check the file and report, saving nothing")

    def handle(self, *args, **options):
        with open_file(options["file"]) as data:
            result = indicators_import(data=data, dry_run=options["dry_run"])
        report(self, result)
