"""The director's dashboard: its numbers against counts made here independently, a fixed number of queries
at two data sizes, scope and permissions, downloads and the termly PDF."""

import csv
import io
from datetime import date, datetime, time

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time
from openpyxl import load_workbook
from pypdf import PdfReader

from classification.models import Classification
from dashboards.models import TermlyReport
from dashboards.selectors import Filters, build_dashboard, spearman
from governance.models import Conversation, EscalationStep, WarningNotice
from qa_portal.tables import Table
from schools.models import IndicatorValue, OfstedInspection
from tests import factories as f
from tests.base import sign_in
from visits.models import Visit

from .builders import LAST_YEAR, TODAY, build_authority

pytestmark = pytest.mark.django_db


def band_on(school, day):
    """Independent: the school's latest classification published on or before `day`."""
    end = timezone.make_aware(datetime.combine(day, time.max))
    published = [c for c in Classification.objects.filter(school=school) if c.published_at and c.published_at <= end]
    published.sort(key=lambda c: (c.published_at, c.pk))
    return published[-1].band.label if published else None


def latest_inspection(school):
    """Independent: the school's latest graded or report-card inspection (monitoring ones never change a category)."""
    inspections = sorted(
        OfstedInspection.objects.filter(school=school).exclude(framework="ungraded"), key=lambda i: (i.start_date, i.pk)
    )
    return inspections[-1] if inspections else None


@pytest.fixture
def borough():
    return build_authority(24, seed=7)


def table(board, slug):
    return board.tables[slug]


def test_band_counts_now_and_a_year_ago_match_an_independent_count(borough):
    board = build_dashboard(borough["authority"], Filters(), TODAY)
    rows = {row[1]: row for row in table(board, "schools_per_band").rows}
    for band in borough["bands"]:
        now = sum(1 for s in borough["schools"] if band_on(s, TODAY) == band.label)
        then = sum(1 for s in borough["schools"] if band_on(s, LAST_YEAR) == band.label)
        if now or then:
            assert rows[band.label][2:] == [now, then], band.label
    unclassified = sum(1 for s in borough["schools"] if band_on(s, TODAY) is None)
    if unclassified:
        assert rows["Not yet classified"][2] == unclassified
    assert sum(row[2] for row in rows.values()) == len(borough["schools"])


def test_band_movements_match_an_independent_count(borough):
    board = build_dashboard(borough["authority"], Filters(), TODAY, LAST_YEAR, TODAY)
    movements = table(board, "band_movements")
    columns = movements.headers[1:]
    expected = {}
    for school in borough["schools"]:
        pair = (band_on(school, LAST_YEAR) or "Not classified", band_on(school, TODAY) or "Not classified")
        if pair != ("Not classified", "Not classified"):
            expected[pair] = expected.get(pair, 0) + 1
    shown = {
        (row[0], column): count
        for row in movements.rows
        for column, count in zip(columns, row[1:], strict=True)
        if count
    }
    assert shown == expected
    assert board.movements_moved == sum(n for (a, b), n in expected.items() if a != b)


def test_visit_compliance_matches_an_independent_count(borough):
    board = build_dashboard(borough["authority"], Filters(), TODAY)
    autumn = next(row for row in table(board, "visits_per_term").rows if row[0] == "Autumn")
    visits = Visit.objects.filter(school__authority=borough["authority"], academic_year=2026, term="autumn")
    planned = [v for v in visits if v.status != "cancelled"]
    due = [v for v in planned if v.planned_date <= TODAY]
    held = [v for v in visits if v.status == "held"]
    assert autumn[1:4] == [len(planned), len(due), len(held)]
    assert autumn[4] == f"{round(100 * len(held) / len(due))}%"
    per_lead = {row[0]: row for row in table(board, "visits_per_qa_lead").rows}
    for lead in borough["leads"]:
        mine = Visit.objects.filter(school__authority=borough["authority"], qa_lead=lead, academic_year=2026)
        held_mine = sum(1 for v in mine if v.status == "held")
        assert per_lead[lead.get_full_name()][3] == held_mine


