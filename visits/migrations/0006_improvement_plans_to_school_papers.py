"""Each contribution's uploaded improvement plan becomes the visit's "improvement_plan" school paper: the same
stored file (not copied or moved), its checked content type, who last saved it.

Until now saving the contribution form sent it to the QA lead (and told them); sending is now a step of its own
that meets the papers deadline. So a visit whose school had sent a contribution, and whose papers were not
recorded otherwise, has its papers recorded as sent on the day that contribution was first saved."""

from django.db import migrations
from django.utils import timezone

KIND = "improvement_plan"
TITLE = "School improvement plan"


def plans_to_papers(apps, schema_editor):
    Contribution = apps.get_model("visits", "Contribution")
    SchoolPaper = apps.get_model("visits", "SchoolPaper")
    already = set(SchoolPaper.objects.filter(kind=KIND).values_list("visit_id", flat=True))
    papers = [
        SchoolPaper(
            visit_id=contribution.visit_id,
            kind=KIND,
            title=TITLE,
            file=contribution.improvement_plan_file.name,
            content_type=contribution.improvement_plan_content_type,
            created_by_id=contribution.updated_by_id,
            updated_by_id=contribution.updated_by_id,
        )
        for contribution in Contribution.objects.exclude(improvement_plan_file="").order_by("pk").iterator()
        if contribution.visit_id not in already
    ]
    SchoolPaper.objects.bulk_create(papers, batch_size=500)
    Visit = apps.get_model("visits", "Visit")
    unrecorded = Contribution.objects.filter(visit__papers_received_on__isnull=True).order_by("pk")
    for contribution in unrecorded.only("visit_id", "created_at").iterator():
        sent_on = timezone.localtime(contribution.created_at).date()
        Visit.objects.filter(pk=contribution.visit_id, papers_received_on__isnull=True).update(
            papers_received_on=sent_on
        )


def papers_to_plans(apps, schema_editor):
    Contribution = apps.get_model("visits", "Contribution")
    SchoolPaper = apps.get_model("visits", "SchoolPaper")
    for paper in SchoolPaper.objects.filter(kind=KIND).order_by("pk").iterator():
        contribution, _created = Contribution.objects.get_or_create(visit_id=paper.visit_id)
        contribution.improvement_plan_file = paper.file.name
        contribution.improvement_plan_content_type = paper.content_type
        contribution.save(update_fields=["improvement_plan_file", "improvement_plan_content_type"])
    SchoolPaper.objects.filter(kind=KIND).delete()


class Migration(migrations.Migration):
    dependencies = [("visits", "0005_handoffs")]

    operations = [migrations.RunPython(plans_to_papers, papers_to_plans)]
