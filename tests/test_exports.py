"""Every CSV and XLSX download and command goes through qa_portal.exports: no formulas, typed cells, BOM, names."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from freezegun import freeze_time
from openpyxl import load_workbook

from classification.frameworks import framework_load
from dashboards.selectors import SECTIONS
from qa_portal.exports import Export, Percent
from tests import factories as f

EVIL = '=HYPERLINK("http://evil.example","Open")'
NEUTRALISED = "'" + EVIL
BOM = b"\xef\xbb\xbf"
TABLES = [key.replace("_", "-") for keys in SECTIONS.values() for key in keys]
# Tables of fixed labels and counts only: nothing anyone types reaches them.
TABLES_WITHOUT_TEXT = {"visits-per-term", "governance-conversations"}


@pytest.fixture
def evil(world):
    """A school, its QA lead and its band all named EVIL, in every table of the dashboard."""
    framework, _ = framework_load(slug="barnsley", authority=world.authority)
    band = framework.bands.get(code="high-risk")
    band.label = EVIL
    band.save()
    school = f.SchoolFactory(authority=world.authority, name=EVIL)
    lead = f.qa_lead(world.authority, schools=[school])
    lead.first_name, lead.last_name = EVIL, ""
    lead.save()
    f.published_classification(school, band, by=world.qa_lead, since=dt.date(2026, 9, 7))
    f.OfstedInspectionFactory(school=school, start_date=dt.date(2025, 3, 4), special_measures=True)
    f.indicator_value(school, "governor_vacancies_pct", "2026/27", 40)
    meeting = {"code": "monitoring_support_meeting", "papers_due": dt.date(2026, 11, 26)}
    f.visit(
        school, on=dt.date(2026, 12, 10), agenda_due=dt.date(2026, 11, 26), minutes_due=dt.date(2026, 12, 21), **meeting
    )
    f.visit(
        school,
        on=dt.date(2026, 11, 2),
        status="held",
        sequence=2,
        agenda_due=dt.date(2026, 10, 19),
        minutes_due=dt.date(2026, 11, 11),
        **meeting,
    )
    sent = f.visit(school, on=dt.date(2026, 10, 1), status="held")
    f.visit_note(sent, status="sent", sent_at=f.at_noon(dt.date(2026, 10, 5)))
    return school


def _csv_cells(content):
    return [cell for row in csv.reader(io.StringIO(content.decode("utf-8-sig"))) for cell in row]


def _xlsx_cells(content):
    return [cell for row in load_workbook(io.BytesIO(content)).active.iter_rows() for cell in row]


def _hyperlinks_in_csv(content):
    return sorted({cell for cell in _csv_cells(content) if "HYPERLINK" in cell})


def _hyperlinks_in_xlsx(content):
    return sorted(
        {(c.value, c.data_type) for c in _xlsx_cells(content) if isinstance(c.value, str) and "HYPERLINK" in c.value}
    )


def _expected(url):
    if any(f"/tables/{slug}." in url for slug in TABLES_WITHOUT_TEXT):
        return []
    cells = [NEUTRALISED]
    if "/tables/schools-causing-concern." in url:
        cells.append(f"Band: {EVIL}; Ofsted: Special measures")  # harmless: it does not start a formula
    if url.endswith(".xlsx"):
        return sorted((cell, "s") for cell in cells)
    return sorted(cells)


@freeze_time("2026-12-03 10:00")
def test_a_formula_in_a_name_is_neutralised_in_every_download(world, client_for, evil):
    client = client_for(world.director)
    urls = [
        reverse("schools:register-csv"),
        reverse("schools:register-xlsx"),
        reverse("visits:plan-csv") + "?year=2026",
    ]
    urls += [reverse("dashboards:table-download", args=[slug, fmt]) for slug in TABLES for fmt in ("csv", "xlsx")]
    found, expected = {}, {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        if url.split("?")[0].endswith(".csv"):
            assert response.content.startswith(BOM), url
            found[url] = _hyperlinks_in_csv(response.content)
        else:
            found[url] = _hyperlinks_in_xlsx(response.content)
        expected[url] = _expected(url)
    assert found == expected


@freeze_time("2026-12-03 10:00")
def test_a_formula_in_a_name_is_neutralised_by_every_command(world, evil, tmp_path):
    call_command("export_visit_plan", "--year", "2026", str(tmp_path / "plan.csv"))
    call_command("export_register", str(tmp_path / "register.csv"))
    call_command("export_register", str(tmp_path / "register.xlsx"))
    for name in ("plan.csv", "register.csv"):
        content = (tmp_path / name).read_bytes()
        assert content.startswith(BOM), name
        assert _hyperlinks_in_csv(content) == [NEUTRALISED], name
    assert _hyperlinks_in_xlsx((tmp_path / "register.xlsx").read_bytes()) == [(NEUTRALISED, "s")]


@freeze_time("2026-12-03 10:00")
def test_the_register_xlsx_has_typed_cells(world, client_for):
    f.SchoolFactory(
        authority=world.authority,
        name="Aardvark Primary School",
        number_on_roll=212,
        percent_fsm=Decimal("23.5"),
        open_date=dt.date(2001, 9, 1),
    )
    response = client_for(world.director).get("/schools/download.xlsx?q=Aardvark")
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [cell.value for cell in sheet[1]]
    row = dict(zip(header, sheet[2], strict=True))
    assert sheet["A1"].font.bold is True
    assert (row["School"].value, row["School"].data_type) == ("Aardvark Primary School", "s")
    assert (row["Number on roll"].value, row["Number on roll"].data_type) == (212, "n")
    assert (row["% FSM"].value, row["% FSM"].data_type, row["% FSM"].number_format) == (0.235, "n", "0.0%")
    assert row["Open date"].is_date is True
    assert row["Open date"].value == dt.datetime(2001, 9, 1)
    assert row["Open date"].number_format == "d mmmm yyyy"
    assert row["Close date"].value is None
    # The CSV keeps the register's own forms: dates dd/mm/yyyy, the percentage as a number.
    csv_response = client_for(world.director).get("/schools/download.csv?q=Aardvark")
    record = next(csv.DictReader(io.StringIO(csv_response.content.decode("utf-8-sig"))))
    assert (record["Open date"], record["% FSM"], record["Number on roll"]) == ("01/09/2001", "23.5", "212")


@freeze_time("2026-12-03 10:00")
def test_dashboard_xlsx_holds_dates_and_percentages(world, client_for, evil):
    client = client_for(world.director)
    agendas = load_workbook(
        io.BytesIO(client.get(reverse("dashboards:table-download", args=["overdue-agendas", "xlsx"])).content)
    ).active
    meeting = next(row for row in agendas.iter_rows(min_row=2) if row[0].value == NEUTRALISED)
    assert (meeting[2].value, meeting[2].is_date) == (dt.datetime(2026, 12, 10), True)
    leads = load_workbook(
        io.BytesIO(client.get(reverse("dashboards:table-download", args=["visits-per-qa-lead", "xlsx"])).content)
    ).active
    lead = next(row for row in leads.iter_rows(min_row=2) if row[0].value == NEUTRALISED)
    # Three visits planned, two due by today, both held: 100%.
    assert [cell.value for cell in lead[1:4]] == [3, 2, 2]
    assert (lead[4].value, lead[4].data_type, lead[4].number_format) == (1, "n", "0%")
    csv_rows = list(
        csv.reader(
            io.StringIO(
                client.get(reverse("dashboards:table-download", args=["visits-per-qa-lead", "csv"])).content.decode(
                    "utf-8-sig"
                )
            )
        )
    )
    assert [NEUTRALISED, "3", "2", "2", "100%"] in csv_rows


def test_negative_numbers_stay_numbers_and_negative_text_is_neutralised():
    export = Export(headers=["n", "text", "when", "share"], rows=[[-5, "-5", dt.date(2026, 12, 2), Percent(12.5)]])
    cells = _xlsx_cells(export.xlsx_bytes())
    assert [(c.value, c.data_type) for c in cells[4:]] == [
        (-5, "n"),
        ("'-5", "s"),
        (dt.datetime(2026, 12, 2), "d"),
        (0.125, "n"),
    ]
    out = io.StringIO()
    export.write_csv(out)
    assert out.getvalue() == "\ufeffn,text,when,share\r\n-5,'-5,2026-12-02,12.5%\r\n"


@freeze_time("2026-12-03 10:00")
def test_a_school_name_with_a_nul_byte_downloads(world, client_for):
    # PostgreSQL cannot store a NUL in text at all, so there only the other control characters reach a download.
    nul = "\x00" if connection.vendor == "sqlite" else ""
    f.SchoolFactory(authority=world.authority, name=f"Nul{nul} Bell\x07 Primary School")
    client = client_for(world.director)
    response = client.get("/schools/download.xlsx")
    assert response.status_code == 200
    names = [
        row[2] for row in load_workbook(io.BytesIO(response.content)).active.iter_rows(min_row=2, values_only=True)
    ]
    assert "Nul Bell Primary School" in names
    csv_names = [
        r["School"]
        for r in csv.DictReader(io.StringIO(client.get("/schools/download.csv").content.decode("utf-8-sig")))
    ]
    assert "Nul Bell Primary School" in csv_names


# 23:30 in UTC on 30 June is 00:30 on 1 July in London.
@freeze_time("2026-06-30 23:30")
def test_file_names_hold_the_authority_and_the_day_in_london(world, client_for):
    client = client_for(world.director)
    names = {
        url: client.get(url)["Content-Disposition"]
        for url in (
            reverse("schools:register-csv"),
            reverse("schools:register-xlsx"),
            reverse("visits:plan-csv"),
            reverse("dashboards:table-download", args=["schools-per-band", "csv"]),
            reverse("dashboards:table-download", args=["visits-per-qa-lead", "xlsx"]),
        )
    }
    assert list(names.values()) == [
        'attachment; filename="demo-borough-schools-register-2026-07-01.csv"',
        'attachment; filename="demo-borough-schools-register-2026-07-01.xlsx"',
        'attachment; filename="demo-borough-visit-plan-2026-07-01.csv"',
        'attachment; filename="demo-borough-schools-per-band-2026-07-01.csv"',
        'attachment; filename="demo-borough-visits-per-qa-lead-2026-07-01.xlsx"',
    ]


def test_characters_xlsx_cannot_hold_are_removed_from_both_formats():
    export = Export(headers=["name"], rows=[["A\x00B\x1b\ufffeC\ud800D\tE"]])
    assert _xlsx_cells(export.xlsx_bytes())[1].value == "ABCD\tE"
    out = io.StringIO()
    export.write_csv(out)
    assert out.getvalue() == "\ufeffname\r\nABCD\tE\r\n"
