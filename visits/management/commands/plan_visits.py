from django.core.management.base import BaseCommand, CommandError

from schools.selectors import UnknownAuthority, authority_by_code
from visits.calendar import year_label
from visits.planner import plan_visits


class Command(BaseCommand):
    help = "Plan the visits every school is owed in an academic year (2026 = 2026/27). Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help="Start year of the academic year, e.g. 2026")
        parser.add_argument("--authority", help="DfE LA code or trust id; default: every authority")

    def handle(self, *args, year, authority=None, **options):
        target = None
        if authority:
            try:
                target = authority_by_code(authority)
            except UnknownAuthority as error:
                raise CommandError(str(error)) from None
        try:
            totals = plan_visits(start_year=year, authority=target)
        except ValueError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Planned {year_label(year)} for {totals['schools']} schools: {totals['added']} visits added, "
            f"{totals['removed']} removed, {totals['kept']} kept."
        )
