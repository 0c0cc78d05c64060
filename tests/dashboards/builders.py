"""The dashboard's scale scenario: an authority with a framework, schools, classifications over two years, Ofsted
outcomes, visits, notes, governance conversations and concerns, built from tests.factories at any size with seeded
random generators (the same rows for the same size and seed)."""

import random
from datetime import date

from classification.models import Assessment
from schools.models import School
from tests import factories as f

TODAY = f.TODAY
LAST_YEAR = date(2025, 11, 24)
BANDS = {
    "green": f.BandSpec("Green", 1, colour="green"),
    "yellow": f.BandSpec("Yellow", 2, colour="yellow"),
    "amber": f.BandSpec("Amber", 3, colour="orange"),
    "red": f.BandSpec("Red", 4, colour="red"),
}


def build_authority(n_schools, *, seed=1, name="Scale Borough", code="970"):
    authority = f.AuthorityFactory(name=name, code=code)
    director = f.director(authority)
    leads = [f.qa_lead(authority) for _ in range(2)]
    framework, by_code = f.framework_with_bands(authority, slug="test-rag", name="Test RAG", bands=BANDS, standing=())
    bands = list(by_code.values())
    template = f.checklist_template(authority)
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
            f.visit(
                school,
                on=planned,
                status=status,
                sequence=sequence,
                cancel_reason="School closed" if status == "cancelled" else "",
            )
        held_meeting = f.visit(
            school,
            code="monitoring_support_meeting",
            on=date(2026, 11, 2),
            status="held",
            agenda_due=date(2026, 10, 19),
            papers_due=date(2026, 10, 26),
            minutes_due=date(2026, 11, 11),
        )
        note_state = rng.choice([None, "draft", "sent", "published"])
        if note_state:
            f.visit_note(held_meeting, status=note_state)
        upcoming = f.visit(
            school,
            code="monitoring_support_meeting",
            on=date(2026, 12, 3),
            term="spring",
            agenda_due=date(2026, 11, 19),
            papers_due=date(2026, 11, 26),
            minutes_due=date(2026, 12, 14),
        )
        if rng.random() < 0.5:
            f.agenda(upcoming, circulated_at=f.at_noon(date(2026, 11, 18)))
        if school.is_maintained and rng.random() < 0.7:
            f.conversation(
                school,
                template,
                status=rng.choice(["draft", "submitted", "agreed"]),
                due_by=rng.choice([date(2026, 11, 1), date(2027, 3, 31)]),
            )
        if rng.random() < 0.1:
            f.warning_notice(school, issued_on=date(2026, 9, 20))
        if rng.random() < 0.1:
            f.escalation_step(school, "informal_head", taken_on=date(2026, 10, 1))
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
