"""Issue 15: the head asks for a review of a published classification; a director who was not involved decides it
within the framework's days; the head sees and is sent the outcome; a band to change is the QA lead's to reassess.
The letter says how to ask and by when."""

import datetime as dt
import re

import pytest
from django.conf import settings
from django.core import mail
from django.template.loader import render_to_string
from django.urls import reverse
from freezegun import freeze_time

from classification import notifications, services
from classification.letters import letter_context
from classification.models import Band, Letter, ReviewRequest
from qa_portal.accounts.roles import Role
from qa_portal.notifications.models import Notification
from qa_portal.notifications.services import notify
from tests import factories as f
from tests.base import main_content, url_in

from .helpers import assess

pytestmark = pytest.mark.django_db

NOW = "2026-11-24 10:00:00"


@pytest.fixture
def t24(world):
    framework = f.preset_framework("telford-wrekin-2024", world.authority)
    framework.review_request_days, framework.review_response_days = 28, 15
    framework.save()
    return framework


@pytest.fixture
def second_director(world):
    return f.director(world.authority)


def published(world, *, proposer=None):
    """Proposed by `proposer` (the QA lead), confirmed by the world's director, discussed and published today."""
    proposer = proposer or world.qa_lead
    f.indicator_values(world.school, persistent_absence_pct=14.2)
    assessment = assess(world.school, proposer)
    band = Band.objects.get(framework=assessment.framework, code="yellow")
    classification = services.classification_propose(
        assessment=assessment, band=band, rationale="Attendance is the main concern.", user=proposer
    )
    services.classification_confirm(classification=classification, user=world.director, comment="Agreed")
    services.classification_record_discussion(
        classification=classification, user=world.qa_lead, discussed_on=dt.date(2026, 11, 20), note="Head agrees"
    )
    return services.classification_publish(classification=classification, user=world.qa_lead)


def ask(world, classification, reason="The absence figure includes a pupil in hospital"):
    return services.review_request(classification=classification, user=world.head, reason=reason)


def text_of(html):
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def school_page(world):
    return reverse("schools:detail", kwargs={"urn": world.school.urn})


@freeze_time(NOW)
def test_the_head_asks_for_a_review_which_goes_to_a_director_who_was_not_involved(
    world, t24, second_director, client_for, django_capture_on_commit_callbacks
):
    # The QA lead who proposed is a director too; the world's director confirmed: the other director decides.
    f.give_role(world.qa_lead, Role.DIRECTOR, authority=world.authority)
    classification = published(world)
    mail.outbox.clear()
    Notification.objects.all().delete()
    client = client_for(world.head)
    page = main_content(client.get(school_page(world)))
    assert "Ask for a review of this classification</a> (until 22 December 2026)" in page
    form_page = main_content(client.get(reverse("classification:request-review", kwargs={"urn": world.school.urn})))
    assert "decides within 15 days" in form_page
    assert "You can ask until 22 December 2026." in form_page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("classification:request-review", kwargs={"urn": world.school.urn}),
            {"reason": "The absence figure includes a pupil in hospital"},
        )
    assert response.status_code == 302
    assert response["Location"] == url_in(world.authority, "schools:detail", urn=world.school.urn) + (
        "#classification-reviews"
    )
    [review] = ReviewRequest.objects.all()
    assert review.classification == classification
    assert review.requested_by == world.head
    assert review.due_on == dt.date(2026, 12, 9)
    assert review.assigned_to == second_director
    assert review.status == ReviewRequest.Status.OPEN

    [notification] = Notification.objects.filter(kind=notifications.REVIEW_REQUESTED)
    assert notification.recipient == second_director
    assert notification.url == reverse("classification:review", kwargs={"pk": review.pk})
    assert notification.key == f"review-requested:{review.pk}"
    assert notification.text == (
        f"{world.head} asks for a review of Brookmead Primary School's classification (Yellow): "
        "decide by 9 December 2026."
    )
    assert not Notification.objects.filter(recipient=world.qa_lead)
    [message] = mail.outbox
    assert message.to == [second_director.email]
    assert "The absence figure includes a pupil in hospital" in message.body
    assert url_in(world.authority, "classification:review", pk=review.pk) in message.body

    # Asking again, and the same event told again, duplicate nothing.
    again = client.post(reverse("classification:request-review", kwargs={"urn": world.school.urn}), {"reason": "Again"})
    assert again.status_code == 200
    assert "You asked for a review on 24 November 2026; a director will decide by 9 December 2026." in (
        main_content(again)
    )
    told_again = notify(
        recipients=[second_director],
        kind=notifications.REVIEW_REQUESTED,
        text="again",
        url=notification.url,
        key=notification.key,
        authority=world.authority,
    )
    assert told_again == 0
    assert ReviewRequest.objects.count() == 1
    assert Notification.objects.filter(kind=notifications.REVIEW_REQUESTED).count() == 1
    assert len(mail.outbox) == 1
    # The head sees the open review on the school page.
    page = main_content(client.get(school_page(world)))
    assert 'id="classification-reviews"' in page
    assert "Awaiting a decision</strong> a director will decide by 9 December 2026." in page
    assert "Ask for a review of this classification</a>" not in page


