"""Written reports counted: those a school's band owes this academic year against the notes of visit published, on
the school page and on the director's dashboard (with its download)."""

import csv
import io
import re
from datetime import date

import pytest
from django.urls import reverse
from freezegun import freeze_time

from classification.frameworks import framework_load
from tests import factories as f
from tests.base import main_content
from visits.models import VisitNote

pytestmark = pytest.mark.django_db


def text_of(response):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main_content(response))).strip()


@pytest.fixture
def barnsley(world):
    """Brookmead (High risk: six written reports) with two published notes, one draft and one published note of
    last year; Castleton (Low risk: three) with none."""
    framework, _ = framework_load(slug="barnsley", authority=world.authority)
    high, low = framework.bands.get(code="high-risk"), framework.bands.get(code="low-risk")
    f.published_classification(world.school, high, by=world.qa_lead, since=date(2026, 9, 7))
    f.published_classification(world.other_school, low, by=world.qa_lead, since=date(2026, 9, 7))
    for sequence, (on, status) in enumerate(
        [
            (date(2026, 9, 21), VisitNote.Status.PUBLISHED),
            (date(2026, 10, 12), VisitNote.Status.PUBLISHED),
            (date(2026, 11, 16), VisitNote.Status.DRAFT),
        ],
        start=1,
    ):
        f.visit_note(f.visit(world.school, on=on, status="held", sequence=sequence), status=status)
    last_year = f.visit(world.school, on=date(2026, 6, 15), status="held", academic_year=2025, term="summer")
    f.visit_note(last_year, status=VisitNote.Status.PUBLISHED)
    return framework


def test_the_school_page_shows_written_reports_against_those_owed(world, client_for, barnsley):
    """Barnsley School Improvement and Quality Assurance Policy, Table 1 (Level of Risk and Associated Support):
    High risk "six written reports"; Low risk "three written reports"."""
    with freeze_time("2026-12-03 10:00"):
        page = text_of(client_for(world.qa_lead).get(f"/schools/{world.school.urn}/"))
        other = text_of(client_for(world.other_qa_lead).get(f"/schools/{world.other_school.urn}/"))
    assert "Written reports: 2 of 6 this year" in page
    assert "Written reports: 0 of 3 this year" in other


def test_the_dashboard_lists_written_reports_owed_against_written(world, client_for, barnsley):
    """Barnsley School Improvement and Quality Assurance Policy, Table 1 (Level of Risk and Associated Support):
    High risk "six written reports"; Low risk "three written reports"."""
    with freeze_time("2026-12-03 10:00"):
        director = client_for(world.director)
        page = text_of(director.get(reverse("dashboards:dashboard")))
        download = director.get(reverse("dashboards:table-download", args=["written-reports", "csv"]))
    assert (
        "Written reports owed against written, 2026/27 School Band Written reports owed this year Written "
        "Brookmead Primary School High risk 6 2 Castleton Academy Low risk 3 0"
    ) in page
    assert download.status_code == 200
    assert list(csv.reader(io.StringIO(download.content.decode("utf-8-sig")))) == [
        ["School", "Band", "Written reports owed this year", "Written"],
        ["Brookmead Primary School", "High risk", "6", "2"],
        ["Castleton Academy", "Low risk", "3", "0"],
    ]


def test_the_dashboard_lists_the_schools_due_their_monthly_reassessment(world, client_for):
    """Barnsley School Improvement and Quality Assurance Policy, Risk assessment: "In partnership with schools the LA
    reviews on a monthly basis their current status based on a register of high, medium and low risk." A school
    assessed in November is due again in December."""
    framework, _ = framework_load(slug="barnsley", authority=world.authority)
    f.assessment_of(world.school, framework, on=date(2026, 11, 10))
    f.assessment_of(world.other_school, framework, on=date(2026, 12, 1))
    with freeze_time("2026-12-03 10:00"):
        director = client_for(world.director)
        page = text_of(director.get(reverse("dashboards:dashboard")))
        download = director.get(reverse("dashboards:table-download", args=["assessments-due", "csv"]))
    assert (
        "Assessments due: reassessed every month, none completed since 1 December 2026 School QA lead Last completed "
        f"assessment Brookmead Primary School {world.qa_lead.get_full_name()} 10 November 2026"
    ) in page
    rows = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert rows == [
        ["School", "QA lead", "Last completed assessment"],
        ["Brookmead Primary School", world.qa_lead.get_full_name(), "10 November 2026"],
    ]
