"""Issue 15 in Chromium, acceptance 1: a head asks for a review and the director records its outcome, which the head
sees and is emailed; a head's comment on a note gets a response the head can see; papers the head sends meet the
deadline on the head's and the QA lead's homes. Every page on the way is axe-core clean."""

import datetime as dt

import pytest
from django.core import mail

from classification.models import ReviewRequest
from tests import factories as f
from tests.classification.test_review_route import published
from visits import services as visits

from .conftest import assert_accessible, sign_in_by_keyboard

pytestmark = pytest.mark.browser

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def _second_page(browser, live_server, person):
    context = browser.new_context(base_url=live_server.url)
    other = context.new_page()
    other.set_default_timeout(15_000)
    other.console_problems = []
    sign_in_by_keyboard(other, person.email)
    return context, other


def _main(page):
    return " ".join(page.locator("main").inner_text().split())


def test_a_head_asks_for_a_review_and_sees_the_directors_outcome(page, browser, live_server, world):
    framework = f.preset_framework("telford-wrekin-2024", world.authority)
    framework.review_request_days, framework.review_response_days = 28, 15
    framework.save()
    published(world)

    sign_in_by_keyboard(page, world.head.email)
    page.goto(f"/schools/{world.school.urn}/")
    assert "Ask for a review of this classification (until 22 December 2026)" in _main(page)
    with page.expect_navigation():
        page.get_by_role("link", name="Ask for a review of this classification").click()
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Ask for a review").click()  # no reasons: the error says so
    assert page.title().startswith("Error:")
    assert_accessible(page)
    page.get_by_label("Why are you asking for a review?").fill("The absence figure counts a closed week.")
    with page.expect_navigation():
        page.get_by_role("button", name="Ask for a review").click()
    assert "a director will decide by 9 December 2026" in _main(page)
    assert_accessible(page)
    review = ReviewRequest.objects.get()
    assert review.assigned_to == world.director

    context, director = _second_page(browser, live_server, world.director)
    director.goto("/classification/reviews/")
    assert_accessible(director)
    with director.expect_navigation():
        director.get_by_role("link", name="Brookmead Primary School").first.click()
    assert "The absence figure counts a closed week." in _main(director)
    assert director.get_by_role("link", name="Look at the assessment and evidence").count() == 1
    assert_accessible(director)
    director.get_by_label("Band kept").check()
    director.get_by_label("Your reasons").fill("The closed week is excluded from the figure already.")
    with director.expect_navigation():
        director.get_by_role("button", name="Record the decision").click()
    assert_accessible(director)
    context.close()

    page.goto(f"/schools/{world.school.urn}/")
    assert "Band kept decided on 24 November 2026: The closed week is excluded from the figure already." in _main(page)
    assert_accessible(page)
    to_head = [m for m in mail.outbox if m.to == [world.head.email] and "review" in m.subject.lower()]
    assert len(to_head) == 1
    assert "The closed week is excluded from the figure already." in to_head[0].body


def test_a_heads_comment_gets_a_response_the_head_can_see(page, browser, live_server, world):
    f.framework_with_bands(world.authority)
    visit = f.visit(world.school, on=dt.date(2026, 11, 17), status="held")
    note = visits.note_start(visit=visit, user=world.qa_lead)
    section = note.sections.first()
    section.evaluation = "Attendance is 91%."
    section.save()
    note.next_steps = "Keep the attendance work going."
    note.save()
    visits.note_send_for_accuracy(note=note, user=world.qa_lead)

    sign_in_by_keyboard(page, world.head.email)
    page.goto(f"/visits/{visit.pk}/note/")
    assert_accessible(page)
    page.get_by_label("No, I have comments on its accuracy").check()
    page.get_by_label(f"Comment on {section.title.lower()}").fill("Attendance is 93% this term.")
    with page.expect_navigation():
        page.get_by_role("button", name="Send my response").click()
    assert_accessible(page)

    context, lead = _second_page(browser, live_server, world.qa_lead)
    lead.goto(f"/visits/{visit.pk}/note/")
    assert "Attendance is 93% this term." in _main(lead)
    assert_accessible(lead)
    lead.get_by_label(f"Your response to the headteacher's comment on {section.title}").fill(
        "Thank you: the figure is now this term's."
    )
    lead.locator(f"input[name='outcome_{section.pk}'][value='corrected']").check()
    with lead.expect_navigation():
        lead.get_by_role("button", name="Save note").click()
    assert_accessible(lead)
    context.close()

    page.reload()
    section_text = _main(page)
    assert "Attendance is 93% this term." in section_text
    assert "Thank you: the figure is now this term's." in section_text
    assert "Corrected" in section_text
    assert_accessible(page)


def test_papers_the_head_sends_meet_the_deadline_on_both_homes(page, browser, live_server, world, tmp_path):
    f.framework_with_bands(world.authority)
    meeting = f.visit(
        world.school,
        code="monitoring_support_meeting",
        on=dt.date(2026, 12, 8),
        status="confirmed",
        agenda_due=dt.date(2026, 11, 24),
        papers_due=dt.date(2026, 12, 1),
    )

    sign_in_by_keyboard(page, world.head.email)
    assert page.url.endswith("/home/headteacher/")
    todo = page.locator(".app-todos li", has_text="Papers for the monitoring and support meeting")
    assert "due 1 December 2026" in todo.inner_text()
    assert "Sent on" not in todo.inner_text()
    with page.expect_navigation():
        todo.get_by_role("link").click()
    assert_accessible(page)
    plan = tmp_path / "improvement-plan.pdf"
    plan.write_bytes(PDF)
    page.get_by_label("Upload the school improvement plan").set_input_files(str(plan))
    with page.expect_navigation():
        page.get_by_role("button", name="Send papers to the QA lead").click()
    assert_accessible(page)
    meeting.refresh_from_db()
    assert meeting.papers_received_on == dt.date(2026, 11, 24)

    page.goto("/home/headteacher/")
    todo = page.locator(".app-todos li", has_text="Papers for the monitoring and support meeting")
    assert "Sent on 24 November 2026" in todo.inner_text()
    assert todo.locator(".govuk-tag--red").count() == 0
    assert_accessible(page)

    context, lead = _second_page(browser, live_server, world.qa_lead)
    assert lead.url.endswith("/home/qa-lead/")
    received = lead.locator(".app-todos li", has_text="Papers from Brookmead Primary School")
    assert "Sent on 24 November 2026" in received.inner_text()
    assert_accessible(lead)
    with lead.expect_navigation():
        received.get_by_role("link").click()
    assert "Sent on 24 November 2026" in _main(lead)
    assert "Overdue" not in _main(lead)
    assert_accessible(lead)
    context.close()
