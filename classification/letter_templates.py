"""The wording of an authority's letters, per kind of letter: a subject and a body with placeholders.

A template is plain text. `{school_name}` and the other PLACEHOLDERS are filled in from the letter; a brace is
written `{{` or `}}`. Anything else between braces, or a brace left open or closed alone, is refused by
`template_problems` with a message naming it, before a template is saved. The body's paragraphs are separated by
a blank line. The reasons, the support and challenge, what the school does and how to ask for a review are not
in the template: the letter generates them from the classification, after the body.
"""

import datetime
import string
from dataclasses import dataclass

from django.utils import timezone
from django.utils.dateformat import format as date_format

from qa_portal.academic_year import academic_year_for, year_label

from .models import Letter, LetterTemplate

# name -> what it becomes, shown on the edit page.
PLACEHOLDERS = {
    "school_name": "The school’s name",
    "urn": "The school’s URN",
    "band": "The band the school is in, like Yellow",
    "headteacher": "The headteacher’s name (or “the headteacher”)",
    "chair": "The chair of governors’ name (or “the chair of governors”)",
    "academic_year": "The academic year of the letter, like 2026/27",
    "framework_name": "The name of the framework the band is from",
    "letter_date": "The letter’s date, like 9 August 2026",
    "review_by": "When a review can be asked for: “by 9 December 2026”, or “at any time”",
    "review_response_days": "The days a director has to decide a review",
    "qa_lead": "The school’s QA lead (or “your QA lead”)",
    "authority_name": "Your authority’s name",
    "signatory_name": "Who signs the letter (from the brand page; else the authority’s name)",
    "signatory_title": "Their job title",
}


@dataclass(frozen=True)
class Wording:
    subject: str
    body: str
    is_default: bool = False


DEFAULTS = {
    Letter.Kind.PUBLICATION: Wording(
        subject="{school_name}: your school’s classification is {band}",
        body=(
            "I am writing to let you know the outcome of {school_name}’s quality assurance classification under "
            "{framework_name}.\n\n"
            "Your school’s classification is {band}. The reasons for it, and the support and challenge that come "
            "with it, are set out below.\n\n"
            "If you would like to talk about it, please contact {qa_lead}. You can ask for a review of the "
            "classification {review_by}."
        ),
        is_default=True,
    ),
    Letter.Kind.ANNUAL: Wording(
        subject="{school_name}: your school’s classification for {academic_year}",
        body=(
            "This is {school_name}’s annual quality assurance letter for {academic_year}, under "
            "{framework_name}.\n\n"
            "Your school’s classification for {academic_year} is {band}. The reasons for it, and the support and "
            "challenge that come with it this year, are set out below.\n\n"
            "If you would like to talk about it, please contact {qa_lead}. You can ask for a review of the "
            "classification {review_by}."
        ),
        is_default=True,
    ),
}

SAMPLE_VALUES = {
    "school_name": "Brookmead Primary School",
    "urn": "990001",
    "band": "Yellow",
    "headteacher": "Grace Adeyemi",
    "chair": "Robert Lee",
    "framework_name": "Quality assurance framework",
    "review_response_days": "20",
    "qa_lead": "Priya Shah",
}


def template_problems(text):
    """What is wrong with a template's text, as messages naming the placeholder or brace ([] when nothing)."""
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError as error:
        if "Single '}'" in str(error):
            return ["There is a “}” with no “{” before it. Write a placeholder like {school_name}, or “}}” for a brace"]
        return ["There is a “{” that is not closed. Close the placeholder with “}”, or write “{{” for a brace"]
    problems = []
    for _literal, name, spec, conversion in parsed:
        if name is None:
            continue
        written = "{" + name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}"
        if name == "":
            problems.append("“{}” is empty: write a placeholder’s name between the braces, like {school_name}")
        elif name not in PLACEHOLDERS:
            problems.append(f"{written} is not a placeholder. Use one of those listed, like {{school_name}}")
        elif spec or conversion:
            problems.append(f"{written} cannot be formatted: write it as {{{name}}}")
    return list(dict.fromkeys(problems))


def fill(text, values):
    """The text with its placeholders filled in (a template that passed template_problems)."""
    return text.format_map({name: values.get(name, "") for name in PLACEHOLDERS})


def wording_for(authority, kind):
    """The authority's template of this kind, or the default wording."""
    template = LetterTemplate.objects.filter(authority=authority, kind=kind).first()
    if template is None:
        return DEFAULTS[kind]
    return Wording(subject=template.subject, body=template.body)


def sample_values(authority, kind):
    """Placeholder values for the edit page's preview: an example school, this authority's own names."""
    today = timezone.localdate()
    review_by = today + datetime.timedelta(days=20)
    return {
        **SAMPLE_VALUES,
        "academic_year": year_label(academic_year_for(today)),
        "letter_date": date_format(today, "j F Y"),
        "review_by": "at any time" if kind == Letter.Kind.ANNUAL else f"by {date_format(review_by, 'j F Y')}",
        "authority_name": authority.name,
        "signatory_name": authority.signatory_name or authority.name,
        "signatory_title": authority.signatory_title,
    }


def paragraphs(text):
    """The body's paragraphs (split at blank lines), each with its line breaks."""
    return [part.strip() for part in text.replace("\r\n", "\n").split("\n\n") if part.strip()]
