from django.core.management.base import BaseCommand, CommandError

from classification.exports import write_register
from schools.models import School


class Command(BaseCommand):
    help = "Export the register with each school's band: FILE.csv or FILE.xlsx"

    def add_arguments(self, parser):
        parser.add_argument("file", help="Where to write: a name ending .csv or .xlsx")
        parser.add_argument("--authority", help="Only this authority's schools (authority code)")

    def handle(self, *args, file, authority=None, **options):
        if not file.lower().endswith((".csv", ".xlsx")):
            raise CommandError("The file name must end in .csv or .xlsx")
        schools = School.objects.all()
        if authority:
            schools = schools.filter(authority__code=authority)
            if not schools.exists():
                raise CommandError(f"No schools for authority code {authority!r}")
        try:
            count = write_register(file, schools)
        except OSError as exc:
            raise CommandError(f"Could not write {file}: {exc.strerror or exc}") from exc
        self.stdout.write(self.style.SUCCESS(f"Wrote {count} schools to {file}"))