@freeze_time(NOW)
def test_with_one_director_not_involved_in_confirming_the_review_goes_to_the_other(world, t24):
    classification = published(world)
    review = ask(world, classification)
    # The only director confirmed it, and did not propose it: they are the one who may decide.
    assert review.assigned_to == world.director
    assert [n.recipient for n in Notification.objects.filter(kind=notifications.REVIEW_REQUESTED)] == [world.director]


@freeze_time(NOW)
def test_reasons_are_needed(world, t24, client_for):
    published(world)
    response = client_for(world.head).post(
        reverse("classification:request-review", kwargs={"urn": world.school.urn}), {"reason": "  "}
    )
    assert response.status_code == 200
    page = main_content(response)
    assert "There is a problem" in page
    assert "Enter why you are asking for a review" in page
    assert ReviewRequest.objects.count() == 0


@freeze_time("2026-12-23 10:00:00")
def test_the_window_since_publication_has_passed(world, t24, client_for):
    f.published_classification(
        world.school, t24.bands.get(code="yellow"), by=world.qa_lead, since=dt.date(2026, 11, 24)
    )
    client = client_for(world.head)
    refusal = (
        "The time to ask for a review of this classification ended on 22 December 2026. "
        "You can still ask to discuss it with your QA lead."
    )
    page = main_content(client.get(school_page(world)))
    assert refusal in page
    assert "Ask for a review of this classification" not in page
    url = reverse("classification:request-review", kwargs={"urn": world.school.urn})
    assert refusal in main_content(client.get(url))
    response = client.post(url, {"reason": "We disagree"})
    assert response.status_code == 200
    assert refusal in main_content(response)
    assert ReviewRequest.objects.count() == 0


@freeze_time("2026-12-22 10:00:00")
def test_the_last_day_of_the_window_is_still_open(world, t24, client_for):
    classification = f.published_classification(
        world.school, t24.bands.get(code="yellow"), by=world.qa_lead, since=dt.date(2026, 11, 24)
    )
    page = main_content(client_for(world.head).get(school_page(world)))
    assert "Ask for a review of this classification</a> (until 22 December 2026)" in page
    review = ask(world, classification)
    assert review.due_on == dt.date(2027, 1, 6)


@freeze_time("2027-06-30 10:00:00")
def test_a_framework_without_a_window_takes_reviews_at_any_time_with_the_local_default_days(world):
    framework = f.preset_framework("telford-wrekin-2024", world.authority)
    assert framework.review_request_days is None
    framework.review_response_days = None
    framework.save()
    classification = f.published_classification(
        world.school, framework.bands.get(code="yellow"), by=world.qa_lead, since=dt.date(2026, 9, 1)
    )
    review = ask(world, classification)
    assert review.due_on == dt.date(2027, 7, 20)


