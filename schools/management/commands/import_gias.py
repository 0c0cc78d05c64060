from django.core.management.base import BaseCommand, CommandError

from schools.selectors import UnknownAuthority, authority_by_code
from schools.services import gias_import

from ._import import open_file, report


class Command(BaseCommand):
    help = (
        "Import one authority's state-funded schools from a GIAS establishment CSV (edubasealldataYYYYMMDD.csv): "
        "a local authority's by LA (code), an academy trust's by Trusts (code). All or nothing for faults in key "
        "columns; a value of another column that cannot be used is left out with a warning. A second run of the "
        "same file changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path to the GIAS CSV (Windows-1252 or UTF-8)")
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument(
            "--la", help="DfE local authority code, e.g. 894 (the authority is added from the file if it is new)"
        )
        which.add_argument(
            "--authority",
            help="An authority on the register by its code: an LA code, or a trust's GIAS group id "
            "(la/894 or trust/16473 when an LA and a trust share the code)",
        )
        parser.add_argument("--dry-run", action="store_true", help="Check the file and report, saving nothing")

    def handle(self, *args, **options):
        authority = None
        if options["authority"]:
            try:
                authority = authority_by_code(options["authority"])
            except UnknownAuthority as error:
                raise CommandError(str(error)) from None
        with open_file(options["file"]) as data:
            result = gias_import(
                data=data,
                la_code=authority.code if authority else options["la"],
                authority=authority,
                dry_run=options["dry_run"],
            )
        for warning in result.warnings:
            self.stdout.write(self.style.WARNING(f"Warning: {warning}"))
        report(self, result)