def test_overdue_minutes_and_agendas_match_an_independent_count(borough):
    # A meeting three years ago whose minutes never came: on its own page, not in the dashboard's list.
    recent = Visit.objects.filter(school__authority=borough["authority"], visit_type__is_meeting=True).first()
    f.visit(
        recent.school,
        code=recent.visit_type.code,
        on=date(2024, 2, 6),
        status="held",
        term="spring",
        academic_year=2023,
        qa_lead=None,
        minutes_due=date(2024, 2, 15),
    )
    board = build_dashboard(borough["authority"], Filters(), TODAY)
    meetings = Visit.objects.filter(school__authority=borough["authority"], visit_type__is_meeting=True)
    overdue_minutes = [
        v
        for v in meetings
        if v.status == "held"
        and date(2025, 9, 1) <= v.minutes_due < TODAY
        and (not hasattr(v, "note") or v.note.status == "draft")
    ]
    overdue_agendas = [
        v
        for v in meetings
        if v.status in ("planned", "confirmed")
        and v.agenda_due < TODAY
        and (not hasattr(v, "agenda") or v.agenda.circulated_at is None)
    ]
    awaiting = [v for v in meetings if hasattr(v, "note") and v.note.status == "sent"]
    assert len(table(board, "overdue_minutes").rows) == len(overdue_minutes) == 12
    assert "15 February 2024" not in str(table(board, "overdue_minutes").rows)
    assert table(board, "overdue_minutes").caption == "Overdue minutes of meetings since 1 September 2025"
    assert len(table(board, "overdue_agendas").rows) == len(overdue_agendas) == 10
    assert len(table(board, "notes_awaiting_factual_accuracy").rows) == len(awaiting) == 7


def test_band_against_ofsted_cross_tab_and_correlation(borough):
    board = build_dashboard(borough["authority"], Filters(), TODAY)
    crosstab = table(board, "band_against_ofsted")
    grade_columns = {1: 1, 2: 2, 3: 3, 4: 4}
    pairs = []
    expected = {}
    severity = {b.label: b.severity for b in borough["bands"]}
    for school in borough["schools"]:
        band = band_on(school, TODAY)
        if band is None:
            continue
        inspection = latest_inspection(school)
        grade = inspection.overall_effectiveness if inspection else None
        column = grade_columns.get(grade, "ungraded" if inspection else None)
        expected[(band, column)] = expected.get((band, column), 0) + 1
        if grade in grade_columns:
            pairs.append((severity[band], grade))
    codes = [1, 2, 3, 4, "ungraded", None]
    shown = {(row[0], code): n for row in crosstab.rows for code, n in zip(codes, row[1:], strict=True) if n}
    assert shown == expected
    assert board.correlation == pytest.approx(spearman(pairs))
    assert board.correlation_n == len(pairs)


def test_spearman_is_one_for_perfect_agreement_and_minus_one_for_reversal():
    assert spearman([(1, 1), (2, 2), (3, 3), (4, 4)]) == pytest.approx(1)
    assert spearman([(1, 4), (2, 3), (3, 2), (4, 1)]) == pytest.approx(-1)
    assert spearman([(1, 1), (1, 2)]) is None


def test_schools_causing_concern_match_an_independent_count(borough):
    board = build_dashboard(borough["authority"], Filters(), TODAY)
    expected = set()
    for school in borough["schools"]:
        inspection = latest_inspection(school)
        if (
            band_on(school, TODAY) in ("Amber", "Red")
            or (inspection and inspection.category_of_concern)
            or WarningNotice.objects.filter(school=school).exists()
            or EscalationStep.objects.filter(school=school).exists()
        ):
            expected.add(school.name)
    assert {row[0] for row in table(board, "schools_causing_concern").rows} == expected


def test_a_monitoring_inspection_keeps_a_school_in_its_category_on_the_dashboard(world):
    """Special measures since a graded inspection on 2 October 2024; a monitoring inspection since gives no grade and
    leaves the category in place: the school is still causing concern and still Inadequate in the cross-tab."""
    _framework, bands = f.framework_with_bands(world.authority)
    band = next(iter(bands.values()))
    f.published_classification(world.school, band, by=world.qa_lead, since=date(2026, 9, 14))
    f.OfstedInspectionFactory(school=world.school, start_date=date(2024, 10, 2), special_measures=True)
    f.OfstedInspectionFactory(
        school=world.school,
        start_date=date(2025, 6, 17),
        framework="ungraded",
        overall_effectiveness=None,
        safeguarding_effective=None,
        ungraded_outcome="Taking effective action",
    )
    board = build_dashboard(world.authority, Filters(), TODAY)
    concern = {row[0]: row for row in table(board, "schools_causing_concern").rows}
    assert "Ofsted: Special measures" in concern["Brookmead Primary School"][3]
    crosstab = {row[0]: row[1:] for row in table(board, "band_against_ofsted").rows}
    assert crosstab[band.label] == [0, 0, 0, 1, 0, 0]  # Inadequate, not "no overall grade"


def test_governance_numbers_match_an_independent_count(borough):
    board = build_dashboard(borough["authority"], Filters(), TODAY)
    maintained = [s for s in borough["schools"] if s.is_maintained]
    conversations = Conversation.objects.filter(school__in=maintained, academic_year=2026)
    summary = dict(table(board, "governance_conversations").rows)
    assert summary["Maintained schools owed a conversation"] == len(maintained)
    assert summary["Conversations agreed (done)"] == conversations.filter(status="agreed").count()
    assert summary["Overdue"] == sum(1 for c in conversations if c.status != "agreed" and c.due_by < TODAY)
    high = IndicatorValue.objects.filter(
        school__authority=borough["authority"], indicator__code="governor_vacancies_pct", value__gt=25
    )
    assert len(table(board, "boards_above_25_percent_vacancies").rows) == high.count() == 11


