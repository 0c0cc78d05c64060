"""Issue 19: what the service writes reads as it should. No template syntax reaches a page; dates are "9 August
2023" (and "9 August 2023 at 2:30pm") on pages and in emails, never with a leading zero; an email's subject is one
line; no stray space before a full stop; labels keep the case of their acronyms; an indicator's value is written as
the school page writes it ("96.3%", "Met") wherever classification shows it."""

import datetime as dt
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.http import HttpResponse
from django.template import Context, Template, engines
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from qa_portal.dates import clock_time, long_date, long_datetime
from qa_portal.emails import email_message
from qa_portal.wording import from_code, in_sentence
from tests import factories as f
from tests.classification.helpers import assess, texts
from tests.test_access_matrix import _template_syntax
from tests.writing import email_problems

pytestmark = pytest.mark.django_db

PROJECT = Path(settings.BASE_DIR)
TEMPLATE_SUFFIXES = {".html", ".txt", ".xml", ".ics"}


def _project_templates():
    """Every template file of the project (its own directories and its apps'), none of an installed package's."""
    for directory in engines["django"].template_dirs:
        directory = Path(directory)
        if PROJECT not in directory.parents or ".venv" in directory.parts:
            continue
        for path in directory.rglob("*"):
            if path.suffix in TEMPLATE_SUFFIXES and path.is_file():
                yield path


