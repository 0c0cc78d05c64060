"""The web upload: authority admins queue an import job and read its summary and row errors on the job page."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from qa_portal.jobs.models import Job
from schools.models import ImportUpload, IndicatorValue, School

from .gias_data import gias_csv, gias_row
from .ofsted_data import REPORT_CARD_LAYOUT, oeif_graded, ofsted_file, report_card, school, ungraded

pytestmark = pytest.mark.django_db


def _text(response):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def _upload(client, kind, data, name="upload.csv", **extra):
    return client.post(
        "/schools/imports/", {"kind": kind, "file": SimpleUploadedFile(name, data, "text/csv"), **extra}, follow=True
    )


def test_gias_upload_runs_as_a_job_and_shows_the_summary(client_for, world, django_capture_on_commit_callbacks):
    client = client_for(world.admin)
    rows = [
        gias_row(990401, "Sandy Lane Primary School"),
        gias_row(990402, "Élan Independent School", **{"TypeOfEstablishment (name)": "Other independent school"}),
    ]
    with django_capture_on_commit_callbacks(execute=True):
        response = _upload(client, "gias", gias_csv(rows), "edubasealldata20261120.csv")
    job = Job.objects.get(kind="schools_import_gias")
    assert response.redirect_chain[-1][0] == f"/la/990/jobs/{job.pk}/"
    assert job.authority == world.authority and job.created_by == world.admin
    response = client.get(f"/jobs/{job.pk}/")
    text = _text(response)
    assert "Import schools from GIAS" in text
    assert "created 1, updated 0, unchanged 0, skipped 1, errors 0" in text
    assert "Skipped 1: Not a state-funded school (Other independent school)" in text
    assert "read as Windows-1252" in text
    assert "100%" in text
    school = School.objects.get(urn=990401)
    assert school.authority == world.authority
    assert school.history.first().history_user == world.admin
    upload = ImportUpload.objects.get()
    assert (upload.filename, upload.uploaded_by, bytes(upload.content)) == (
        "edubasealldata20261120.csv",
        world.admin,
        b"",
    )


def test_gias_upload_with_bad_rows_lists_them_and_saves_nothing(client_for, world, django_capture_on_commit_callbacks):
    client = client_for(world.admin)
    rows = [
        gias_row(990401, "Sandy Lane Primary School"),
        gias_row(990402, "Bad Status School", **{"EstablishmentStatus (name)": "Ajar"}),
    ]
    with django_capture_on_commit_callbacks(execute=True):
        _upload(client, "gias", gias_csv(rows, encoding="utf-8", bom=True))
    job = Job.objects.get()
    text = _text(client.get(f"/jobs/{job.pk}/"))
    assert "Nothing was imported" in text
    assert "errors 1" in text
    assert "3 EstablishmentStatus (name) ‘Ajar’ is not a GIAS establishment status" in text
    assert not School.objects.filter(urn__in=[990401, 990402]).exists()


def test_dry_run_upload_saves_nothing(client_for, world, django_capture_on_commit_callbacks):
    client = client_for(world.admin)
    with django_capture_on_commit_callbacks(execute=True):
        _upload(client, "gias", gias_csv([gias_row(990401, "Sandy Lane Primary School")]), dry_run="on")
    text = _text(client.get(f"/jobs/{Job.objects.get().pk}/"))
    assert "This was a check only: nothing was saved." in text
    assert "created 1" in text
    assert not School.objects.filter(urn=990401).exists()


def test_indicator_upload_is_limited_to_the_admins_authority(client_for, world, django_capture_on_commit_callbacks):
    client = client_for(world.admin)
    data = (
        "urn,indicator,period,value\n"
        f"{world.school.urn},attendance_pct,2025/26,95.2\n"
        f"{world.outside_school.urn},attendance_pct,2025/26,91.0\n"
    ).encode()
    with django_capture_on_commit_callbacks(execute=True):
        _upload(client, "indicators", data)
    text = _text(client.get(f"/jobs/{Job.objects.get().pk}/"))
    assert f"No school with URN {world.outside_school.urn} on the register" in text
    assert not IndicatorValue.objects.exists()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("schools.xlsx", b"PK\x03\x04rest", "The selected file must be a CSV"),
        ("schools.csv", b"PK\x03\x04rest-of-a-zip", "save the spreadsheet as CSV"),
        ("schools.csv", b"Name,Town\nA,B\n", "The file has no ‘URN’, ‘LA (code)’"),
        ("schools.csv", b"", "The selected file is empty"),
    ],
)
def test_bad_files_are_refused_before_queuing(client_for, world, name, data, message):
    response = _upload(client_for(world.admin), "gias", data, name)
    text = _text(response)
    assert response.status_code == 200
    assert "There is a problem" in text
    assert message in text
    assert not Job.objects.exists()
    assert not ImportUpload.objects.exists()


def test_missing_choices_show_errors(client_for, world):
    response = client_for(world.admin).post("/schools/imports/", {})
    text = _text(response)
    assert "Choose what the file holds" in text
    assert "Choose a CSV file to upload" in text


def test_too_large_files_are_refused(client_for, world, monkeypatch):
    monkeypatch.setattr("schools.forms.MAX_UPLOAD_BYTES", 10)
    response = _upload(client_for(world.admin), "gias", gias_csv([gias_row(990401, "Sandy Lane Primary School")]))
    assert "The selected file must be smaller than 100 MB" in _text(response)
    assert not Job.objects.exists()


def test_an_ofsted_file_in_the_report_card_layout_imports_on_the_page(
    client_for, world, django_capture_on_commit_callbacks
):
    rows = [
        school(
            world.school.urn,
            world.school.name,
            **report_card("10390001", "04/03/2026"),
            **oeif_graded("10260001", "12/05/2021", "2"),
            **ungraded("10340001", "18/09/2024", "School remains Good"),
        ),
        school(world.other_school.urn, world.other_school.name, **report_card("10390002", "11/02/2026")),
    ]
    client = client_for(world.admin)
    with django_capture_on_commit_callbacks(execute=True):
        _upload(client, "ofsted", ofsted_file(REPORT_CARD_LAYOUT, rows), "latest_inspections.csv")
    job = Job.objects.get(kind="schools_import_ofsted")
    text = _text(client.get(f"/jobs/{job.pk}/"))
    assert "created 4, updated 0, unchanged 0, skipped 0, errors 0" in text
    assert "Layout Ofsted management information, latest inspections (layout since November 2025)" in text
    assert "Inspections 2 report card, 1 graded, 1 ungraded" in text


def test_an_ofsted_file_in_no_known_layout_is_refused_before_queuing(client_for, world):
    data = b"URN,Inspection number,Inspection start date\r\n990401,1,01/02/2024\r\n"
    text = _text(_upload(client_for(world.admin), "ofsted", data, "inspections.csv"))
    assert "There is a problem" in text
    assert "has no ‘Inspection number of latest full inspection’ column (the layout since November 2025)" in text
    assert not Job.objects.exists()
