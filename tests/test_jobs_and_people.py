import re

import pytest
from django.core import mail
from django.urls import reverse

from qa_portal.accounts.models import RoleAssignment, User
from qa_portal.jobs.models import Job
from qa_portal.jobs.runner import job_run
from qa_portal.jobs.services import job_enqueue

pytestmark = pytest.mark.django_db


def test_admin_checks_the_worker_and_sees_the_result(client_for, world, django_capture_on_commit_callbacks):
    client = client_for(world.admin)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("jobs:worker-check"))
    response = client.get(reverse("jobs:detail", kwargs={"job_id": Job.objects.get().pk}))
    job = Job.objects.get()
    assert job.status == Job.Status.SUCCEEDED  # eager Celery in the ordinary suite
    assert job.created_by == world.admin
    assert "The background worker is running" in response.content.decode()
    status = client.get(reverse("jobs:status", kwargs={"job_id": job.pk})).json()
    assert status["finished"] and status["percent"] == 100


def test_jobs_are_not_visible_to_other_authorities(client_for, world):
    client_for(world.admin).post(reverse("jobs:worker-check"))
    job = Job.objects.get()
    assert client_for(world.outside_admin).get(reverse("jobs:detail", kwargs={"job_id": job.pk})).status_code == 404
    assert client_for(world.qa_lead).post(reverse("jobs:worker-check")).status_code == 403


def test_running_a_job_twice_does_nothing_the_second_time(world):
    job = job_enqueue(kind="worker_check", user=world.admin, authority=world.authority)
    job_run(job_id=job.pk)
    first = Job.objects.get(pk=job.pk)
    assert job_run(job_id=job.pk) is None
    assert Job.objects.get(pk=job.pk).finished_at == first.finished_at


def test_admin_adds_a_governor_who_gets_an_invitation(client_for, world, django_capture_on_commit_callbacks):
    client = client_for(world.admin)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("accounts:person-add"),
            {
                "email": "new.chair@example.test",
                "first_name": "Nia",
                "last_name": "Jones",
                "role": "governor",
                "school": world.school.pk,
                "is_chair": "on",
            },
        )
    response = client.get(reverse("accounts:people"))
    assert "Nia Jones has been added as Governor" in response.content.decode()
    assignment = RoleAssignment.objects.get(user__email="new.chair@example.test")
    assert assignment.school == world.school and assignment.is_chair
    assert len(mail.outbox) == 1
    assert re.search(r"/password-reset/\S+/\S+/", mail.outbox[0].body)
    assert not User.objects.get(email="new.chair@example.test").has_usable_password()


def test_adding_a_headteacher_without_a_school_is_refused_and_saves_nothing(client_for, world):
    client = client_for(world.admin)
    response = client.post(
        reverse("accounts:person-add"),
        {
            "email": "head@example.test",
            "first_name": "A",
            "last_name": "B",
            "role": "headteacher",
            "school": "",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page
    assert "Choose the school for a headteacher or governor" in page
    assert not User.objects.filter(email="head@example.test").exists()
    assert mail.outbox == []


def test_missing_role_links_the_error_summary_to_the_first_radio(client_for, world):
    response = client_for(world.admin).post(reverse("accounts:person-add"), {"email": "x@example.test"})
    page = response.content.decode()
    assert 'href="#id_role_1"' in page
    assert 'id="id_role_1"' in page
