"""What the three import commands share: reading the file and reporting like the web page does."""

from contextlib import contextmanager
from pathlib import Path

from django.core.management.base import CommandError

from schools.imports.base import INSPECTION_KINDS


def inspection_counts(by_kind):
    """'3 report card, 3 graded, 1 ungraded', in that order."""
    return ", ".join(f"{by_kind[kind]} {kind}" for kind in INSPECTION_KINDS if by_kind.get(kind))


@contextmanager
def open_file(path):
    """The file, open to be read as it is imported (a national file is ~60 MB: it is never read whole)."""
    try:
        file = Path(path).open("rb")  # noqa: SIM115 (closed by the with block below)
    except OSError as exc:
        raise CommandError(f"Cannot read {path}: {exc.strerror or exc}") from None
    with file:
        yield file


def report(command, result):
    if result.layout:
        command.stdout.write(f"Layout: {result.layout}")
    if result.recognised_columns:
        command.stdout.write("Recognised columns: " + ", ".join(result.recognised_columns))
    if result.ignored_columns:
        command.stdout.write(f"Ignored {len(result.ignored_columns)} other columns")
    for reason, count in result.skipped_reasons.most_common():
        command.stdout.write(f"Skipped {count}: {reason}")
    for error in result.errors:
        command.stderr.write(str(error))
    if result.dry_run and result.ok:
        command.stdout.write("Dry run: nothing was saved")
    command.stdout.write(result.summary())
    if result.inspections_by_kind and result.ok:
        command.stdout.write("Inspections: " + inspection_counts(result.inspections_by_kind))
    if not result.ok:
        raise CommandError(
            f"Nothing was imported: {len(result.errors)} problem{'s' if len(result.errors) != 1 else ''} to correct",
            returncode=1,
        )