def test_filters_narrow_every_number(borough):
    lead = borough["leads"][0]
    board = build_dashboard(borough["authority"], Filters(qa_lead_id=lead.pk), TODAY)
    mine = [s for s in borough["schools"] if s.qa_lead_id == lead.pk]
    assert sum(row[2] for row in table(board, "schools_per_band").rows) == len(mine)
    assert {row[0] for row in table(board, "visits_per_qa_lead").rows} == {lead.get_full_name()}


def dashboard_queries(client, authority_size, seed):
    data = build_authority(authority_size, seed=seed, code=str(900 + seed), name=f"Borough {seed}")
    sign_in(client, data["director"])
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("dashboards:dashboard"))
    assert response.status_code == 200
    return len(queries)


def test_dashboard_queries_do_not_grow_with_the_data(client):
    with freeze_time("2026-11-24 10:00"):
        small = dashboard_queries(client, 4, seed=1)
        large = dashboard_queries(client, 40, seed=2)
    assert small == large, f"{small} queries with 4 schools, {large} with 40"


def test_only_directors_of_the_authority_see_the_dashboard(client_for, world, borough):
    for user in (world.qa_lead, world.head, world.chair, world.admin):
        assert client_for(user).get(reverse("dashboards:dashboard")).status_code == 403
    page = client_for(borough["director"]).get(reverse("dashboards:dashboard")).content.decode()
    assert f"{borough['authority'].name}, as at" in page
    assert world.school.name not in page


def test_table_downloads_hold_the_same_rows(client, borough):
    with freeze_time("2026-11-24 10:00"):
        sign_in(client, borough["director"])
        board = build_dashboard(borough["authority"], Filters(), TODAY)
        response = client.get(reverse("dashboards:table-download", args=["schools-per-band", "csv"]))
        xlsx = client.get(reverse("dashboards:table-download", args=["schools-per-band", "xlsx"]))
        missing = client.get(reverse("dashboards:table-download", args=["nothing", "csv"]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    expected = table(board, "schools_per_band")
    assert rows[0] == expected.headers
    assert rows[1:] == [[str(cell) for cell in row] for row in expected.rows]
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    cells = [["" if cell is None else cell for cell in r] for r in sheet.iter_rows(min_row=2, values_only=True)]
    assert cells == expected.rows
    assert missing.status_code == 404


def test_termly_report_is_made_in_the_background_and_holds_the_band_counts(
    client, borough, django_capture_on_commit_callbacks, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    frozen = freeze_time("2026-11-24 10:00")
    frozen.start()
    sign_in(client, borough["director"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("dashboards:termly-reports"), {"term": "2026-autumn"})
    assert response.status_code == 302
    assert "/jobs/" in response.url
    job_page = client.get(response.url).content.decode()
    assert "Your report is ready" in job_page
    report = TermlyReport.objects.get()
    text = "\n".join(page.extract_text() for page in PdfReader(report.pdf.path).pages)
    assert "Termly report for Scale Borough – Autumn term 2026/27" in " ".join(text.split())
    board = build_dashboard(borough["authority"], Filters(), TODAY, report.period_start, TODAY)
    for _framework, band, now, _then in table(board, "schools_per_band").rows:
        assert f"{band} {now}" in " ".join(text.split()), f"{band} {now} missing from the PDF"
    download = client.get(reverse("dashboards:termly-report-download", args=[report.pk]))
    frozen.stop()
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_choosing_no_term_shows_an_error_not_a_500(client, borough):
    with freeze_time("2026-11-24 10:00"):
        sign_in(client, borough["director"])
        response = client.post(reverse("dashboards:termly-reports"), {})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Choose a term" in page and "govuk-error-summary" in page
    assert not TermlyReport.objects.exists()


def test_a_long_dashboard_table_shows_25_rows_and_says_the_downloads_have_all():
    rows = [[f"School {n:02d}", n] for n in range(30)]
    html = render_to_string("dashboards/table.html", {"table": Table("long", "Long list", ["School", "N"], rows)})
    assert html.count('<th scope="row"') == 25
    assert "School 24" in html and "School 25" not in html
    assert "Showing the first 25 of 30 rows. The downloads have them all." in html
    short = render_to_string("dashboards/table.html", {"table": Table("short", "Short", ["School", "N"], rows[:25])})
    assert "Showing the first" not in short
