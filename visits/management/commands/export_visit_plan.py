from django.core.management.base import BaseCommand, CommandError

from qa_portal.exports import Export
from schools.selectors import UnknownAuthority, authority_by_code
from visits.selectors import CSV_COLUMNS, plan_csv_rows, plan_visits_for_export


class Command(BaseCommand):
    help = "Write the visit plan of an academic year to a CSV file."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help="Start year of the academic year, e.g. 2026")
        parser.add_argument("--authority", help="DfE LA code or trust id; default: every authority")
        parser.add_argument("path", help="The CSV file to write")

    def handle(self, *args, year, path, authority=None, **options):
        target = None
        if authority:
            try:
                target = authority_by_code(authority)
            except UnknownAuthority as error:
                raise CommandError(str(error)) from None
        visits = plan_visits_for_export(start_year=year, authority=target)
        count = 0

        def counted(rows):
            nonlocal count
            for row in rows:
                count += 1
                yield row

        export = Export(headers=CSV_COLUMNS, rows=counted(plan_csv_rows(visits)), title="Visit plan")
        try:
            with open(path, "w", newline="", encoding="utf-8") as handle:
                export.write_csv(handle)
        except OSError as error:
            raise CommandError(f"Cannot write {path}: {error.strerror}") from None
        self.stdout.write(f"Wrote {count} visits to {path}")
