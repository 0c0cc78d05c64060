"""The access matrix's world (tests/test_access_matrix.py): tests.base's world, one of each thing a page of the
project is about (all belonging to `school` or `authority`), the people the matrix asks as, and the address
arguments of every URL pattern.

Built on 24 November 2026 (a Tuesday of the autumn term 2026/27): the held visit and its note are last week, the
meeting is next week."""

import datetime as dt
from types import SimpleNamespace

from django.contrib.auth.tokens import default_token_generator
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from api.services import api_token_create
from classification import services as classification
from classification.frameworks import framework_load
from classification.models import Criterion, Entitlement, Letter
from dashboards.models import TermlyReport
from governance import services as governance
from governance.models import ChecklistResponse, EscalationStep, EvidenceFile
from qa_portal.accounts.roles import Role
from qa_portal.jobs.models import Job
from qa_portal.notifications.models import Notification
from tests import factories as f
from tests.base import build_world
from visits import services as visits
from visits.improvement import improvement_plan_record, review_body_form, review_body_member_add
from visits.models import ClosureDay, SchoolPaper, Visit, VisitNote
from visits.papers import IMPROVEMENT_PLAN

TODAY = dt.date(2026, 11, 24)
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def _pdf(name):
    return ContentFile(PDF, name=name)


def _people(world):
    """The identities the matrix asks as, by the column names of its table (None: signed out)."""
    governor = f.governor(world.school)
    two_authorities = f.qa_lead(world.other_authority)
    f.give_role(two_authorities, Role.HEADTEACHER, school=world.school)
    regional = f.regional_overseer(world.authority, world.other_authority)
    return {
        "anon": None,
        "qa_lead": world.qa_lead,
        "other_qa_lead": world.other_qa_lead,
        "director": world.director,
        "admin": world.admin,
        "head": world.head,
        "other_head": world.other_head,
        "chair": world.chair,
        "governor": governor,
        "outsider": world.outside_qa_lead,
        "two_authorities": two_authorities,
        "regional": regional,
    }


def _classification(world, things):
    framework, _created = framework_load(slug="telford-wrekin-2014", authority=world.authority)
    bands = {band.code: band for band in framework.bands.all()}
    published = f.published_classification(
        world.school, bands["category-3"], by=world.director, since=dt.date(2026, 11, 2)
    )
    letter, _created = classification.letter_create(classification=published, kind=Letter.Kind.PUBLICATION)
    proposed = f.proposed_classification(world.school, bands["category-2"], by=world.qa_lead)
    assessment = classification.assessment_start(school=world.school, user=world.qa_lead, on_date=TODAY)
    discussion = classification.discussion_request(
        classification=published, user=world.head, message="Our attendance has improved."
    )
    review = classification.review_request(
        classification=published, user=world.head, reason="The absence figure counts a closed week.", today=TODAY
    )
    draft = classification.framework_draft_create(framework=framework, user=world.admin, today=TODAY)
    band = draft.bands.order_by("severity").first()
    things.update(
        framework=framework,
        published=published,
        letter=letter,
        proposed=proposed,
        assessment=assessment,
        discussion=discussion,
        review=review,
        draft=draft,
        band=band,
        entitlement=Entitlement.objects.filter(band__framework=draft).first(),
        agenda_item=draft.standing_agenda_items.first(),
        criterion=Criterion.objects.filter(framework=draft, threshold__isnull=False).first(),
    )


