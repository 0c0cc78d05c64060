"""Issue 15: what changes at a school (Ofsted puts it in special measures, a new inspection, a new head from GIAS)
fires a reassessment trigger: its QA lead is told once (the directors when it has no QA lead) and sees "Reassess:
something changed" on their To do list until an assessment of the school answers it. Imports run again fire
nothing new, and the receivers' queries do not grow with the number of schools."""

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from freezegun import freeze_time

from classification import services
from classification.models import Band, ReassessmentTrigger
from classification.notifications import REASSESSMENT_TRIGGERED
from qa_portal.notifications.models import Notification
from schools.models import School
from tests import factories as f
from tests.base import main_content, url_in
from tests.schools.gias_data import gias_csv, gias_row
from tests.schools.ofsted_data import GRADED_LAYOUT, REPORT_CARD_LAYOUT, ofsted_file, report_card, school, ungraded

from .helpers import assess

pytestmark = pytest.mark.django_db

NOW = "2026-11-24 10:00:00"
SPECIAL_MEASURES = "Ofsted placed the school in special measures (inspection 10 November 2026)"


@pytest.fixture
def framework(world):
    framework, _bands = f.framework_with_bands(world.authority)
    return framework


def special_measures_row(target, number="10400001", start="10/11/2026"):
    """A report card putting `target` in special measures, as Ofsted's file since November 2025 has it."""
    return school(
        target.urn,
        target.name,
        **{"Most recent category of concern": "Special measures"},
        **report_card(
            number,
            start,
            safeguarding="Met",
            grades={
                "Leadership and governance": "Urgent improvement",
                "Post-16 provision (where applicable)": "NULL",
            },
        ),
    )


def expected_row(target, number, start="10/11/2026"):
    return school(
        target.urn,
        target.name,
        **report_card(number, start, grades={"Post-16 provision (where applicable)": "NULL"}),
    )


def import_ofsted(tmp_path, rows, *, layout=REPORT_CARD_LAYOUT, name="latest_inspections.csv"):
    path = tmp_path / name
    path.write_bytes(ofsted_file(layout, rows))
    call_command("import_ofsted", str(path))


def told():
    return list(Notification.objects.filter(kind=REASSESSMENT_TRIGGERED).order_by("recipient_id", "pk"))


def home(client_for, person, slug):
    response = client_for(person).get(url_in(person_authority(person), "home-for-role", role=slug))
    assert response.status_code == 200
    return main_content(response)


def person_authority(person):
    return person.role_assignments[0].authority


def todo_link(authority, target, text):
    return f'<a class="govuk-link" href="{url_in(authority, "classification:school", urn=target.urn)}">{text}</a>'


