"""An authority with a framework, schools, classifications over two years, Ofsted outcomes, visits, notes,
governance conversations and concerns — built at any size with a seeded random generator."""

import random
from datetime import date, datetime, time

from django.utils import timezone

from classification.models import Assessment
from governance.models import ChecklistTemplate, Conversation, EscalationStep, WarningNotice
from schools.models import School
from tests import factories as f
from visits.models import Agenda, Visit, VisitNote, VisitType
from visits.visit_types import visit_types_ensure

TODAY = date(2026, 11, 24)
LAST_YEAR = date(2025, 11, 24)
BANDS = {
    "green": f.BandSpec("Green", 1, colour="green"),
    "yellow": f.BandSpec("Yellow", 2, colour="yellow"),
    "amber": f.BandSpec("Amber", 3, colour="orange"),
    "red": f.BandSpec("Red", 4, colour="red"),
}


def aware(day):
    return timezone.make_aware(datetime.combine(day, time(12)))


def build_authority(n_schools, *, seed=1, name="Scale Borough", code="970"):
    rng = random.Random(seed)
    visit_types_ensure()  # data-migration rows are flushed between transactional (browser) tests
    authority = f.AuthorityFactory(name=name, code=code)
    director = f.director(authority)
    leads = [f.qa_lead(authority) for _ in range(2)]
    framework, by_code = f.framework_with_bands(authority, slug="test-rag", name="Test RAG", bands=BANDS, standing=())
    bands = list(by_code.values())
    template = ChecklistTemplate.objects.create(authority=authority, slug="annual", name="Annual conversation")
    qa_visit = VisitType.objects.get(code="qa_visit")
    meeting = VisitType.objects.get(code="monitoring_support_meeting")
    schools = []
    for index in range(n_schools):
        # School 0 (the head's and chair's) is the same at every size, so that their homes compare like with like.
        rng = random.Random("school-0" if index == 0 else f"{seed}-{index}")
        school = f.SchoolFactory(
            authority=authority,
            phase=rng.choice([School.Phase.PRIMARY, School.Phase.SECONDARY]),
            is_maintained=rng.random() < 0.7,
            qa_lead=leads[index % 2],
        )
        schools.append(school)
        assessment = f.assessment_of(school, framework, on=date(2025, 6, 1), status=Assessment.Status.DRAFT)
        # A band published in June 2025 for most schools, and a new one in June 2026 for some.
        for when in (date(2025, 6, 1), date(2026, 6, 1)):
            if rng.random() < 0.8:
                f.published_classification(school, rng.choice(bands), by=leads[0], since=when, assessment=assessment)
        # An unpublished proposal must never count.
        f.proposed_classification(school, bands[3], by=leads[0], on=TODAY, assessment=assessment, rationale="Draft")
        for start in (date(2022, 3, 1), date(2025, 2, 1)):
            if rng.random() < 0.8:
                f.OfstedInspectionFactory(
                    school=school,
                    start_date=start,
                    overall_effectiveness=rng.choice([1, 2, 2, 3, 4, None]),
                    category_of_concern=rng.choice(["", "", "", "", "SM", "SWK"]),
                )
        for sequence, (planned, status) in enumerate(
            [(date(2026, 10, 1), rng.choice(["held", "planned", "cancelled"])), (date(2026, 12, 10), "planned")],
            start=1,
        ):
            Visit.objects.create(
                school=school,
                academic_year=2026,
                term="autumn",
                visit_type=qa_visit,
                sequence=sequence,
                planned_date=planned,
                qa_lead=school.qa_lead,
                status=status,
                cancel_reason="School closed" if status == "cancelled" else "",
            )
        held_meeting = Visit.objects.create(
            school=school,
            academic_year=2026,
            term="autumn",
            visit_type=meeting,
            sequence=1,
            planned_date=date(2026, 11, 2),
            qa_lead=school.qa_lead,
            status="held",
            agenda_due=date(2026, 10, 19),
            papers_due=date(2026, 10, 26),
            minutes_due=date(2026, 11, 11),
        )
        note_state = rng.choice([None, "draft", "sent", "published"])
        if note_state:
            VisitNote.objects.create(visit=held_meeting, status=note_state)
        upcoming = Visit.objects.create(
            school=school,
            academic_year=2026,
            term="spring",
            visit_type=meeting,
            sequence=1,
            planned_date=date(2026, 12, 3),
            qa_lead=school.qa_lead,
            status="planned",
            agenda_due=date(2026, 11, 19),
            papers_due=date(2026, 11, 26),
            minutes_due=date(2026, 12, 14),
        )
        if rng.random() < 0.5:
            Agenda.objects.create(visit=upcoming, items="Standing item", circulated_at=aware(date(2026, 11, 18)))
        if school.is_maintained and rng.random() < 0.7:
            Conversation.objects.create(
                school=school,
                academic_year=2026,
                template=template,
                status=rng.choice(["draft", "submitted", "agreed"]),
                due_by=rng.choice([date(2026, 11, 1), date(2027, 3, 31)]),
            )
        if rng.random() < 0.1:
            WarningNotice.objects.create(school=school, issued_on=date(2026, 9, 20), low_standards=True)
        if rng.random() < 0.1:
            EscalationStep.objects.create(
                school=school, step="informal_head", taken_on=date(2026, 10, 1), who="QA lead", summary="Discussed"
            )
        f.indicator_value(school, "governor_vacancies_pct", "2026/27", rng.choice([0, 10, 20, 30, 40]))
    return {
        "authority": authority,
        "director": director,
        "leads": leads,
        "bands": bands,
        "schools": schools,
        "framework": framework,
        "head": f.headteacher(schools[0]),
        "chair": f.governor(schools[0], chair=True),
        "admin": f.authority_admin(authority),
    }
