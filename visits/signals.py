"""Re-plan a school's future visits when its published band changes (queued on commit); remove a deleted
school paper's uploaded file."""

from django.dispatch import receiver

from classification.signals import band_published
from qa_portal.jobs.services import outbox_task
from qa_portal.uploads import remove_files_when_deleted

from .models import SchoolPaper


@receiver(band_published, dispatch_uid="visits_replan_on_band_published")
def replan_on_band_published(sender, school, band, previous_band=None, **kwargs):
    before = previous_band.label if previous_band is not None else "no band"
    reason = f"Published band changed from {before} to {band.label}"
    outbox_task(name="visits.replan_school", args=[school.pk, reason])


# A school paper deleted (with its visit, say) takes its uploaded file off the disk (after commit).
remove_files_when_deleted(SchoolPaper, "file")
