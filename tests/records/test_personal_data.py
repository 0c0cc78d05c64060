"""A person's data: the subject-access export (theirs and nothing about anyone else) and erasure."""

import csv
import io
import json
import zipfile
from datetime import date

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from freezegun import freeze_time
from pypdf import PdfReader

from governance.models import ChecklistItem, ChecklistResponse, Governor
from governance.services import (
    CHECKLIST_DIR,
    board_save,
    checklist_save,
    checklist_template_load,
    conversation_open,
    governor_add,
)
from qa_portal.accounts.models import User
from qa_portal.accounts.roles import Role
from qa_portal.notifications.models import Notification
from records.models import Erasure, SubjectAccessExport
from tests import factories as f
from tests.base import url_in

from .helpers import table_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def governed(world):
    """A governor of Brookmead (besides its chair) who answered two checklist items; the chair answered another."""
    with freeze_time("2035-10-01 09:00"):
        subject = f.UserFactory(
            first_name="Gwen", last_name="Marlow", email="gwen.marlow@example.org", job_title="Parent governor"
        )
        f.give_role(subject, Role.GOVERNOR, school=world.school)
    with freeze_time("2035-10-02 09:00"):
        board = board_save(school=world.school, user=world.admin, size=9)
        governor_add(
            board=board,
            user=world.admin,
            name="Gwen Marlow",
            category=Governor.Category.PARENT,
            term_start=date(2035, 9, 1),
            linked_user=subject,
        )
        governor_add(
            board=board,
            user=world.admin,
            name=world.chair.get_full_name(),
            category=Governor.Category.CO_OPTED,
            board_role=Governor.BoardRole.CHAIR,
            term_start=date(2034, 9, 1),
            linked_user=world.chair,
        )
        template = checklist_template_load(authority=world.authority, path=CHECKLIST_DIR / "telford-wrekin-2024.toml")
        conversation = conversation_open(
            school=world.school, academic_year=2035, template=template, due_by=date(2036, 3, 31)
        )
    first, second, third = ChecklistItem.objects.filter(area__template=template)[:3]
    with freeze_time("2035-10-03 18:30"):
        checklist_save(
            conversation=conversation,
            user=subject,
            answers={first.pk: ("met", "We review the plan termly"), second.pk: ("partly_met", "Training is booked")},
        )
    with freeze_time("2035-10-04 18:30"):
        checklist_save(
            conversation=conversation, user=world.chair, answers={third.pk: ("not_met", "The chair's own view")}
        )
    with freeze_time("2035-10-05 08:00"):
        Notification.objects.create(
            recipient=subject,
            authority=world.authority,
            kind="test",
            text="The checklist is due by 31 March 2036",
            url="/governance/",
            key="due",
            delivery="off",
        )
        Notification.objects.create(
            recipient=world.chair,
            authority=world.authority,
            kind="test",
            text="For the chair only",
            url="/",
            key="chair",
            delivery="off",
        )
    return subject, conversation, (first, second)


def _export(client_for, world, subject):
    with freeze_time("2035-10-06 10:00"):
        response = client_for(world.admin).post(url_in(world.authority, "records:person-export", subject.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    return zipfile.ZipFile(io.BytesIO(response.content))


def _csv(archive, name):
    return list(csv.reader(io.StringIO(archive.read(name).decode())))


def _text(archive, name):
    if name.endswith(".pdf"):
        text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(archive.read(name))).pages)
        return " ".join(text.split())
    return archive.read(name).decode()