@freeze_time(NOW)
def test_the_director_sees_the_assessment_and_reasons_and_decides_the_band_is_kept(
    world, t24, client_for, django_capture_on_commit_callbacks
):
    classification = published(world)
    review = ask(world, classification)
    mail.outbox.clear()
    client = client_for(world.director)
    url = reverse("classification:review", kwargs={"pk": review.pk})
    page = main_content(client.get(url))
    assert f'href="{url_in(world.authority, "classification:assessment", pk=classification.assessment_id)}"' in page
    assert "Look at the assessment and evidence" in page
    assert "The absence figure includes a pupil in hospital" in page
    assert "9 December 2026" in page
    assert "Attendance is the main concern." in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"outcome": "upheld", "outcome_text": "Absence is high without that pupil too"})
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.status == ReviewRequest.Status.DECIDED
    assert review.outcome == ReviewRequest.Outcome.UPHELD
    assert review.outcome_text == "Absence is high without that pupil too"
    assert review.decided_by == world.director
    [to_head] = Notification.objects.filter(kind=notifications.REVIEW_DECIDED, recipient=world.head)
    assert (
        to_head.text == "The review you asked for of Brookmead Primary School's classification is decided: band kept."
    )
    assert to_head.url == school_page(world) + "#classification-reviews"
    [to_lead] = Notification.objects.filter(kind=notifications.REVIEW_DECIDED, recipient=world.qa_lead)
    assert (
        to_lead.text == f"{world.director} decided the review of Brookmead Primary School's classification: band kept."
    )
    assert sorted(message.to[0] for message in mail.outbox) == sorted([world.head.email, world.qa_lead.email])
    [head_email] = [message for message in mail.outbox if message.to == [world.head.email]]
    assert "Absence is high without that pupil too" in head_email.body
    assert "The school's classification stays Yellow." in head_email.body

    # Decided once: a second decision is refused and tells nobody.
    again = client.post(url, {"outcome": "changed", "outcome_text": "Changed my mind"}, follow=True)
    assert "This review has already been decided" in again.content.decode()
    review.refresh_from_db()
    assert review.outcome == ReviewRequest.Outcome.UPHELD
    assert Notification.objects.filter(kind=notifications.REVIEW_DECIDED).count() == 2

    # The head sees the outcome on the school page.
    page = main_content(client_for(world.head).get(school_page(world)))
    assert "Band kept</strong> decided on 24 November 2026: Absence is high without that pupil too" in page


@freeze_time(NOW)
def test_the_proposer_and_a_qa_lead_cannot_decide(world, t24, second_director, client_for):
    f.give_role(world.qa_lead, Role.DIRECTOR, authority=world.authority)
    review = ask(world, published(world))
    url = reverse("classification:review", kwargs={"pk": review.pk})
    client = client_for(world.qa_lead)
    assert "You proposed this classification, so another director decides the review." in main_content(client.get(url))
    response = client.post(url, {"outcome": "changed", "outcome_text": "Mine"})
    assert response.status_code == 403
    assert client_for(world.other_qa_lead).post(url, {"outcome": "upheld", "outcome_text": "x"}).status_code == 403
    assert client_for(world.head).get(url).status_code == 404
    assert client_for(world.outside_director).get(url).status_code == 404
    review.refresh_from_db()
    assert review.status == ReviewRequest.Status.OPEN


