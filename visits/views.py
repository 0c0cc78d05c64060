from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_http_methods, require_POST

from qa_portal.concurrency import EditConflict, conflict_shown
from qa_portal.exports import Export, export_response
from qa_portal.form_errors import apply_service_errors
from qa_portal.links import urls_for
from qa_portal.page_cache import page_content
from qa_portal.permissions import authority_with_perm, require_perm
from qa_portal.uploads import file_response
from schools.selectors import get_school_for_user

from . import calendar as cal
from . import selectors, services
from .documents import agenda_pdf, ical_feed, note_pdf
from .forms import (
    ActionForm,
    AgendaForm,
    CancelVisitForm,
    ClosureDayForm,
    ContributionForm,
    ExtraVisitForm,
    MoveVisitForm,
    NoteForm,
    NoteResponseForm,
    TermForm,
    TimePlaceForm,
)
from .jobs import plan_year_start
from .models import VisitNote
from .papers import IMPROVEMENT_PLAN
from .selectors import (
    CSV_COLUMNS,
    actions_of,
    agenda_of,
    agenda_proposal,
    calendar_feed_for_user,
    calendar_feed_owner,
    calendar_token_of,
    closure_days_of,
    contribution_of,
    deadlines_of,
    get_note_for_user,
    get_term_of_authority,
    get_visit_for_user,
    note_of,
    paper_slots_for_visit,
    papers_sent_of,
    plan_changes_of,
    plan_csv_rows,
    plan_for_user,
    plan_schools_for_user,
    plan_visits_for_export,
    recent_plan_changes_for_user,
    school_contacts,
    school_paper_of,
    sections_of,
)

PLAN_PAGE_SIZE = 25  # schools per page of the visit plan


def _year(request):
    try:
        return int(request.GET.get("year", ""))
    except ValueError:
        return cal.academic_year_for(timezone.localdate())


def plan(request):
    authority = authority_with_perm(request, "visits.view_plan")
    start_year = _year(request)
    context = {
        "authority": authority,
        "start_year": start_year,
        "year_label": cal.year_label(start_year),
        "previous_year": start_year - 1,
        "next_year": start_year + 1,
        "can_run": request.user.has_perm("visits.run_plan", authority),
        "can_edit_calendar": request.user.has_perm("visits.manage_calendar", authority),
    }
    # The table and the changes are kept (qa_portal.page_cache); the form that re-plans is made every time.
    key, html = page_content(request, "visit-plan")
    if html is not None:
        return render(request, "visits/plan.html", {**context, "cached_content": html})
    page = Paginator(plan_schools_for_user(request.user, authority), PLAN_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "visits/plan.html",
        {
            **context,
            "content_key": key,
            "rows": plan_for_user(request.user, authority, start_year=start_year, schools=page.object_list),
            "page": page,
            "page_query": f"year={start_year}",
            "changes": recent_plan_changes_for_user(request.user, authority, start_year=start_year),
        },
    )


def plan_csv(request):
    authority = authority_with_perm(request, "visits.view_plan")
    start_year = _year(request)
    visits = plan_visits_for_export(start_year=start_year, authority=authority, user=request.user)
    export = Export(headers=CSV_COLUMNS, rows=plan_csv_rows(visits), title="Visit plan")
    return export_response(export, "csv", authority=authority, name="visit-plan")


@require_POST
def plan_run(request):
    """Start planning the year for the authority the page is about, as a background job (progress on its page)."""
    authority = authority_with_perm(request, "visits.run_plan")
    try:
        start_year = int(request.POST.get("year", ""))
    except ValueError:
        start_year = _year(request)
    job = plan_year_start(authority=authority, start_year=start_year, user=request.user)
    return redirect("jobs:detail", job_id=job.pk)


def visit_detail(request, pk):
    user = request.user
    visit = get_visit_for_user(user, request.authority, pk)
    today = timezone.localdate()
    can_manage = user.has_perm("visits.manage_visit", visit)
    agenda, note = agenda_of(visit), note_of(visit)
    return render(
        request,
        "visits/visit_detail.html",
        {
            "visit": visit,
            "today": today,
            "can_manage": can_manage,
            "can_contribute": user.has_perm("visits.contribute", visit),
            "agenda": agenda,
            "show_agenda": agenda and (can_manage or agenda.circulated_at),
            "note": note,
            "can_see_note": note is not None and user.has_perm("visits.view_note", note),
            **_papers_context(visit),
            "deadlines": deadlines_of(visit, today, note=note, agenda=agenda),
            "actions": actions_of(visit),
            "action_form": ActionForm() if can_manage else None,
            "history": plan_changes_of(visit) if can_manage else [],
            "day_problem": cal.visit_day_problem(visit),
        },
    )


