"""The register export with classification columns (manage.py export_register)."""

from django.db.models import OuterRef, Subquery

from qa_portal.exports import Export
from schools.models import OfstedInspection, School
from schools.ofsted import FULL_FRAMEWORKS

from .models import Assessment, Framework
from .selectors import annotate_current_band

REGISTER_COLUMNS = [
    "urn",
    "school",
    "phase",
    "type_group",
    "framework",
    "band",
    "band_since",
    "suggested_band",
    "qa_lead",
    "latest_ofsted_kind",
    "latest_ofsted",
    "category_of_concern",
]


def register_queryset(schools=None):
    """Schools annotated with everything the export needs (one query)."""
    schools = School.objects.all() if schools is None else schools
    # What Ofsted currently says: the latest graded or report-card inspection (monitoring inspections change no
    # grade and keep the category of concern).
    latest_inspection = OfstedInspection.objects.filter(
        school_id=OuterRef("pk"), framework__in=FULL_FRAMEWORKS
    ).order_by("-start_date", "-pk")
    latest_assessment = Assessment.objects.filter(school_id=OuterRef("pk")).order_by("-assessed_on", "-pk")
    current_framework = Framework.objects.filter(authority_id=OuterRef("authority_id"), is_current=True).order_by(
        "-version"
    )
    return (
        annotate_current_band(schools)
        .annotate(
            framework_name=Subquery(current_framework.values("name")[:1]),
            suggested_label=Subquery(latest_assessment.values("suggested_band__label")[:1]),
            ofsted_grade=Subquery(latest_inspection.values("overall_effectiveness")[:1]),
            ofsted_date=Subquery(latest_inspection.values("start_date")[:1]),
            ofsted_framework=Subquery(latest_inspection.values("framework")[:1]),
            ofsted_category=Subquery(latest_inspection.values("category_of_concern")[:1]),
        )
        .select_related("qa_lead")
        .order_by("name", "urn")
    )


def register_rows(schools=None):
    grades = dict(OfstedInspection.Grade.choices)
    categories = dict(OfstedInspection.CategoryOfConcern.choices)
    kinds = {OfstedInspection.Framework.GRADED: "Graded", OfstedInspection.Framework.REPORT_CARD: "Report card"}
    for school in register_queryset(schools):
        if school.ofsted_date is None:
            ofsted = ""
        elif school.ofsted_framework == OfstedInspection.Framework.REPORT_CARD:
            ofsted = f"Report card ({school.ofsted_date.isoformat()})"
        else:
            ofsted = f"{grades.get(school.ofsted_grade, 'Not judged')} ({school.ofsted_date.isoformat()})"
        yield {
            "urn": school.urn,
            "school": school.name,
            "phase": school.get_phase_display(),
            "type_group": school.get_type_group_display(),
            "framework": school.framework_name or "",
            "band": school.band_label or "",
            "band_since": school.band_since,
            "suggested_band": school.suggested_label or "",
            "qa_lead": school.qa_lead.get_full_name() if school.qa_lead else "",
            "latest_ofsted_kind": kinds.get(school.ofsted_framework, ""),
            "latest_ofsted": ofsted,
            "category_of_concern": categories.get(school.ofsted_category, "") if school.ofsted_category else "",
        }


def write_register(path, schools=None):
    """Write the register to `path` (.csv or .xlsx). Returns the number of schools written."""
    path = str(path)
    if not path.lower().endswith((".csv", ".xlsx")):
        raise ValueError("The file name must end in .csv or .xlsx")
    rows = [[row[column] for column in REGISTER_COLUMNS] for row in register_rows(schools)]
    Export(headers=REGISTER_COLUMNS, rows=rows, title="Register").write(path)
    return len(rows)
