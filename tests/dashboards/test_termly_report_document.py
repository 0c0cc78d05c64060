"""The termly report as a document the authority would put before a scrutiny board: its letterhead and marking on
every page, the director's commentary, charts with titles and alternative text beside their figures, no heading
left at the foot of a page, the terms to choose from newest first, made in the authority the person works in."""

import re
import subprocess

import pytest
from freezegun import freeze_time

from dashboards.models import TermlyReport
from dashboards.reports import report_terms, termly_report_make
from dashboards.selectors import Filters
from qa_portal.accounts.roles import Role
from tests import factories as f
from tests.base import sign_in, url_in

from .builders import TODAY, build_authority

pytestmark = pytest.mark.django_db

MARKING = "OFFICIAL-SENSITIVE"
HEADINGS = ("Commentary", "Charts", "Tables")


def pdf_text(path, *args):
    return subprocess.run(
        ["pdftotext", "-layout", *args, str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def pdf_pages(path):
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1)), info


@pytest.fixture
def borough(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return build_authority(24, seed=7, name="Scale Borough", code="970")


def make(borough, *, commentary="", term_key="2026-autumn"):
    authority = borough["authority"]
    term = next(t for t in report_terms(authority, TODAY) if t.key == term_key)
    return termly_report_make(
        authority=authority, term=term, filters=Filters(), user=borough["director"], commentary=commentary, today=TODAY
    )


def body_lines(page_text):
    """The page's lines without the marking, the letter footer and "Page X of Y" the base prints on every page."""
    return [
        line.strip()
        for line in page_text.splitlines()
        if line.strip() and MARKING not in line and not re.search(r"Page \d+ of \d+", line)
    ]


def test_the_report_has_the_letterhead_title_marking_on_every_page_commentary_and_charts(borough):
    report = make(borough, commentary="Visits are on track.\n\nTwo schools moved to Red; both have review bodies.")
    assert report.commentary == "Visits are on track.\n\nTwo schools moved to Red; both have review bodies."
    assert report.title == "Termly report for Scale Borough – Autumn term 2026/27"
    pages, info = pdf_pages(report.pdf.path)
    assert "Tagged:          yes" in info
    assert pages >= 2
    for number in range(1, pages + 1):
        page = pdf_text(report.pdf.path, "-f", str(number), "-l", str(number))
        assert page.count(MARKING) >= 2, f"page {number} lacks the marking at its top and foot"
        assert f"Page {number} of {pages}" in page
    text = " ".join(pdf_text(report.pdf.path).split())
    assert text.startswith(f"{MARKING} Scale Borough")
    assert "Termly report for Scale Borough – Autumn term 2026/27" in text
    assert "Commentary Visits are on track. Two schools moved to Red; both have review bodies." in text
    for title in ("Schools in each band now", "Schools that moved band in the term", "Visits owed and held per term"):
        assert title in text
        assert f"Figures: {title.lower()}" in text
    assert "Figures: schools in each band now Band Schools now" in text
    assert "Figures: visits owed and held per term Term Visits owed Visits held" in text


def test_each_chart_is_an_image_with_a_title_and_alternative_text_and_its_figures_beside_it(borough):
    from dashboards.reports import report_charts
    from dashboards.selectors import build_dashboard

    board = build_dashboard(borough["authority"], Filters(), TODAY, movement_from=TODAY.replace(month=9, day=1))
    charts = report_charts(board)
    assert [chart["title"] for chart in charts] == [
        "Schools in each band now",
        "Schools that moved band in the term",
        "Visits owed and held per term",
    ]
    bands = charts[0]
    assert bands["rows"] == [[row.label, row.now] for row in board.band_rows]
    assert bands["description"].startswith(f"Bar chart of the {sum(r.now for r in board.band_rows)} schools")
    visits = charts[2]
    assert visits["rows"] == [[row[0], row[2], row[3]] for row in board.tables["visits_per_term"].rows]
    for chart in charts:
        if chart["svg"]:
            svg = str(chart["svg"])
            assert 'role="img"' in svg
            assert f'aria-label="{chart["title"]}"' in svg
            assert f"<title>{chart['title']}</title>" in svg
            assert "aria-hidden" not in svg


def test_no_commentary_says_so(borough):
    report = make(borough)
    assert "Commentary No commentary was written." in " ".join(pdf_text(report.pdf.path).split())


@pytest.mark.parametrize("paragraphs", [0, 12])
def test_no_page_ends_with_a_heading(borough, paragraphs):
    report = make(
        borough, commentary="\n\n".join(f"Paragraph {n} of the director's commentary." for n in range(paragraphs))
    )
    pages, _info = pdf_pages(report.pdf.path)
    headings = {*HEADINGS, "Overdue agendas", "Band movements", "Schools per band", "Schools causing concern"}
    for number in range(1, pages + 1):
        lines = body_lines(pdf_text(report.pdf.path, "-f", str(number), "-l", str(number)))
        last = lines[-1]
        assert last not in headings, f"page {number} ends with the heading {last!r}"
        assert not last.startswith(("Overdue minutes of meetings since", "Visits owed and held per")), last


def test_page_one_renders_as_an_image(borough, tmp_path):
    report = make(borough)
    subprocess.run(
        ["pdftoppm", "-r", "50", "-png", "-f", "1", "-l", "1", report.pdf.path, str(tmp_path / "page")], check=True
    )
    image = next(tmp_path.glob("page*.png"))
    assert image.read_bytes().startswith(b"\x89PNG")


@freeze_time("2026-12-02 10:00")
def test_the_form_offers_the_terms_newest_first_and_saves_the_commentary(
    borough, client, django_capture_on_commit_callbacks
):
    sign_in(client, borough["director"])
    page = client.get(url_in(borough["authority"], "dashboards:termly-reports")).content.decode()
    labels = re.findall(r'<label class="govuk-label govuk-radios__label" for="[^"]+">\s*([^<]+?)\s*</label>', page)
    assert labels == ["Autumn term 2026/27", "Summer term 2025/26", "Spring term 2025/26", "Autumn term 2025/26"]
    assert "Commentary (optional)" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url_in(borough["authority"], "dashboards:termly-reports"),
            {"term": "2026-autumn", "commentary": "Steady term."},
        )
    assert response.status_code == 302
    report = TermlyReport.objects.get()
    assert report.commentary == "Steady term."
    assert "Commentary Steady term." in " ".join(pdf_text(report.pdf.path).split())


@freeze_time("2026-11-24 10:00")
def test_a_person_in_two_authorities_makes_the_report_of_the_one_they_work_in(
    borough, client, django_capture_on_commit_callbacks
):
    other = f.AuthorityFactory(name="Second Borough", code="971")
    director = borough["director"]
    f.give_role(director, Role.DIRECTOR, authority=other)
    sign_in(client, director)
    page = client.get(url_in(other, "dashboards:termly-reports")).content.decode()
    assert '<span class="govuk-caption-l">Second Borough</span>' in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url_in(other, "dashboards:termly-reports"), {"term": "2026-autumn"})
    report = TermlyReport.objects.get()
    assert report.authority == other
    text = " ".join(pdf_text(report.pdf.path).split())
    assert text.startswith(f"{MARKING} Second Borough")
    assert "Termly report for Second Borough – Autumn term 2026/27" in text
    assert "Scale Borough" not in text
