from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from classification.frameworks import FrameworkError, framework_load, preset_slugs
from schools.models import Authority
from schools.selectors import UnknownAuthority, authority_by_code


class Command(BaseCommand):
    help = "Load a classification framework preset (classification/presets/SLUG.toml) for an authority."

    def add_arguments(self, parser):
        parser.add_argument("slug", help=f"One of: {', '.join(preset_slugs())}")
        parser.add_argument("--authority", help="Authority code (DfE LA code or trust id); needed if there are several")

    def handle(self, *args, slug, authority=None, **options):
        if authority:
            try:
                found = authority_by_code(authority)
            except UnknownAuthority as error:
                raise CommandError(str(error)) from None
        else:
            authorities = list(Authority.objects.all()[:2])
            if len(authorities) != 1:
                raise CommandError("Say which authority with --authority CODE")
            found = authorities[0]
        try:
            framework, created = framework_load(slug=slug, authority=found)
        except (FrameworkError, ValidationError) as exc:
            raise CommandError(str(exc)) from exc
        if created:
            self.stdout.write(self.style.SUCCESS(f"Loaded {framework} for {found}"))
        else:
            self.stdout.write(f"{framework} for {found} is already loaded; nothing changed")