@freeze_time(NOW)
def test_band_to_change_is_the_qa_leads_to_do_until_they_propose_again(
    world, t24, client_for, django_capture_on_commit_callbacks
):
    classification = published(world)
    review = ask(world, classification)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.review_decide(
            review=review, user=world.director, outcome="changed", outcome_text="The hospital pupil skews the figure"
        )
    [head_email] = [message for message in mail.outbox if message.to == [world.head.email]]
    assert "Your QA lead will now reassess the school." in head_email.body
    [lead_email] = [message for message in mail.outbox if message.to == [world.qa_lead.email]]
    assert "Reassess the school: start a new assessment and propose a band." in lead_email.body

    home = main_content(client_for(world.qa_lead).get(reverse("home-for-role", kwargs={"role": "qa-lead"})))
    assert "Reviews: band to change (1)" in home
    assert "Reassess Brookmead Primary School: a review decided its band (Yellow) is to change" in home
    assert "Decided on 24 November 2026" in home

    head_home = main_content(client_for(world.head).get(reverse("home-for-role", kwargs={"role": "headteacher"})))
    assert "Outcome of your requests (1)" in head_home
    assert "Review of Brookmead Primary School&#x27;s classification: band to change" in head_home
    assert "Band to change on 24 November 2026" in head_home
    assert f'href="{url_in(world.authority, "schools:detail", urn=world.school.urn)}#classification-reviews"' in (
        head_home
    )
    page = main_content(client_for(world.head).get(school_page(world)))
    assert "Band to change</strong> decided on 24 November 2026: The hospital pupil skews the figure" in page

    with freeze_time("2026-11-25 10:00:00"):
        assessment = assess(world.school, world.qa_lead, on_date=dt.date(2026, 11, 25))
        services.classification_propose(
            assessment=assessment,
            band=Band.objects.get(framework=t24, code="green"),
            rationale="Review: absence without the pupil is in line",
            user=world.qa_lead,
        )
    home = main_content(client_for(world.qa_lead).get(reverse("home-for-role", kwargs={"role": "qa-lead"})))
    assert "Reviews: band to change" not in home