def _papers_context(visit):
    """What the school has written and sent before the visit, for the visit page."""
    contribution, slots = contribution_of(visit), paper_slots_for_visit(visit)
    sent_on, updated_on = papers_sent_of(visit, contribution, slots)
    return {
        "contribution": contribution,
        "paper_slots": slots,
        "papers_sent_on": sent_on,
        "papers_updated_on": updated_on,
        "has_papers": any(slot.paper for slot in slots),
    }


def _visit_form_view(request, pk, form_class, template, handle, *, perm="visits.manage_visit", files=False, **extra):
    visit = get_visit_for_user(request.user, request.authority, pk, perm=perm)
    form = form_class(request.POST or None, request.FILES or None) if files else form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            message = handle(visit, form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, message)
            return redirect("visits:detail", pk=visit.pk)
    return render(request, template, {"visit": visit, "form": form, **extra})


@require_http_methods(["GET", "POST"])
def visit_move(request, pk):
    def handle(visit, data):
        term_before = visit.term
        services.visit_move(
            visit=visit, user=request.user, planned_date=data["planned_date"], reason=data.get("reason", "")
        )
        message = f"Visit moved to {visit.planned_date:%-d %B %Y}."
        if visit.term != term_before:
            message += f" It now counts in the {visit.get_term_display().lower()} term."
        return message

    return _visit_form_view(request, pk, MoveVisitForm, "visits/visit_move.html", handle)


@require_http_methods(["GET", "POST"])
def visit_cancel(request, pk):
    def handle(visit, data):
        services.visit_cancel(visit=visit, user=request.user, reason=data["reason"])
        return "Visit cancelled."

    return _visit_form_view(request, pk, CancelVisitForm, "visits/visit_cancel.html", handle)


