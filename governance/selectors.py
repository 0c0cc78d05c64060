"""Reads of the governance app, scoped through schools.selectors.school_list_for_user (the schools the person
may see in the authority the page is about)."""

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Prefetch, Q, Subquery
from django.http import Http404
from django.utils import timezone

from classification.models import Assessment, Classification
from classification.selectors import bands_as_they_apply, latest_published_in_prompted_bands
from qa_portal.academic_year import academic_year_for
from qa_portal.accounts.roles import Role
from qa_portal.permissions import require_perm
from schools.selectors import get_school_for_user, school_list_for_user
from visits.calendar import terms_of
from visits.models import Visit

from . import ladder
from .models import (
    CONVERSATION_VISIT_TYPE,
    AgreedAction,
    AreaReview,
    Board,
    ChecklistItem,
    ChecklistResponse,
    Conversation,
    EscalationStep,
    EvidenceFile,
    Governor,
    StatutoryPower,
    WarningNotice,
)


def board_for_school(school):
    """The school's board with governors, training and declarations prefetched (or None)."""
    return (
        Board.objects.filter(school=school)
        .prefetch_related(
            Prefetch(
                "governors",
                queryset=Governor.objects.select_related("user").prefetch_related("training", "declarations"),
            )
        )
        .first()
    )


def board_summary(board, day=None):
    day = day or timezone.localdate()
    places, filled, vacancies, percent = board.vacancies_on(day)
    governors = list(board.governors.all())
    return {
        "board": board,
        "places": places,
        "filled": filled,
        "vacancies": vacancies,
        "percent": percent,
        "governors": governors,
        "ending_soon": [g for g in governors if g.term_ends_soon(day)],
        "today": day,
    }


def get_board_school_for_user(user, authority, urn, perm="governance.view_board"):
    return get_school_for_user(user, authority, urn, perm=perm)


def board_of(school):
    return Board.objects.filter(school=school).first()


def get_governor_of_board(school, governor_id):
    governor = Governor.objects.filter(board__school=school, pk=governor_id).first()
    if governor is None:
        raise Http404("No such governor")
    return governor


def governor_accounts_of(school, but=None):
    """The people who hold a governor role at the school (to link a governor record to an account), except `but`."""
    accounts = get_user_model().objects.filter(roles__role=Role.GOVERNOR, roles__school=school).distinct()
    return accounts.exclude(pk=but.pk) if but is not None else accounts


def get_conversation_for_user(user, authority, urn, year, perm="governance.view_conversation"):
    """The school's conversation for the year: 404 when the school or conversation is out of reach, 403 for `perm`."""
    school = get_school_for_user(user, authority, urn)
    conversation = (
        Conversation.objects.filter(school=school, academic_year=year)
        .select_related("school", "school__authority", "template", "submitted_by", "visit")
        .first()
    )
    if conversation is None:
        raise Http404("No annual governance conversation for that school and year")
    require_perm(user, "governance.view_conversation", conversation)
    if perm != "governance.view_conversation":
        require_perm(user, perm, conversation)
    return conversation


def checklist_rows(conversation):
    """[(area, [(item, response or None)])] in order, in a fixed number of queries."""
    items = ChecklistItem.objects.filter(area__template_id=conversation.template_id).select_related("area")
    responses = {
        r.item_id: r for r in ChecklistResponse.objects.filter(conversation=conversation).prefetch_related("evidence")
    }
    reviews = {r.area_id: r for r in AreaReview.objects.filter(conversation=conversation)}
    areas = []
    for item in items:
        if not areas or areas[-1][0].pk != item.area_id:
            areas.append((item.area, []))
        areas[-1][1].append((item, responses.get(item.pk)))
    return [(area, rows, reviews.get(area.pk)) for area, rows in areas]


def agreed_actions(conversation):
    return list(AgreedAction.objects.filter(conversation=conversation))


def conversations_for_school(school):
    return list(Conversation.objects.filter(school=school).order_by("-academic_year"))


def overdue_conversations_for_user(user, authority, day=None):
    """Conversations not agreed by their due date, in the schools the person may see (director's list)."""
    day = day or timezone.localdate()
    return (
        Conversation.objects.filter(school__in=school_list_for_user(user, authority), due_by__lt=day)
        .exclude(status=Conversation.Status.AGREED)
        .select_related("school")
        .order_by("due_by", "school__name")
    )


def unopened_planned_conversations_for_user(user, authority, day=None):
    """Annual governance conversation visits whose date has passed with no conversation record for that year."""
    day = day or timezone.localdate()
    recorded = Conversation.objects.filter(school=OuterRef("school"), academic_year=OuterRef("academic_year"))
    return (
        Visit.objects.filter(
            school__in=school_list_for_user(user, authority),
            visit_type__code=CONVERSATION_VISIT_TYPE,
            planned_date__lt=day,
        )
        .exclude(status=Visit.Status.CANCELLED)
        .exclude(Exists(recorded))
        .select_related("school")
        .order_by("planned_date", "school__name")
    )


def governor_conversations_this_year(user, authority, day=None):
    """[(conversation, may edit its checklist)] of this academic year at the person's boards in the authority."""
    year = academic_year_for(day or timezone.localdate())
    conversations = (
        Conversation.objects.filter(
            school_id__in=user.school_ids_for(Role.GOVERNOR, authority_id=authority.pk), academic_year=year
        )
        .select_related("school")
        .prefetch_related("helpers")
    )
    return [(c, user.has_perm("governance.edit_checklist", c)) for c in conversations]