@freeze_time(NOW)
def test_the_letter_and_its_email_say_how_to_ask_for_a_review_and_by_when(
    world, t24, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        classification = published(world)
    letter = Letter.objects.get(classification=classification, kind=Letter.Kind.PUBLICATION)
    expected = (
        "You can ask for a review of this classification on the school's page in the School Quality Assurance "
        "service ({url}) by 22 December 2026; a director who was not involved decides within 15 days."
    )
    full = settings.SITE_URL.rstrip("/") + url_in(world.authority, "schools:detail", urn=world.school.urn)
    html = text_of(render_to_string("classification/letter_pdf.html", letter_context(letter)))
    assert expected.format(url=full) in html
    [message] = [m for m in mail.outbox if m.attachments]
    assert expected.format(url=full) in " ".join(message.body.split())

    # Without a window: "at any time".
    t24.review_request_days = None
    t24.save()
    letter = Letter.objects.get(pk=letter.pk)
    html = text_of(render_to_string("classification/letter_pdf.html", letter_context(letter)))
    assert f"service ({full}) at any time; a director who was not involved decides within 15 days." in html


@freeze_time("2027-09-06 10:00:00")
def test_an_annual_letter_gives_the_days_from_its_own_date(world, t24):
    classification = f.published_classification(
        world.school, t24.bands.get(code="yellow"), by=world.qa_lead, since=dt.date(2026, 11, 24)
    )
    letter, _ = services.letter_create(classification=classification, kind=Letter.Kind.ANNUAL, academic_year=2027)
    html = text_of(render_to_string("classification/letter_pdf.html", letter_context(letter)))
    assert ") by 4 October 2027; a director who was not involved decides within 15 days." in html
    # The head may ask, within the annual letter's window.
    assert ask(world, classification).due_on == dt.date(2027, 9, 21)


@freeze_time(NOW)
def test_the_director_sees_proposals_with_their_assessment_and_reviews_to_decide(world, t24, client_for):
    f.indicator_values(world.school, persistent_absence_pct=14.2)
    assessment = assess(world.school, world.qa_lead)
    classification = services.classification_propose(
        assessment=assessment, band=Band.objects.get(framework=t24, code="yellow"), rationale="R", user=world.qa_lead
    )
    client = client_for(world.director)
    assessment_link = f'href="{url_in(world.authority, "classification:assessment", pk=assessment.pk)}"'
    decision = main_content(client.get(reverse("classification:decision", kwargs={"pk": classification.pk})))
    assert assessment_link in decision
    assert "Look at the assessment and evidence" in decision
    home = main_content(client.get(reverse("home-for-role", kwargs={"role": "director"})))
    assert "Proposals awaiting your confirmation (1)" in home
    assert f"Brookmead Primary School: Yellow proposed by {world.qa_lead} (Demo Borough)" in home
    assert assessment_link in home
    assert "Demo Borough; suggested" in home
    assert f'href="{url_in(world.authority, "classification:reviews")}"' in home


def test_reviews_to_decide_are_listed_with_their_due_dates_and_overdue_flagged(world, t24, client_for):
    with freeze_time(NOW):
        review = ask(world, published(world))
    with freeze_time("2026-12-10 10:00:00"):
        client = client_for(world.director)
        home = main_content(client.get(reverse("home-for-role", kwargs={"role": "director"})))
        assert "Reviews to decide (1)" in home
        assert "Review of Brookmead Primary School&#x27;s classification (Yellow)</a> " in home
        assert (
            '<strong class="govuk-tag govuk-tag--red">Overdue</strong> <span class="govuk-body-s">due 9 December 2026'
            in home
        )
        listing = main_content(client.get(reverse("classification:reviews")))
        assert f'href="{url_in(world.authority, "classification:review", pk=review.pk)}"' in listing
        assert "Overdue" in listing
        assert "decide by 9 December 2026" in listing
        assert client_for(world.qa_lead).get(reverse("classification:reviews")).status_code == 403


@freeze_time(NOW)
def test_the_qa_lead_has_discussion_requests_to_answer(world, t24, client_for):
    discussion = services.discussion_request(classification=published(world), user=world.head, message="Can we talk?")
    home = main_content(client_for(world.qa_lead).get(reverse("home-for-role", kwargs={"role": "qa-lead"})))
    assert "Discussion requests to answer (1)" in home
    assert f"Brookmead Primary School: {world.head} asks to discuss the classification" in home
    assert f'href="{url_in(world.authority, "classification:close-discussion", pk=discussion.pk)}"' in home
    services.discussion_close(discussion=discussion, user=world.qa_lead, outcome="Met; band stands")
    home = main_content(client_for(world.qa_lead).get(reverse("home-for-role", kwargs={"role": "qa-lead"})))
    assert "Discussion requests to answer" not in home
    head_home = main_content(client_for(world.head).get(reverse("home-for-role", kwargs={"role": "headteacher"})))
    assert "Discussion of Brookmead Primary School&#x27;s classification: see what was agreed" in head_home
    assert "Closed on 24 November 2026" in head_home


@freeze_time(NOW)
def test_when_the_only_director_proposed_it_the_review_waits_for_any_other_director(world, t24, client_for):
    f.give_role(world.qa_lead, Role.DIRECTOR, authority=world.authority)
    world.director.roles.all().delete()
    classification = f.published_classification(world.school, t24.bands.get(code="yellow"), by=world.qa_lead)
    review = ask(world, classification)
    assert review.assigned_to is None
    assert not Notification.objects.filter(kind=notifications.REVIEW_REQUESTED)
    proposer_home = main_content(client_for(world.qa_lead).get(reverse("home-for-role", kwargs={"role": "director"})))
    assert "Reviews to decide" not in proposer_home
    newcomer = f.director(world.authority)
    home = main_content(client_for(newcomer).get(reverse("home-for-role", kwargs={"role": "director"})))
    assert "Reviews to decide (1)" in home