def test_the_export_for_a_governor_holds_their_records(world, client_for, governed):
    subject, _conversation, (first, second) = governed
    archive = _export(client_for, world, subject)
    urn = world.school.urn
    assert archive.namelist() == [
        "account.json",
        "roles.csv",
        "role-history.csv",
        "notifications.csv",
        "governor-records.csv",
        "checklist-answers.csv",
        "notes-of-visit.csv",
        "decisions.csv",
        "requests.csv",
        "history.csv",
        f"checklist-answers-{urn}-2035.pdf",
    ]
    assert json.loads(archive.read("account.json")) == {
        "first_name": "Gwen",
        "last_name": "Marlow",
        "email": "gwen.marlow@example.org",
        "job_title": "Parent governor",
        "account_created": "2035-10-01T10:00:00+01:00",
        "last_signed_in": "",
        "active": True,
    }
    assert _csv(archive, "roles.csv") == [
        ["role", "school", "chair of governors", "since"],
        ["Governor", "Brookmead Primary School", "False", "2035-10-01T10:00:00+01:00"],
    ]
    assert _csv(archive, "role-history.csv") == [
        ["date", "change", "role", "school", "chair of governors"],
        ["2035-10-01T10:00:00+01:00", "Created", "Governor", "Brookmead Primary School", "False"],
    ]
    assert _csv(archive, "notifications.csv") == [
        ["date", "text", "link", "read"],
        ["2035-10-05T09:00:00+01:00", "The checklist is due by 31 March 2036", "/la/990/governance/", ""],
    ]
    assert _csv(archive, "governor-records.csv") == [
        ["school", "name", "category", "role on the board", "term starts", "term ends"],
        ["Brookmead Primary School", "Gwen Marlow", "Parent", "Member", "2035-09-01", ""],
    ]
    assert _csv(archive, "checklist-answers.csv") == [
        ["school", "academic year", "area", "question", "rating", "comment", "answered"],
        [
            "Brookmead Primary School",
            "2035/36",
            first.area.title,
            first.text,
            "Met",
            "We review the plan termly",
            "2035-10-03T19:30:00+01:00",
        ],
        [
            "Brookmead Primary School",
            "2035/36",
            second.area.title,
            second.text,
            "Partly met",
            "Training is booked",
            "2035-10-03T19:30:00+01:00",
        ],
    ]
    for empty, header in (
        (
            "notes-of-visit.csv",
            ["school", "visit", "visit date", "status", "aspect looked at", "what is going well", "next steps"],
        ),
        ("decisions.csv", ["school", "band", "part taken", "date", "what they wrote"]),
        ("requests.csv", ["school", "request", "date", "what they wrote", "status"]),
    ):
        assert _csv(archive, empty) == [header]
    assert _csv(archive, "history.csv") == [
        ["date", "what", "change", "why"],
        ["2035-10-03T19:30:00+01:00", "Checklist answer of Brookmead Primary School", "Created", ""],
        ["2035-10-03T19:30:00+01:00", "Checklist answer of Brookmead Primary School", "Created", ""],
        ["2035-10-03T19:30:00+01:00", "Governance conversation of Brookmead Primary School", "Changed", ""],
    ]
    pdf = _text(archive, f"checklist-answers-{urn}-2035.pdf")
    assert "Gwen Marlow" in pdf
    assert "We review the plan termly" in pdf and "Training is booked" in pdf


def test_the_export_holds_nothing_about_anyone_else(world, client_for, governed):
    subject, _conversation, _items = governed
    archive = _export(client_for, world, subject)
    others = [world.chair, world.other_governor, world.admin, world.head]
    for name in archive.namelist():
        text = _text(archive, name)
        for other in others:
            assert other.get_full_name() not in text, (name, other)
            assert other.email not in text, (name, other)
        assert "The chair's own view" not in text
        assert "For the chair only" not in text


def test_making_an_export_is_recorded_on_the_audit_log(world, client_for, governed):
    subject, _conversation, _items = governed
    _export(client_for, world, subject)
    export = SubjectAccessExport.objects.get()
    assert (export.person, export.made_by, export.authority) == (subject, world.admin, world.authority)
    with freeze_time("2035-10-06 11:00"):
        response = client_for(world.admin).get(url_in(world.authority, "records:audit-log"), {"person": world.admin.pk})
    assert table_rows(response)[0] == (
        "6 October 2035 at 11am",
        world.admin.get_full_name(),
        "Subject-access export for Gwen Marlow",
        "Created",
        "–",
    )


def test_only_the_authority_admin_may_see_a_person_or_export(world, client_for, governed):
    subject, _conversation, _items = governed
    assert client_for(world.admin).get(url_in(world.authority, "records:person", subject.pk)).status_code == 200
    assert client_for(world.director).get(url_in(world.authority, "records:person", subject.pk)).status_code == 403
    assert (
        client_for(world.director).post(url_in(world.authority, "records:person-export", subject.pk)).status_code == 403
    )
    outside = client_for(world.outside_admin)
    assert outside.get(url_in(world.other_authority, "records:person", subject.pk)).status_code == 404
    assert (
        client_for(world.admin).get(url_in(world.authority, "records:person", world.outside_head.pk)).status_code == 404
    )