def _text(html):
    """What a reader reads of some HTML: the tags dropped, the spaces collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _read(html):
    """The text with tags removed but no space added for them: "Amber</strong>." reads "Amber."."""
    return " ".join(re.sub(r"<[^>]+>", "", html).split())


# 1. Template syntax on pages


def test_no_template_has_a_comment_over_two_lines():
    """`{# … #}` is a comment only on one line; over two lines Django prints it (use {% comment %})."""
    found = []
    for path in _project_templates():
        source = path.read_text()
        for match in re.finditer(r"\{#.*?(#\}|$)", source, flags=re.M):
            if not match.group(1):
                line = source[: match.start()].count("\n") + 1
                found.append(f"{path.relative_to(PROJECT)}:{line}")
    assert list(_project_templates()), "no templates found"
    assert found == []


def test_the_page_check_finds_template_syntax_a_page_shows():
    printed = Template("{# A comment\n over two lines #}<p>Schools</p>").render(Context())
    assert printed == "{# A comment\n over two lines #}<p>Schools</p>"
    assert _template_syntax(HttpResponse(printed)) == ["'{#' in '{# A comment\\n over two lines #}<p>Schools</p>'"]
    # Not even as an example inside <code>: a page tells people in words how to type a brace.
    assert _template_syntax(HttpResponse("<p><code>{{</code></p>")) == ["'{{' in '<p><code>{{</code></p>'"]
    assert _template_syntax(HttpResponse("{{ x }}", content_type="text/csv")) == []
    token = '<input type="hidden" name="csrfmiddlewaretoken" value="x">'
    assert _template_syntax(HttpResponse(f'<form method="post">{token}<button>Send</button></form>')) == []
    assert _template_syntax(HttpResponse('<form method="get"><button>Filter</button></form>')) == []
    assert _template_syntax(HttpResponse('<form method="post"><button>Send</button></form>')) == [
        "a form that posts without a CSRF token: '<form method=\"post\"><button>Send</button></form>'"
    ]
    inner = f'<form method="post">{token}<form method="post">{token}</form>'
    assert _template_syntax(HttpResponse(inner + "</form>")) == [f"a form inside a form: {inner[:100]!r}"]
    assert (
        _template_syntax(
            HttpResponse(Template("{% comment %}Over\ntwo lines{% endcomment %}<p>S</p>").render(Context()))
        )
        == []
    )


def test_the_dashboard_tables_show_no_comment(world, client_for):
    page = client_for(world.director).get(reverse("dashboards:dashboard")).content.decode()
    assert "{#" not in page
    assert "A qa_portal.tables.Table" not in page


# 2. Dates


def test_dates_are_written_in_full_without_a_leading_zero(settings):
    day = dt.date(2023, 8, 9)
    afternoon = timezone.make_aware(dt.datetime(2023, 8, 9, 14, 30))
    rendered = Template(
        "{% load long_dates %}{{ day }}|{{ day|date }}|{{ day|date:'SHORT_DATE_FORMAT' }}|{{ moment|long_datetime }}"
    ).render(Context({"day": day, "moment": afternoon}))
    assert rendered == "9 August 2023|9 August 2023|9 Aug 2023|9 August 2023 at 2:30pm"
    assert long_date(dt.date(2026, 12, 3)) == "3 December 2026"
    # Stored in UTC, written in London's time: 13:30 UTC in August is 2:30pm.
    assert long_datetime(dt.datetime(2023, 8, 9, 13, 30, tzinfo=dt.UTC)) == "9 August 2023 at 2:30pm"
    assert long_datetime(dt.datetime(2026, 12, 3, 9, 0, tzinfo=dt.UTC)) == "3 December 2026 at 9am"
    assert [clock_time(dt.time(h, m)) for h, m in [(0, 0), (12, 0), (12, 15), (23, 5)]] == [
        "midnight",
        "midday",
        "12:15pm",
        "11:05pm",
    ]


def test_no_template_writes_a_day_with_a_leading_zero():
    """`date:"d …"` writes "03 December 2026"; pages and emails use "j" (ISO only in data files)."""
    found = [
        f"{path.relative_to(PROJECT)}: {match.group()}"
        for path in _project_templates()
        for match in re.finditer(r"""date:["'](?:[DlN] )?d\b[^"']*["']""", path.read_text())
    ]
    assert found == []


def test_no_sentence_in_python_writes_a_day_with_a_leading_zero():
    """`f"{day:%d %B %Y}"` writes "03 December 2026"; the house writes long_date(day) or `%-d`."""
    found = []
    for app in ("qa_portal", "schools", "classification", "visits", "governance", "dashboards", "records", "demo"):
        for path in (PROJECT / app).rglob("*.py"):
            for number, line in enumerate(path.read_text().splitlines(), 1):
                if re.search(r"%d %[Bb]", line):
                    found.append(f"{path.relative_to(PROJECT)}:{number}")
    assert found == []


@freeze_time("2026-12-01 09:00")
def test_a_reminder_email_dates_its_visit_without_a_leading_zero(world):
    visit = f.visit(world.school, on=dt.date(2026, 12, 3))
    message = email_message(
        template="visits/emails/papers_reminder",
        context={"visit": visit, "due": dt.date(2026, 12, 2), "overdue": False, "url": "https://example.test/v"},
        to=["head@example.test"],
    )
    assert message.subject == f"Papers due for the {visit.visit_type.phrase} on 3 December 2026"
    assert message.body.startswith("Please send the supporting papers to your QA lead by 2 December 2026.")
    assert email_problems(message) == []


def test_an_email_subject_is_one_line():
    message = email_message(
        template="classification/emails/letter",
        context={"subject": "  Brookmead Primary School:\n  your school’s\tclassification is Amber\n"},
        to=["head@example.test"],
    )
    assert message.subject == "Brookmead Primary School: your school’s classification is Amber"
    assert email_problems(message) == []


def test_the_email_check_finds_what_is_wrong():
    bad = EmailMultiAlternatives(subject="Visit on\n03 December 2026", body="Due by 02 December 2026.", to=["a@b.c"])
    assert email_problems(bad) == [
        "its subject is on more than one line: 'Visit on\\n03 December 2026'",
        "its subject writes a date with a leading zero: '03 December'",
        "its text writes a date with a leading zero: '02 December'",
    ]
    assert email_problems(EmailMultiAlternatives(subject="Visit on 3 December 2026", body="On 2026-12-03.")) == []


# 3. Sentences, labels and values


@freeze_time("2026-11-24 10:00:00")
def test_the_propose_page_has_no_space_before_its_full_stop(world, client_for):
    f.preset_framework("telford-wrekin-2024", world.authority)
    f.indicator_values(world.school, persistent_absence_pct=14.2)
    assessment = assess(world.school, world.qa_lead)
    band = assessment.suggested_band.label
    page = client_for(world.qa_lead).get(reverse("classification:propose", kwargs={"pk": assessment.pk}))
    assert f"The framework suggests {band}. You may propose a different band: give your reasons." in _read(
        page.content.decode()
    )
    assert f">{band}</strong>. You may propose" in page.content.decode()


@freeze_time("2026-11-24 10:00:00")
def test_the_head_reads_the_band_without_a_space_before_the_full_stop(world, client_for):
    framework = f.preset_framework("telford-wrekin-2024", world.authority)
    f.published_classification(world.school, framework.bands.get(code="amber"), by=world.qa_lead)
    page = client_for(world.head).get(reverse("classification:request-discussion", kwargs={"urn": world.school.urn}))
    assert "Your school's classification is Amber. Your QA lead will be asked to arrange a discussion." in _read(
        page.content.decode()
    )


def test_labels_keep_the_case_of_their_acronyms():
    assert in_sentence("Schools per band") == "schools per band"
    assert in_sentence("Current band against the latest Ofsted outcome") == (
        "current band against the latest Ofsted outcome"
    )
    assert in_sentence("QA visit") == "QA visit"
    assert in_sentence("A QA lead is assigned to a school") == "a QA lead is assigned to a school"
    assert in_sentence("Get Information About Schools establishments (GIAS)") == (
        "Get Information About Schools establishments (GIAS)"
    )
    assert from_code("qa_visit") == "QA visit"
    assert from_code("sen_qa_visit") == "SEN QA visit"
    assert from_code("interim_visit") == "Interim visit"


def test_a_dashboard_download_link_keeps_ofsted_capitalised(world, client_for):
    page = client_for(world.director).get(reverse("dashboards:dashboard")).content.decode()
    assert "Download current band against the latest Ofsted outcome:" in _read(page)
    assert "latest ofsted outcome" not in page


def test_a_visit_type_made_from_its_code_reads_qa_visit(world):
    from visits.planner import _visit_type

    assert _visit_type("sen_qa_visit", {}).name == "SEN QA visit"


@freeze_time("2026-11-24 10:00:00")
def test_the_assessment_shows_indicator_values_as_the_school_page_does(world, client_for):
    f.preset_framework("telford-wrekin-2024", world.authority)
    f.indicator_values(world.school, attendance_pct=(96.3, 94.5), safeguarding_audit=1)
    assessment = assess(world.school, world.qa_lead)
    page = client_for(world.qa_lead).get(reverse("classification:assessment", kwargs={"pk": assessment.pk}))
    rows = re.findall(r"<tr class=\"govuk-table__row\">(.*?)</tr>", page.content.decode(), flags=re.S)
    shown = [_text(row) for row in rows]
    assert "Attendance 2025/26 96.3% 94.5%" in shown
    assert "Safeguarding audit outcome 2025/26 Met –" in shown
    school_page = _text(
        client_for(world.qa_lead).get(reverse("schools:detail", kwargs={"urn": world.school.urn})).content.decode()
    )
    assert "96.3%" in school_page
    assert "Met" in school_page
    assert "96.30" not in _text(page.content.decode())
    assert "1.00" not in _text(page.content.decode())


@freeze_time("2026-11-24 10:00:00")
def test_a_reason_writes_an_outcome_as_met_or_not_met(world):
    f.preset_framework("telford-wrekin-2024", world.authority)
    f.indicator_values(world.school, safeguarding_audit=0)
    assessment = assess(world.school, world.qa_lead)
    assert "Safeguarding audit not met: Safeguarding audit outcome Not met, 2025/26" in texts(assessment)


def test_the_notification_settings_error_keeps_qa_capitalised():
    from qa_portal.notifications.kinds import get_kind

    assert in_sentence(get_kind("qa_lead_assigned").label) == "a QA lead is assigned to a school"


def test_a_register_filter_error_keeps_qa_and_ofsted_capitalised(world, client_for):
    page = client_for(world.qa_lead).get(reverse("schools:register"), {"qa_lead": "999999", "ofsted": "nonsense"})
    text = _read(page.content.decode())
    assert "Choose a QA lead from the list" in text
    assert "Choose a latest Ofsted outcome from the list" in text
