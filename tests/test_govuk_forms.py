"""The project's own GOV.UK template pack (qa_portal.govuk_forms): the date field says what the GOV.UK Design System
says, its markup is Frontend 6's date input, errors link to the first input in error, and a page that writes its
own <form> round `{% crispy form %}` has one form and one CSRF token."""

import datetime as dt
import re

import pytest
from django import forms
from django.template import Context, Template
from django.urls import reverse

from qa_portal.govuk_forms.fields import DateInputField
from qa_portal.govuk_forms.helper import FormHelper
from qa_portal.govuk_forms.layout import Button, Field, Layout


class VisitDateForm(forms.Form):
    visit_date = DateInputField(label="Date of the visit", help_text="For example, 27 3 2027")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(Field("visit_date"), Button("save", "Save"))


def errors_for(day, month, year):
    form = VisitDateForm(data={"visit_date_0": day, "visit_date_1": month, "visit_date_2": year})
    assert not form.is_valid()
    return form.errors["visit_date"]


def render(form):
    return Template(
        '{% load crispy_forms_tags %}{% include "govuk/layout/error_summary.html" %}{% crispy form %}'
    ).render(Context({"form": form}))


def test_an_empty_required_date_says_enter_it():
    assert errors_for("", "", "") == ["Enter date of the visit"]


@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("", "8", "2026", "Date of the visit must include a day"),
        ("31", "", "2026", "Date of the visit must include a month"),
        ("31", "8", "", "Date of the visit must include a year"),
        ("", "", "2026", "Date of the visit must include a day and month"),
        ("31", "", "", "Date of the visit must include a month and year"),
    ],
)
def test_a_missing_part_is_named(day, month, year, message):
    assert errors_for(day, month, year) == [message]


def test_an_impossible_date_must_be_a_real_date():
    assert errors_for("31", "2", "2026") == ["Date of the visit must be a real date, like 31 8 2026"]
    assert errors_for("1", "13", "2026") == ["Date of the visit must be a real date, like 31 8 2026"]


def test_a_part_that_is_not_a_number_must_be_a_real_date():
    assert errors_for("first", "8", "2026") == ["Date of the visit must be a real date, like 31 8 2026"]
    assert errors_for("3", "8", "２０２６") == ["Date of the visit must be a real date, like 31 8 2026"]


def test_the_year_has_4_digits():
    assert errors_for("3", "8", "26") == ["Date of the visit must include a year with 4 numbers, like 2026"]


def test_a_valid_date_round_trips():
    form = VisitDateForm(data={"visit_date_0": " 3", "visit_date_1": "08", "visit_date_2": "2026"})
    assert form.is_valid()
    assert form.cleaned_data["visit_date"] == dt.date(2026, 8, 3)
    html = render(VisitDateForm(initial={"visit_date": dt.date(2026, 8, 3)}))
    assert 'name="visit_date_0" type="text" inputmode="numeric" value="3"' in html
    assert 'name="visit_date_1" type="text" inputmode="numeric" value="8"' in html
    assert 'name="visit_date_2" type="text" inputmode="numeric" value="2026"' in html


def test_an_optional_date_left_empty_is_none():
    class OptionalForm(forms.Form):
        due = DateInputField(label="Due date", required=False)

    form = OptionalForm(data={"due_0": "", "due_1": "", "due_2": ""})
    assert form.is_valid()
    assert form.cleaned_data["due"] is None


def test_the_date_input_is_frontend_6_markup():
    html = render(VisitDateForm())
    assert '<fieldset class="govuk-fieldset" role="group" aria-describedby="id_visit_date-hint">' in html
    assert '<legend class="govuk-fieldset__legend">Date of the visit</legend>' in html
    assert '<div id="id_visit_date-hint" class="govuk-hint">For example, 27 3 2027</div>' in html
    assert '<div class="govuk-date-input" id="id_visit_date">' in html
    assert html.count('<div class="govuk-date-input__item">') == 3
    for index, (label, width) in enumerate([("Day", 2), ("Month", 2), ("Year", 4)]):
        assert f'<label class="govuk-label govuk-date-input__label" for="id_visit_date_{index}">{label}</label>' in html
        assert (
            f'<input class="govuk-input govuk-date-input__input govuk-input--width-{width}" '
            f'id="id_visit_date_{index}" name="visit_date_{index}" type="text" inputmode="numeric">'
        ) in html
    assert "govuk-error" not in html


def test_an_error_on_one_part_marks_that_input_and_the_summary_links_to_it():
    form = VisitDateForm(data={"visit_date_0": "3", "visit_date_1": "", "visit_date_2": "2026"})
    form.is_valid()
    html = render(form)
    assert '<a href="#id_visit_date_1">Date of the visit must include a month</a>' in html
    assert 'class="govuk-form-group govuk-form-group--error"' in html
    assert 'aria-describedby="id_visit_date-hint id_visit_date-error"' in html
    assert (
        '<p id="id_visit_date-error" class="govuk-error-message"><span class="govuk-visually-hidden">Error:</span> '
        "Date of the visit must include a month</p>"
    ) in html
    assert re.findall(r'class="([^"]*)" id="id_visit_date_(\d)"', html) == [
        ("govuk-input govuk-date-input__input govuk-input--width-2", "0"),
        ("govuk-input govuk-date-input__input govuk-input--width-2 govuk-input--error", "1"),
        ("govuk-input govuk-date-input__input govuk-input--width-4", "2"),
    ]


def test_an_impossible_day_links_to_the_day_input():
    form = VisitDateForm(data={"visit_date_0": "31", "visit_date_1": "2", "visit_date_2": "2026"})
    form.is_valid()
    html = render(form)
    assert '<a href="#id_visit_date_0">Date of the visit must be a real date, like 31 8 2026</a>' in html
    assert 'value="31"' in html  # what was typed is shown again
    assert re.findall(r'class="[^"]*govuk-input--error" id="(id_visit_date_\d)"', html) == ["id_visit_date_0"]


def test_an_error_about_the_whole_date_marks_every_input_and_links_to_the_day():
    form = VisitDateForm(data={"visit_date_0": "3", "visit_date_1": "8", "visit_date_2": "2026"})
    assert form.is_valid()
    form.add_error("visit_date", "The date of the visit must be a school day")
    html = render(form)
    assert '<a href="#id_visit_date_0">The date of the visit must be a school day</a>' in html
    assert len(re.findall(r'govuk-input--error" id="id_visit_date_\d"', html)) == 3


def test_the_helper_writes_no_form_of_its_own_unless_given_an_action():
    html = render(VisitDateForm())
    assert "<form" not in html and "csrfmiddlewaretoken" not in html
    form = VisitDateForm()
    form.helper.form_method = "get"
    form.helper.form_action = "/dashboard/"
    assert '<form action="/dashboard/" method="get" novalidate>' in render(form)


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["accounts:sign-in", "accounts:password-reset"])
def test_sign_in_and_password_reset_pages_have_one_form_and_one_csrf_token(client, name):
    page = client.get(reverse(name)).content.decode()
    main = page[page.index("<main") : page.index("</main>")]
    assert main.count("<form") == 1
    assert main.count("csrfmiddlewaretoken") == 1
    assert page.count("<form") == 1  # signed out: no sign-out form in the header either
    assert page.count("csrfmiddlewaretoken") == 1