@freeze_time(NOW)
def test_special_measures_from_an_ofsted_import_tells_the_qa_lead_once_and_is_on_their_to_do_list(
    world, framework, tmp_path, capsys, client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        import_ofsted(tmp_path, [special_measures_row(world.school)])

    [trigger] = ReassessmentTrigger.objects.all()
    assert (trigger.school, trigger.kind) == (world.school, ReassessmentTrigger.Kind.OFSTED_CATEGORY)
    assert trigger.summary == SPECIAL_MEASURES
    assert trigger.happened_on == dt.date(2026, 11, 10)
    assert trigger.key == "ofsted:10400001:SM"
    assert trigger.resolved_at is None
    [notification] = told()
    assert notification.recipient == world.qa_lead
    assert notification.text == f"Reassess Brookmead Primary School: {SPECIAL_MEASURES}."
    assert notification.url == f"/classification/schools/{world.school.urn}/"
    assert notification.link == url_in(world.authority, "classification:school", urn=world.school.urn)
    # The QA lead takes this kind straight away (its default): one email, with the link to the school.
    [message] = mail.outbox
    assert message.to == [world.qa_lead.email]
    assert message.subject == notification.text
    assert url_in(world.authority, "classification:school", urn=world.school.urn) in message.body
    assert "Start a new assessment of Brookmead Primary School" in message.body
    assert "dated on or after 10 November 2026" in message.body

    page = home(client_for, world.qa_lead, "qa-lead")
    assert "Reassess: something changed (1)" in page
    assert todo_link(world.authority, world.school, f"Brookmead Primary School: {SPECIAL_MEASURES}") in page

    # The same file again: nothing new is fired, nobody is told again.
    with django_capture_on_commit_callbacks(execute=True):
        import_ofsted(tmp_path, [special_measures_row(world.school)], name="again.csv")
    assert ReassessmentTrigger.objects.count() == 1
    assert len(told()) == 1
    assert len(mail.outbox) == 1


@freeze_time(NOW)
def test_the_other_qa_lead_and_the_directors_see_nothing_of_a_school_with_a_qa_lead(
    world, framework, tmp_path, capsys, client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        import_ofsted(tmp_path, [special_measures_row(world.school)])

    assert [n.recipient for n in told()] == [world.qa_lead]
    assert "Reassess: something changed" not in home(client_for, world.other_qa_lead, "qa-lead")
    assert "Reassess: something changed" not in home(client_for, world.director, "director")


@freeze_time(NOW)
def test_a_school_without_a_qa_lead_goes_to_the_authoritys_directors(
    world, framework, tmp_path, capsys, client_for, django_capture_on_commit_callbacks
):
    second_director = f.director(world.authority)
    leaderless = f.SchoolFactory(authority=world.authority, name="Hillside Primary School")

    with django_capture_on_commit_callbacks(execute=True):
        import_ofsted(tmp_path, [special_measures_row(leaderless)])

    sent = told()
    assert [n.recipient for n in sent] == sorted([world.director, second_director], key=lambda person: person.pk)
    for notification in sent:
        assert notification.text == f"Hillside Primary School has no QA lead to reassess it: {SPECIAL_MEASURES}."
    assert sorted(message.to[0] for message in mail.outbox) == sorted([world.director.email, second_director.email])
    assert "Ask the authority admin to assign one" in mail.outbox[0].body

    page = home(client_for, world.director, "director")
    assert "Reassess: something changed (1)" in page
    assert todo_link(world.authority, leaderless, f"Hillside Primary School: {SPECIAL_MEASURES}") in page
    assert "No QA lead: ask the authority admin to assign one" in page
    assert "Reassess: something changed" not in home(client_for, world.qa_lead, "qa-lead")

    # Once the school has a QA lead, the trigger is theirs and leaves the directors' list.
    leaderless.qa_lead = world.qa_lead
    leaderless.save(update_fields=["qa_lead"])
    assert "Reassess: something changed" not in home(client_for, world.director, "director")
    assert todo_link(world.authority, leaderless, f"Hillside Primary School: {SPECIAL_MEASURES}") in home(
        client_for, world.qa_lead, "qa-lead"
    )


@freeze_time(NOW)
def test_no_trigger_without_a_framework_nor_for_a_closed_school(
    world, framework, tmp_path, capsys, django_capture_on_commit_callbacks
):
    closed = f.SchoolFactory(authority=world.authority, name="Old Mill Primary School", status=School.Status.CLOSED)
    closed.qa_lead = world.qa_lead
    closed.save(update_fields=["qa_lead"])

    with django_capture_on_commit_callbacks(execute=True):
        import_ofsted(
            tmp_path,
            [special_measures_row(world.outside_school, "10400002"), special_measures_row(closed, "10400003")],
        )

    assert ReassessmentTrigger.objects.count() == 0
    assert told() == []
    assert mail.outbox == []


@freeze_time(NOW)
def test_serious_weaknesses_and_safeguarding_in_the_graded_layout(
    world, framework, tmp_path, capsys, django_capture_on_commit_callbacks
):
    row = school(
        world.school.urn,
        world.school.name,
        **{
            "Inspection number of latest graded inspection": "10300001",
            "Inspection type": "S5 Inspection",
            "Inspection start date": "14/05/2025",
            "Overall effectiveness": "4",
            "Category of concern": "SWK",
            "Safeguarding is effective?": "No",
        },
    )

    with django_capture_on_commit_callbacks(execute=True):
        import_ofsted(tmp_path, [row], layout=GRADED_LAYOUT)

    [trigger] = ReassessmentTrigger.objects.all()
    assert trigger.kind == ReassessmentTrigger.Kind.OFSTED_CATEGORY
    assert trigger.summary == (
        "Ofsted judged that the school has serious weaknesses and found safeguarding not effective "
        "(inspection 14 May 2025)"
    )
    assert trigger.key == "ofsted:10300001:SWK+safeguarding"


@freeze_time(NOW)
def test_a_new_full_inspection_asks_for_a_reassessment_of_an_assessed_school_and_an_ungraded_one_does_not(
    world, framework, tmp_path, capsys, django_capture_on_commit_callbacks
):
    f.assessment_of(world.school, framework, on=dt.date(2026, 9, 20))
    never_assessed = world.other_school

    with django_capture_on_commit_callbacks(execute=True):
        import_ofsted(tmp_path, [expected_row(world.school, "10400010"), expected_row(never_assessed, "10400011")])

    [trigger] = ReassessmentTrigger.objects.all()
    assert (trigger.school, trigger.kind) == (world.school, ReassessmentTrigger.Kind.OFSTED_INSPECTION)
    assert trigger.summary == "New Ofsted inspection, 10 November 2026: reassess the Ofsted evidence"
    assert trigger.key == "ofsted:10400010"
    assert [n.text for n in told()] == [
        "Reassess Brookmead Primary School: New Ofsted inspection, 10 November 2026: reassess the Ofsted evidence."
    ]

    # A monitoring (ungraded) inspection since changes nothing Ofsted says of the school: nothing new.
    rows = [
        expected_row(world.school, "10400010")
        | ungraded("10400020", "20/11/2026", "The school is taking effective action", published="23/11/2026")
    ]
    with django_capture_on_commit_callbacks(execute=True):
        import_ofsted(tmp_path, rows, name="monitoring.csv")
    assert ReassessmentTrigger.objects.count() == 1
    assert len(told()) == 1


@freeze_time(NOW)
def test_a_new_head_from_gias_fires_a_new_headteacher_trigger_once(
    world, framework, tmp_path, capsys, django_capture_on_commit_callbacks
):
    world.school.head_name = "Mr Andrew Okonjo"
    world.school.save(update_fields=["head_name"])
    row = gias_row(
        world.school.urn,
        world.school.name,
        **{"HeadTitle (name)": "Ms", "HeadFirstName": "Nadia", "HeadLastName": "Begum"},
    )
    path = tmp_path / "edubasealldata20261124.csv"
    path.write_bytes(gias_csv([row]))

    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_gias", str(path), "--la", "990")

    [trigger] = ReassessmentTrigger.objects.all()
    event = world.school.headteacher_events.get()
    assert (trigger.school, trigger.kind) == (world.school, ReassessmentTrigger.Kind.NEW_HEADTEACHER)
    assert trigger.summary == "New headteacher: Ms Nadia Begum from 24 November 2026"
    assert trigger.key == f"head:{event.pk}"
    [notification] = told()
    assert notification.recipient == world.qa_lead
    assert notification.text == (
        "Reassess Brookmead Primary School: New headteacher: Ms Nadia Begum from 24 November 2026."
    )

    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_gias", str(path), "--la", "990")
    assert ReassessmentTrigger.objects.count() == 1
    assert len(told()) == 1


def test_a_proposal_from_a_later_assessment_resolves_the_trigger_and_the_to_do_goes(
    world, tmp_path, capsys, client_for, django_capture_on_commit_callbacks
):
    with freeze_time(NOW):
        f.preset_framework("telford-wrekin-2024", world.authority)
        import_ofsted(tmp_path, [special_measures_row(world.school)])
        trigger = ReassessmentTrigger.objects.get()
        # A draft begun before the inspection cannot answer it.
        early = assess(world.school, world.qa_lead, on_date=dt.date(2026, 11, 2))
        services.assessment_record(assessment=early, user=world.qa_lead, complete=True)
        trigger.refresh_from_db()
        assert trigger.resolved_at is None

        assessment = assess(world.school, world.qa_lead, on_date=dt.date(2026, 11, 24))
        band = Band.objects.get(framework=assessment.framework, code="red")
        services.classification_propose(
            assessment=assessment, band=band, rationale="Special measures since November.", user=world.qa_lead
        )

        trigger.refresh_from_db()
        assert trigger.resolved_by == assessment
        assert trigger.resolved_at is not None
        page = home(client_for, world.qa_lead, "qa-lead")
        assert "Reassess: something changed" not in page
        assert SPECIAL_MEASURES not in page


def test_the_receivers_queries_do_not_grow_with_the_number_of_schools(world, framework, tmp_path, capsys):
    with freeze_time(NOW):
        few = [f.SchoolFactory(authority=world.authority, name=f"Few {n} Primary School") for n in range(2)]
        many = [f.SchoolFactory(authority=world.authority, name=f"Many {n} Primary School") for n in range(10)]
        for target in (*few, *many):
            target.qa_lead = world.qa_lead
            target.save(update_fields=["qa_lead"])

        with CaptureQueriesContext(connection) as queries:
            import_ofsted(tmp_path, [special_measures_row(s, f"1041000{n}") for n, s in enumerate(few)], name="a.csv")
        assert ReassessmentTrigger.objects.count() == 2

        rows = [special_measures_row(s, f"1042000{n:02d}") for n, s in enumerate(many)]
        with CaptureQueriesContext(connection) as more_queries:
            import_ofsted(tmp_path, rows, name="b.csv")
        assert ReassessmentTrigger.objects.count() == 12

    assert len(more_queries) == len(queries), (
        f"{len(queries)} queries for 2 schools, {len(more_queries)} for 10:\n"
        + "\n".join(query["sql"] for query in more_queries)
    )