@require_http_methods(["GET", "POST"])
def visit_time_place(request, pk):
    """When the visit starts, how long it lasts, and where: the agenda, emails and calendars carry them."""
    visit = get_visit_for_user(request.user, request.authority, pk, perm="visits.manage_visit")
    form = TimePlaceForm(request.POST or None, initial=TimePlaceForm.initial_for(visit))
    if request.method == "POST" and form.is_valid():
        sequence = visit.calendar_sequence
        try:
            services.visit_set_time_and_place(visit=visit, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            changed = visit.calendar_sequence != sequence
            messages.success(request, "Time and place saved." if changed else "Nothing was changed.")
            return redirect(f"{reverse('visits:detail', kwargs={'pk': visit.pk})}#time-and-place")
    return render(request, "visits/visit_time_place.html", {"visit": visit, "form": form})


@require_http_methods(["GET", "POST"])
def visit_contribute(request, pk):
    """The head's "send papers" page: lines of enquiry, the two summaries, one upload per paper the framework asks
    for; "Send papers to the QA lead" saves and sends, "Save without sending" only saves."""
    visit = get_visit_for_user(request.user, request.authority, pk, perm="visits.contribute")
    contribution = contribution_of(visit)
    slots = paper_slots_for_visit(visit)
    initial = {}
    if contribution is not None:
        initial = {
            "lines_of_enquiry": contribution.lines_of_enquiry,
            "sef_summary": contribution.sef_summary,
            "improvement_plan_text": contribution.improvement_plan_text,
        }
    form = ContributionForm(request.POST or None, request.FILES or None, slots=slots, initial=initial)
    if request.method == "POST" and form.is_valid():
        send = "send" in request.POST
        try:
            services.contribution_save(
                visit=visit,
                user=request.user,
                lines_of_enquiry=form.cleaned_data["lines_of_enquiry"],
                sef_summary=form.cleaned_data["sef_summary"],
                improvement_plan_text=form.cleaned_data["improvement_plan_text"],
                papers=form.papers(),
                send=send,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            if send:
                messages.success(request, "Thank you. Your papers have been sent to your QA lead.")
                return redirect("visits:detail", pk=visit.pk)
            messages.success(request, "Saved. Your QA lead is not told until you send your papers.")
            return redirect("visits:contribute", pk=visit.pk)
    sent_on, updated_on = papers_sent_of(visit, contribution, slots)
    return render(
        request,
        "visits/contribute.html",
        {"visit": visit, "form": form, "paper_slots": slots, "sent_on": sent_on, "updated_on": updated_on},
    )


def _post_action(request, pk, func, success, perm="visits.manage_visit"):
    visit = get_visit_for_user(request.user, request.authority, pk, perm=perm)
    try:
        func(visit)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, success)
    return redirect("visits:detail", pk=visit.pk)


@require_POST
def visit_confirm(request, pk):
    return _post_action(
        request, pk, lambda v: services.visit_confirm(visit=v, user=request.user), "Visit confirmed with the school."
    )


def _confirm_step(request, *, visit, back, step, act, success):
    """A step and its undo: GET shows what will happen and who will be told (`step`: the page's words, and
    `refusal`, why it cannot be done now), POST does it (`act()`) and goes back with what happened or why not."""
    if request.method == "POST":
        try:
            act()
        except ValidationError as error:
            messages.error(request, ". ".join(message.rstrip(".") for message in error.messages) + ".")
        else:
            messages.success(request, success)
        return redirect(back)
    return render(request, "visits/confirm_step.html", {"visit": visit, "back": back, **step})


def _visit_words(visit):
    return f"{visit.visit_type.phrase} on {visit.planned_date:%-d %B %Y}"


def _note_words(visit):
    return "minutes" if visit.visit_type.is_meeting else "note of visit"


@require_http_methods(["GET", "POST"])
def visit_held(request, pk):
    visit = get_visit_for_user(request.user, request.authority, pk, perm="visits.manage_visit")
    step = {
        "title": "Mark the visit as held",
        "refusal": services.visit_mark_held_refusal(visit),
        "happens": [
            f"The {_visit_words(visit)} is recorded as held.",
            f"You can then start writing the {_note_words(visit)}.",
        ],
        "nobody": "Nobody is told. The school's headteacher and governors see the visit as held on its page.",
        "undo": f"You can undo this until the {_note_words(visit)} is started.",
        "button": "Mark as held",
    }
    return _confirm_step(
        request,
        visit=visit,
        back=reverse("visits:detail", kwargs={"pk": visit.pk}),
        step=step,
        act=lambda: services.visit_mark_held(visit=visit, user=request.user),
        success="Visit marked as held.",
    )


@require_http_methods(["GET", "POST"])
def visit_unheld(request, pk):
    """Undo "Mark as held" (the same people may), while no note has been started."""
    visit = get_visit_for_user(request.user, request.authority, pk, perm="visits.manage_visit")
    back_to = "confirmed" if visit.confirmed_at else "planned"
    step = {
        "title": "Undo marking the visit as held",
        "refusal": services.visit_unmark_held_refusal(visit),
        "happens": [f"The {_visit_words(visit)} is {back_to} again, as it was before it was marked as held."],
        "nobody": "Nobody is told: nobody was told when it was marked as held.",
        "button": "Undo: mark as not held",
        "secondary": True,
    }
    return _confirm_step(
        request,
        visit=visit,
        back=reverse("visits:detail", kwargs={"pk": visit.pk}),
        step=step,
        act=lambda: services.visit_unmark_held(visit=visit, user=request.user),
        success=f"The visit is no longer marked as held: it is {back_to} again.",
    )


@require_POST
def papers_received(request, pk):
    return _post_action(
        request,
        pk,
        lambda v: services.visit_record_papers(visit=v, user=request.user, received_on=timezone.localdate()),
        "Papers recorded as received today.",
    )


@require_POST
def action_add(request, pk):
    visit = get_visit_for_user(request.user, request.authority, pk, perm="visits.manage_visit")
    form = ActionForm(request.POST)
    if form.is_valid():
        try:
            services.action_add(visit=visit, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "Action added.")
    else:
        messages.error(request, " ".join(message for errors in form.errors.values() for message in errors))
    return redirect(reverse("visits:detail", kwargs={"pk": visit.pk}) + "#actions")


@require_http_methods(["GET", "POST"])
def visit_add(request, urn):
    school = get_school_for_user(request.user, request.authority, urn, perm="visits.add_visit")
    form = ExtraVisitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            visit = services.visit_add_extra(school=school, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Visit added.")
            return redirect("visits:detail", pk=visit.pk)
    return render(request, "visits/visit_add.html", {"school": school, "form": form})


# --- agenda ---------------------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def agenda_edit(request, pk):
    """The agenda as drafted (or, before anything is saved, as it would be drafted); saving keeps it."""
    visit = get_visit_for_user(request.user, request.authority, pk, perm="visits.manage_visit")
    if not visit.visit_type.is_meeting:
        raise Http404("Only meetings have agendas")
    agenda = agenda_of(visit)
    if agenda is not None:
        initial = {"items": agenda.items, "attendees": agenda.attendees, "edit_version": agenda.edit_version}
    else:
        items, attendees = agenda_proposal(visit)
        initial = {"items": "\n".join(items), "attendees": "\n".join(attendees), "edit_version": 0}
    form = AgendaForm(request.POST or None, initial=initial)
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        expected_version = data.pop("edit_version")
        try:
            services.agenda_save(visit=visit, user=request.user, expected_version=expected_version, **data)
        except EditConflict as error:
            stored = error.record
            conflict = conflict_shown(
                form,
                error,
                [
                    ("Agenda items", stored.items, data["items"]),
                    ("Expected attendees", stored.attendees, data["attendees"]),
                ],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Agenda saved.")
            return redirect("visits:detail", pk=visit.pk)
    return render(
        request, "visits/agenda_edit.html", {"visit": visit, "agenda": agenda, "form": form, "conflict": conflict}
    )


@require_POST
def agenda_circulate(request, pk):
    visit = get_visit_for_user(request.user, request.authority, pk, perm="visits.manage_visit")
    agenda = agenda_of(visit)
    if agenda is None:
        raise Http404("Draft the agenda first")
    try:
        services.agenda_circulate(agenda=agenda, user=request.user, pdf_bytes=agenda_pdf(agenda))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Agenda circulated.")
    return redirect("visits:detail", pk=visit.pk)


def agenda_download(request, pk):
    visit = get_visit_for_user(request.user, request.authority, pk)
    agenda = agenda_of(visit)
    if agenda is None or not (agenda.circulated_at or request.user.has_perm("visits.manage_visit", visit)):
        raise Http404("No agenda to download")
    response = HttpResponse(agenda_pdf(agenda), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="agenda-{visit.pk}.pdf"'
    return response


# --- notes ----------------------------------------------------------------------------------------------------


@require_POST
def note_start(request, pk):
    visit = get_visit_for_user(request.user, request.authority, pk, perm="visits.manage_visit")
    try:
        services.note_start(visit=visit, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("visits:detail", pk=visit.pk)
    return redirect("visits:note", pk=visit.pk)


def _note_edit_form(request, note, sections):
    """The QA lead's form: (form, saved, conflict); conflict is what the page shows when the save was refused
    because someone else saved the note after it was opened."""
    answering = note.status == VisitNote.Status.RESPONDED
    form = NoteForm(
        request.POST or None,
        sections=sections,
        answering=answering,
        initial={
            "aspect": note.aspect,
            "attendees": note.attendees,
            "going_well": note.going_well,
            "next_steps": note.next_steps,
            "internal_comments": note.internal_comments,
            "edit_version": note.edit_version,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.note_update(
                note=note,
                user=request.user,
                aspect=form.cleaned_data["aspect"],
                attendees=form.cleaned_data["attendees"],
                going_well=form.cleaned_data["going_well"],
                next_steps=form.cleaned_data["next_steps"],
                internal_comments=form.cleaned_data["internal_comments"],
                sections=form.section_values(),
                responses=form.section_responses(),
                expected_version=form.cleaned_data["edit_version"],
            )
        except EditConflict as error:
            return form, False, conflict_shown(form, error, _note_changes(error.record, form))
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Note saved.")
            return form, True, None
    return form, False, None


def _note_changes(stored, form):
    """(label, stored text, the person's text) for every part of the note form."""
    data = form.cleaned_data
    changes = [
        ("Aspect looked at", stored.aspect, data["aspect"]),
        ("Attendees", stored.attendees, data["attendees"]),
    ]
    yours, responses = form.section_values(), form.section_responses()
    for section in sections_of(stored):
        if section.pk in yours:
            evaluation, evidence = yours[section.pk]
            changes += [
                (f"{section.title}: evaluation", section.evaluation, evaluation),
                (f"{section.title}: evidence used", section.evidence, evidence),
            ]
        if section.pk in responses:
            changes.append(
                (f"{section.title}: response to the headteacher", section.lead_response, responses[section.pk][0])
            )
    changes += [
        ("What is going well", stored.going_well, data["going_well"]),
        ("Next steps", stored.next_steps, data["next_steps"]),
        ("Internal comments", stored.internal_comments, data["internal_comments"]),
    ]
    return changes


def _note_response_form(request, note, sections):
    form = NoteResponseForm(request.POST or None, sections=sections)
    if request.method == "POST" and form.is_valid():
        try:
            services.note_respond(
                note=note,
                user=request.user,
                accurate=form.cleaned_data["accurate"],
                general_comment=form.cleaned_data["general_comment"],
                section_comments=form.section_comments(),
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Thank you. Your response has been sent to the QA lead.")
            return form, True
    return form, False


@require_http_methods(["GET", "POST"])
def note(request, pk):
    user = request.user
    note = get_note_for_user(user, request.authority, pk)
    visit = note.visit
    sections = sections_of(note)
    can_manage_note = user.has_perm("visits.edit_note", note)
    can_edit = can_manage_note and note.status in ("draft", "responded")
    can_respond = user.has_perm("visits.respond_note", note)
    form, done, conflict = None, False, None
    if can_edit:
        form, done, conflict = _note_edit_form(request, note, sections)
    elif can_respond:
        form, done = _note_response_form(request, note, sections)
    elif request.method == "POST":
        require_perm(user, "visits.edit_note", note)  # a reader may not post: 403
    if done:
        return redirect("visits:note", pk=visit.pk)
    return render(
        request,
        "visits/note.html",
        {
            "note": note,
            "visit": visit,
            "sections": sections,
            "commented": [section for section in sections if section.head_comment],
            "attendees": [line for line in note.attendees.splitlines() if line.strip()],
            "actions": actions_of(visit),
            "form": form,
            "conflict": conflict,
            "can_edit": can_edit,
            "can_respond": can_respond,
            "can_manage_note": can_manage_note,
            "can_recall": can_manage_note and not services.note_recall_refusal(note),
            "can_unpublish": can_manage_note and not services.note_unpublish_refusal(note),
            "unpublish_refusal": services.note_unpublish_refusal(note)
            if can_manage_note and note.status == VisitNote.Status.PUBLISHED
            else "",
            "can_see_internal": user.has_perm("visits.view_internal_comments", note),
            "can_download": note.status == VisitNote.Status.PUBLISHED or can_manage_note,
        },
    )


def _named(people, role):
    return [f"{person.get_full_name() or person.email}, {role}" for person in people]


def _note_step(request, pk, *, step, act, success):
    """A step of the note (or its undo) for the people who may edit it: confirmed on GET, done on POST."""
    note = get_note_for_user(request.user, request.authority, pk, perm="visits.edit_note")
    return _confirm_step(
        request,
        visit=note.visit,
        back=reverse("visits:note", kwargs={"pk": pk}),
        step=step(note),
        act=lambda: act(note),
        success=success,
    )


@require_http_methods(["GET", "POST"])
def note_send(request, pk):
    def step(note):
        visit = note.visit
        return {
            "title": f"Send the {_note_words(visit)} for factual accuracy",
            "refusal": services.note_send_refusal(note),
            "happens": [
                f"The headteacher can read the {_note_words(visit)} and comment on the accuracy of each section.",
                "You cannot change it while it is with them: once they answer, you respond to each comment and "
                "publish it.",
            ],
            "told": _named(school_contacts(visit.school, chair=False), "headteacher"),
            "told_how": "They are sent a notification, and an email unless they have turned these emails off.",
            "nobody": "The school has no headteacher with an account, so nobody is told.",
            "undo": "You can withdraw it until the headteacher answers.",
            "button": "Send for factual accuracy",
        }

    return _note_step(
        request,
        pk,
        step=step,
        act=lambda n: services.note_send_for_accuracy(note=n, user=request.user),
        success="Note sent to the headteacher for factual accuracy.",
    )


@require_http_methods(["GET", "POST"])
def note_recall(request, pk):
    """Undo "Send for factual accuracy" while the headteacher has not answered."""

    def step(note):
        return {
            "title": "Withdraw the note from the headteacher",
            "refusal": services.note_recall_refusal(note),
            "happens": ["The note is a draft again: you can change it and send it again."],
            "told": _named(selectors.note_sent_to(note), "headteacher"),
            "told_how": "They are told it was withdrawn and that they do not need to check it now.",
            "nobody": "Nobody is told: nobody was told when it was sent.",
            "button": "Withdraw the note",
            "secondary": True,
        }

    return _note_step(
        request,
        pk,
        step=step,
        act=lambda n: services.note_recall(note=n, user=request.user),
        success="The note is withdrawn from the headteacher and is a draft again.",
    )


@require_http_methods(["GET", "POST"])
def note_publish(request, pk):
    def step(note):
        visit = note.visit
        heads = school_contacts(visit.school, chair=False)
        chairs = [person for person in school_contacts(visit.school) if person not in heads]
        return {
            "title": f"Finalise and publish the {_note_words(visit)}",
            "refusal": ". ".join(services.note_publish_refusals(note)),
            "happens": [
                f"The {_note_words(visit)} becomes final. It records the headteacher's factual-accuracy check: "
                "each comment, your response and whether the section was corrected.",
                "The headteacher and the chair of governors can read it and download it as a PDF.",
            ],
            "told": _named(heads, "headteacher") + _named(chairs, "chair of governors"),
            "told_how": "They are emailed a link to the PDF.",
            "nobody": "The school has no headteacher or chair of governors with an account, so nobody is told.",
            "undo": "You can withdraw the publication until the school's next visit is held.",
            "button": "Publish",
        }

    return _note_step(
        request,
        pk,
        step=step,
        act=lambda n: services.note_publish(note=n, user=request.user),
        success="Note published to the headteacher and chair of governors.",
    )


@require_http_methods(["GET", "POST"])
def note_unpublish(request, pk):
    """Undo "Publish" while no later visit to the school has been held."""

    def step(note):
        heads = school_contacts(note.visit.school, chair=False)
        chairs = [person for person in school_contacts(note.visit.school) if person not in heads]
        return {
            "title": "Withdraw the published note",
            "refusal": services.note_unpublish_refusal(note),
            "happens": [
                "The note is no longer published: it is back with you, checked by the headteacher, to correct and "
                "publish again.",
                "The chair of governors cannot read it until it is published again.",
            ],
            "told": _named(heads, "headteacher") + _named(chairs, "chair of governors"),
            "told_how": "They are told it was withdrawn, by a notification and an email unless they have turned "
            "these emails off.",
            "nobody": "Nobody is told: the school has no headteacher or chair of governors with an account.",
            "button": "Withdraw the publication",
            "secondary": True,
        }

    return _note_step(
        request,
        pk,
        step=step,
        act=lambda n: services.note_unpublish(note=n, user=request.user),
        success="The note is no longer published: you can correct it and publish it again.",
    )


def note_download(request, pk):
    note = get_note_for_user(request.user, request.authority, pk)
    if note.status != VisitNote.Status.PUBLISHED and not request.user.has_perm("visits.edit_note", note):
        raise Http404("The note is not published yet")
    response = HttpResponse(note_pdf(note), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="note-of-visit-{pk}.pdf"'
    return response


# --- calendar feed --------------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def calendar_settings(request):
    """A person's private calendar address: visits and deadlines of every authority they work in."""
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            services.calendar_token_revoke(user=request.user)
            messages.success(request, "Your calendar address no longer works.")
        else:
            services.calendar_token_create(user=request.user)
            messages.success(request, "Your new calendar address is ready.")
        return redirect("visits:calendar")
    token = calendar_token_of(request.user)
    feed_url = ""
    if token:
        with urls_for(None):  # the feed belongs to the person, not to one authority
            feed_url = request.build_absolute_uri(reverse("calendar-feed", kwargs={"token": token.token}))
    return render(request, "visits/calendar.html", {"token": token, "feed_url": feed_url})


def calendar_feed(request, token):
    """Public by address: the token is the secret. A revoked or unknown token answers 404."""
    owner = calendar_feed_owner(token)
    body = ical_feed(calendar_feed_for_user(owner), name=f"School visits – {owner}")
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")


# --- academic calendar (authority admin) ----------------------------------------------------------------------


def calendar_terms(request):
    authority = authority_with_perm(request, "visits.manage_calendar")
    start_year = _year(request)
    try:
        terms = cal.terms_of(authority=authority, start_year=start_year)
    except ValueError:
        terms = []
    return render(
        request,
        "visits/calendar_terms.html",
        {
            "authority": authority,
            "terms": terms,
            "year_label": cal.year_label(start_year),
            "start_year": start_year,
            "form": ClosureDayForm(),
            "closures": closure_days_of(authority),
        },
    )


@require_http_methods(["GET", "POST"])
def calendar_term_edit(request, start_year, code):
    authority = authority_with_perm(request, "visits.manage_calendar")
    term = get_term_of_authority(authority, start_year, code)
    form = TermForm(
        request.POST or None,
        initial={
            "starts_on": term.starts_on,
            "ends_on": term.ends_on,
            "half_term_break_starts": term.half_term_break_starts,
            "half_term_break_ends": term.half_term_break_ends,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            term, change = services.term_update(
                authority=authority, start_year=start_year, code=code, user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"{term} dates saved.{_calendar_change_summary(change)}")
            for text in change.messages():
                messages.info(request, text)
            return redirect(f"{reverse('visits:calendar-terms')}?year={start_year}")
    return render(request, "visits/term_edit.html", {"term": term, "form": form})


def _calendar_change_summary(change):
    """What a calendar change did to the visits on days that are no longer school days, as a sentence ("" when
    there were none)."""
    moved, flagged = len(change.moved), len(change.flagged)
    if not moved and not flagged:
        return ""
    parts = []
    if moved:
        parts.append(f"{moved} visit{'s' if moved != 1 else ''} moved to another school day")
    if flagged:
        parts.append(f"{flagged} visit{'s' if flagged != 1 else ''} kept {'their' if flagged != 1 else 'its'} date")
    return f" {' and '.join(parts)}: the people they concern are told."


def _terms_page(day):
    return f"{reverse('visits:calendar-terms')}?year={cal.academic_year_for(day)}"


@require_POST
def closure_day_add(request):
    authority = authority_with_perm(request, "visits.manage_calendar")
    form = ClosureDayForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Enter the date and the reason")
        return redirect("visits:calendar-terms")
    try:
        day, change = services.closure_day_add(authority=authority, user=request.user, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(_terms_page(form.cleaned_data["date"]))
    if change.moved or change.flagged:
        messages.success(request, f"Closure day added.{_calendar_change_summary(change)}")
    else:
        messages.success(request, "Closure day added. No visit is on it, and none will be proposed on it.")
    for text in change.messages():
        messages.info(request, text)
    return redirect(_terms_page(day.date))


@require_http_methods(["GET", "POST"])
def closure_day_delete(request, pk):
    """Remove a closure day (the same people as add them): GET asks, POST removes."""
    authority = authority_with_perm(request, "visits.manage_calendar")
    day = next((closure for closure in closure_days_of(authority) if closure.pk == pk), None)
    if day is None:
        raise Http404("No such closure day")
    if request.method == "POST":
        services.closure_day_delete(day=day, user=request.user)
        messages.success(request, f"{day.date:%-d %B %Y} is no longer a closure day.")
        return redirect(_terms_page(day.date))
    return render(request, "visits/closure_day_delete.html", {"day": day, "back": _terms_page(day.date)})


def paper_file(request, pk, kind):
    """One paper the school sent, for the people who may see the visit: served as the type the upload checker
    found it to be, always as a download."""
    visit = get_visit_for_user(request.user, request.authority, pk)
    paper = school_paper_of(visit, kind)
    if paper is None or not paper.file:
        raise Http404("No such paper sent")
    name = paper.file.name.rsplit("/", 1)[-1]
    response = file_response(paper.file, filename=name, content_type=paper.content_type)
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


def contribution_file(request, pk):
    """The address the improvement plan had before each paper had its own: now that paper's."""
    visit = get_visit_for_user(request.user, request.authority, pk)
    if school_paper_of(visit, IMPROVEMENT_PLAN) is None:
        raise Http404("No improvement plan sent")
    return redirect("visits:paper", pk=visit.pk, kind=IMPROVEMENT_PLAN)