def _visits(world, things):
    meeting = f.visit(
        world.school, code="monitoring_support_meeting", on=dt.date(2026, 12, 1), status=Visit.Status.CONFIRMED
    )
    f.agenda(meeting)
    visits.contribution_save(
        visit=meeting,
        user=world.head,
        lines_of_enquiry="Attendance of disadvantaged pupils",
        sef_summary="Attendance is improving.",
        improvement_plan_text="",
        today=TODAY,
    )
    SchoolPaper.objects.create(
        visit=meeting,
        kind=IMPROVEMENT_PLAN,
        title="Improvement plan",
        file=_pdf("plan.pdf"),
        content_type="application/pdf",
    )
    held = f.visit(world.school, on=dt.date(2026, 11, 17), status=Visit.Status.CONFIRMED, sequence=2)
    visits.visit_mark_held(visit=held, user=world.qa_lead, today=TODAY)
    note = visits.note_start(visit=held, user=world.qa_lead)
    note.next_steps = "Keep the attendance work going."
    note.save()
    visits.note_send_for_accuracy(note=note, user=world.qa_lead)
    published = f.visit(
        world.school,
        on=dt.date(2026, 10, 6),
        status=Visit.Status.HELD,
        sequence=3,
        held_at=dt.datetime(2026, 10, 6, 12, tzinfo=dt.UTC),
    )
    f.visit_note(
        published,
        status=VisitNote.Status.PUBLISHED,
        next_steps="Reading",
        published_at=dt.datetime(2026, 10, 20, 12, tzinfo=dt.UTC),
    )
    plan = improvement_plan_record(
        school=world.school,
        user=world.qa_lead,
        agreed_on=dt.date(2026, 11, 10),
        upload=SimpleUploadedFile("plan.pdf", PDF, content_type="application/pdf"),
        today=TODAY,
    )
    body = review_body_form(
        school=world.school, user=world.qa_lead, chair=world.director, formed_on=dt.date(2026, 11, 10), today=TODAY
    )
    member = review_body_member_add(body=body, user=world.qa_lead, name="Sam Adviser", role="Attached Adviser")
    things.update(
        meeting=meeting,
        held=held,
        published_visit=published,
        plan=plan,
        body=body,
        member=member,
        closure_day=ClosureDay.objects.create(authority=world.authority, date=dt.date(2027, 1, 4)),
        calendar_token=visits.calendar_token_create(user=world.qa_lead),
    )


def _governance(world, things):
    board = governance.board_save(school=world.school, user=world.qa_lead, size=10)
    chair = governance.governor_add(
        board=board,
        user=world.qa_lead,
        name=world.chair.get_full_name(),
        category="parent",
        term_start=dt.date(2024, 9, 1),
        board_role="chair",
        linked_user=world.chair,
    )
    template = governance.checklist_template_load(
        authority=world.authority, path=governance.CHECKLIST_DIR / "telford-wrekin-2024.toml"
    )
    conversation = governance.conversation_open(
        school=world.school, academic_year=2026, template=template, due_by=dt.date(2027, 3, 31)
    )
    item = governance.conversation_items(conversation)[0]
    response = ChecklistResponse.objects.create(conversation=conversation, item=item, rating="")
    evidence = EvidenceFile.objects.create(
        response=response,
        file=_pdf("minutes.pdf"),
        content_type="application/pdf",
        original_name="minutes.pdf",
        size=len(PDF),
        uploaded_by=world.chair,
    )
    step = EscalationStep.objects.create(
        school=world.school,
        step="informal_head",
        taken_on=dt.date(2026, 11, 3),
        who="QA lead",
        summary="Discussed",
        letter=_pdf("letter.pdf"),
        letter_content_type="application/pdf",
    )
    things.update(
        governor=chair,
        conversation=conversation,
        evidence=evidence,
        step=step,
        notice=f.warning_notice(world.school, issued_on=dt.date(2026, 11, 3)),
    )


def _foundation(world, things):
    things.update(
        job=Job.objects.create(kind="worker_check", authority=world.authority, created_by=world.admin),
        notification=Notification.objects.create(
            recipient=world.qa_lead,
            kind="visit-moved",
            text="A visit moved",
            url="/visits/",
            key="access-matrix",
            authority=world.authority,
            delivery="digest",
        ),
        report=TermlyReport.objects.create(
            authority=world.authority,
            academic_year=2026,
            term="autumn",
            title="Autumn term 2026",
            period_start=dt.date(2026, 9, 1),
            period_end=dt.date(2026, 12, 18),
            pdf=_pdf("report.pdf"),
            created_by=world.director,
        ),
        # A person who never signs in during the matrix, so that their reset link stays valid.
        reset=(
            urlsafe_base64_encode(force_bytes(world.outside_head.pk)),
            default_token_generator.make_token(world.outside_head),
        ),
    )


def build_access_world():
    """(world, people, things): tests.base's world, the matrix's identities and one of each thing."""
    world = build_world()
    people = _people(world)
    things = {}
    _foundation(world, things)
    _classification(world, things)
    _visits(world, things)
    _governance(world, things)
    things["api_token"], _key = api_token_create(
        user=world.head, authority=world.authority, name="Matrix", lifetime_days=90
    )
    return world, people, SimpleNamespace(**things)