def test_the_people_page_links_to_each_persons_page(world, client_for, governed):
    subject, _conversation, _items = governed
    page = client_for(world.admin).get(url_in(world.authority, "accounts:people")).content.decode()
    assert f'href="{url_in(world.authority, "records:person", subject.pk)}"' in page


def _erase(client_for, world, person, reason="Asked on 1 October 2035 to be forgotten"):
    with freeze_time("2035-10-07 10:00"):
        return client_for(world.admin).post(
            url_in(world.authority, "records:person-erase", person.pk), {"reason": reason, "confirm": "on"}
        )


def test_erasure_anonymises_the_person_and_keeps_the_school_records(world, client_for, governed):
    subject, conversation, (_first, _second) = governed
    TOTPDevice.objects.create(user=subject, name="Authenticator app", confirmed=True)  # a governor who opted in
    response = _erase(client_for, world, subject)
    assert response.status_code == 302
    assert response["Location"] == url_in(world.authority, "accounts:people")
    subject = User.objects.get(pk=subject.pk)
    erased = f"Erased person {subject.pk}"
    assert (subject.get_full_name(), subject.email, subject.job_title, subject.is_active, subject.last_login) == (
        erased,
        f"erased-{subject.pk}@erased.invalid",
        "",
        False,
        None,
    )
    assert subject.has_usable_password() is False
    assert subject.roles.count() == 0
    assert TOTPDevice.objects.filter(user=subject).count() == 0
    assert Notification.objects.filter(recipient=subject).count() == 0
    assert Notification.objects.filter(recipient=world.chair).count() == 1
    # The school's records stay, naming the erased person.
    assert Governor.objects.get(user=subject).name == erased
    assert set(Governor.history.filter(user=subject).values_list("name", flat=True)) == {erased}
    answers = ChecklistResponse.objects.filter(conversation=conversation, updated_by=subject)
    assert sorted(answers.values_list("comment", flat=True)) == ["Training is booked", "We review the plan termly"]
    erasure = Erasure.objects.get()
    assert (erasure.person_id, erasure.requested_by, erasure.authority, erasure.reason) == (
        subject.pk,
        world.admin,
        world.authority,
        "Asked on 1 October 2035 to be forgotten",
    )
    with freeze_time("2035-10-07 11:00"):
        client = client_for(world.admin)
        log = table_rows(
            client.get(
                url_in(world.authority, "records:audit-log"),
                {
                    "date_from_0": "3",
                    "date_from_1": "10",
                    "date_from_2": "2035",
                    "date_to_0": "3",
                    "date_to_1": "10",
                    "date_to_2": "2035",
                },
            )
        )
        erasure_rows = table_rows(
            client.get(
                url_in(world.authority, "records:audit-log"),
                {"date_from_0": "7", "date_from_1": "10", "date_from_2": "2035"},
            )
        )
    assert {row[1] for row in log} == {erased}
    assert (
        "7 October 2035 at 11am",  # 10:00 UTC is 11:00 in London (summer time)
        world.admin.get_full_name(),
        f"Erasure of the personal data of person {subject.pk}",
        "Created",
        "Asked on 1 October 2035 to be forgotten",
    ) in erasure_rows


def test_erasure_is_refused_for_the_admin_themself(world, client_for):
    response = _erase(client_for, world, world.admin)
    assert response.status_code == 200
    assert "You cannot erase your own personal data. Ask another authority admin to do it." in response.content.decode()
    world.admin.refresh_from_db()
    assert world.admin.is_active is True
    assert Erasure.objects.count() == 0


def test_erasure_is_refused_while_the_person_holds_a_role_the_admin_does_not_run(world, client_for):
    f.give_role(world.chair, Role.GOVERNOR, school=world.outside_school)
    response = _erase(client_for, world, world.chair)
    assert response.status_code == 200
    assert (
        f"{world.chair.get_full_name()} still holds a role in Elsewhere Council, which you do not run. "
        "An authority admin there must remove it first."
    ) in response.content.decode()
    assert Erasure.objects.count() == 0


def test_erasure_needs_a_reason_and_the_confirmation(world, client_for, governed):
    subject, _conversation, _items = governed
    with freeze_time("2035-10-07 10:00"):
        response = client_for(world.admin).post(url_in(world.authority, "records:person-erase", subject.pk), {})
    page = response.content.decode()
    assert "Enter the reason for erasing this person&#x27;s personal data" in page
    assert "Confirm that you understand this cannot be undone" in page
    assert Erasure.objects.count() == 0