def checklists_to_review(user, authority):
    """Submitted checklists of the schools the QA lead leads in the authority, by due date."""
    return list(
        Conversation.objects.filter(
            school__qa_lead=user, school__authority=authority, status=Conversation.Status.SUBMITTED
        )
        .select_related("school")
        .order_by("due_by")
    )


def head_governance(user, authority):
    """The head's latest conversations and the escalation letters addressed to their school(s)."""
    school_ids = user.school_ids_for(Role.HEADTEACHER, authority_id=authority.pk)
    return {
        "conversations": list(
            Conversation.objects.filter(school_id__in=school_ids)
            .select_related("school")
            .order_by("-academic_year")[:3]
        ),
        "letters": list(
            EscalationStep.objects.filter(school_id__in=school_ids, letter_to_school=True)
            .exclude(letter="")
            .select_related("school")
        ),
    }


def latest_conversation_of(school):
    return Conversation.objects.filter(school=school).order_by("-academic_year").first()


def escalation_steps_of(school):
    return list(EscalationStep.objects.filter(school=school).only("step", "letter", "letter_to_school", "taken_on"))


def get_evidence_of_conversation(conversation, evidence_id):
    evidence = EvidenceFile.objects.filter(response__conversation=conversation, pk=evidence_id).first()
    if evidence is None:
        raise Http404("No such evidence")
    return evidence


def get_warning_notice_of_school(school, notice_id):
    notice = WarningNotice.objects.filter(school=school, pk=notice_id).first()
    if notice is None:
        raise Http404("No such warning notice")
    return notice


def escalation_for_school(school):
    steps = list(EscalationStep.objects.filter(school=school).select_related("created_by"))
    school_ladder = ladder.ladder_of(school)
    position = ladder.position_for(school, [s.step for s in steps], ladder=school_ladder)
    return {
        "steps": [(s, ladder.step_label(school, s.step, ladder=school_ladder)) for s in steps],
        "ladder": school_ladder,
        "position": position,
        "notices": list(WarningNotice.objects.filter(school=school)),
        "powers": list(StatutoryPower.objects.filter(school=school)),
    }


def letters_to_school(school):
    return list(EscalationStep.objects.filter(school=school, letter_to_school=True).exclude(letter=""))


def get_letter_for_user(user, authority, urn, step_id):
    """An escalation letter: officers see every letter; the head only letters addressed to the school."""
    school = get_school_for_user(user, authority, urn)
    step = EscalationStep.objects.filter(school=school, pk=step_id).exclude(letter="").first()
    if step is None:
        raise Http404("No such letter")
    if user.has_perm("governance.view_escalation", school):
        return step
    if step.letter_to_school and user.has_perm("governance.view_letters_to_school", school):
        return step
    raise Http404("No such letter")


# --- A band's prompt after time in it (Band.prompt, Band.prompt_after_terms) ---


def active_warning_notice_school_ids(school_ids, day):
    """Schools (of `school_ids`) with a warning notice in force on `day` (as governance.facts counts it), one query."""
    return set(
        WarningNotice.objects.filter(school_id__in=list(school_ids), issued_on__lte=day)
        .filter(Q(outcome="") | Q(outcome=WarningNotice.Outcome.NOT_COMPLIED) | Q(outcome_on__gt=day))
        .values_list("school_id", flat=True)
    )


def whole_terms_in_band(since, day, terms):
    """How many of `terms` (visits.calendar terms) the school spent in its band by `day`: a term counts once it has
    ended, when the school was in the band by the term's half-term break (for the greater part of the term)."""
    return sum(1 for term in terms if term.ends_on <= day and since <= term.half_term_break_starts)


def _terms_between(authority, since, day, cache):
    """The authority's terms of every academic year from `since` to `day` (its own dates, else the default England
    pattern; years with neither are left out). `cache` keeps them per year across schools."""
    terms = []
    for start_year in range(academic_year_for(since), academic_year_for(day) + 1):
        if start_year not in cache:
            try:
                cache[start_year] = terms_of(authority=authority, start_year=start_year)
            except ValueError:
                cache[start_year] = []
        terms.extend(cache[start_year])
    return terms


def band_prompts_due(authority, day, *, qa_lead=None):
    """[(classification, band, since, terms)] of the authority's schools (only those `qa_lead` leads, if given) whose
    published band has a prompt (Band.prompt) and that have been in it for at least Band.prompt_after_terms whole
    terms, whose latest completed assessment records no sufficient progress, and with no warning notice in force.
    A fixed number of queries: one per academic year counted, whatever the number of schools."""
    latest_complete = (
        Assessment.objects.filter(school_id=OuterRef("school_id"), status=Assessment.Status.COMPLETE)
        .order_by("-assessed_on", "-pk")
        .values("sufficient_progress")[:1]
    )
    rows = latest_published_in_prompted_bands(authority, qa_lead=qa_lead)
    if not rows:
        return []
    bands = bands_as_they_apply(rows)
    prompted = {
        row.school_id: (row, bands[row.school_id])
        for row in rows
        if row.school_id in bands and bands[row.school_id].prompt and bands[row.school_id].prompt_after_terms
    }
    if not prompted:
        return []
    progress = dict(
        Classification.objects.filter(pk__in=[row.pk for row, _band in prompted.values()])
        .annotate(sufficient=Subquery(latest_complete))
        .values_list("school_id", "sufficient")
    )
    noticed = active_warning_notice_school_ids(prompted, day)
    cache = {}
    due = []
    for school_id, (row, band) in prompted.items():
        if progress.get(school_id) is not False or school_id in noticed:
            continue
        since = row.band_since or timezone.localdate(row.published_at)
        terms = whole_terms_in_band(since, day, _terms_between(authority, since, day, cache))
        if terms >= band.prompt_after_terms:
            due.append((row, band, since, terms))
    return due
