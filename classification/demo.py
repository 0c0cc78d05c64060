"""Demo rows for the classification app, called by demo.seed.seed (idempotent).

Demo Borough runs telford-wrekin-2024 with schools in every band (one whose decision differs from the
suggestion, one moved to Red by an Ofsted trigger). Each other preset gets a small demo authority of its own, with
qa.lead@ and director@demo.example holding roles there so every preset can be seen working.
"""

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from qa_portal.accounts.models import RoleAssignment
from qa_portal.accounts.roles import Role
from schools.demo import ensure_school
from schools.demo_details import OfstedStory, demo_year_offset
from schools.models import Authority, HeadteacherEvent, Indicator, IndicatorValue, OfstedInspection, School

from . import services
from .frameworks import framework_load
from .models import Band, Classification, Letter, Rule
from .reasons import ReasonKind

PERIOD = "2025/26"

OTHER_AUTHORITIES = [
    # slug, kind, code, name, [(name, phase, maintained, evidence, ofsted category, new head)]
    (
        "telford-wrekin-2014",
        Authority.Kind.LOCAL_AUTHORITY,
        "9901",
        "Demo Wrekin (2014 protocol)",
        [
            ("Hollybank Primary School", School.Phase.PRIMARY, True, {}, "", False),
            (
                "Meadow Lane Primary School",
                School.Phase.PRIMARY,
                True,
                {"ks2_expected_pct": 50, "attendance_pct": 90.1},
                "",
                False,
            ),
            (
                "Kingsway Secondary School",
                School.Phase.SECONDARY,
                True,
                {"attainment8": 38, "progress8": -0.4, "attendance_pct": 89, "suspensions_rate": 20},
                "",
                False,
            ),
            ("Riverside Junior School", School.Phase.PRIMARY, True, {}, "SWK", False),
        ],
    ),
    (
        "barnsley",
        Authority.Kind.LOCAL_AUTHORITY,
        "9902",
        "Demo Barnsley (risk register)",
        [
            ("Elmwood Primary School", School.Phase.PRIMARY, True, {}, "", False),
            ("Ashgrove Primary School", School.Phase.PRIMARY, True, {}, "", True),
            (
                "Millbrook Academy",
                School.Phase.SECONDARY,
                False,
                {"progress8": -0.3, "attendance_pct": 90, "persistent_absence_pct": 25},
                "",
                False,
            ),
            ("Stonecross Primary School", School.Phase.PRIMARY, True, {}, "SM", False),
        ],
    ),
    (
        "west-somerset-2021",
        Authority.Kind.ACADEMY_TRUST,
        "TR9903",
        "Demo West Coast Academies Trust",
        [
            ("Harbourside Academy", School.Phase.PRIMARY, False, {"ks2_expected_pct": 70}, "", False),
            ("Combe Valley Academy", School.Phase.PRIMARY, False, {"ks2_expected_pct": 58}, "", False),
            (
                "Quantock Academy",
                School.Phase.PRIMARY,
                False,
                {"ks2_expected_pct": 52, "attendance_pct": 90, "ks2_progress": -1.5},
                "",
                False,
            ),
            ("Exmoor Edge Academy", School.Phase.PRIMARY, False, {}, "SM", False),
        ],
    ),
    (
        "worcestershire-2017",
        Authority.Kind.LOCAL_AUTHORITY,
        "9904",
        "Demo Worcestershire (Aiming for Outstanding)",
        [
            ("Severn Bank Primary School", School.Phase.PRIMARY, True, {}, "", False),
            (
                "Malvern View Primary School",
                School.Phase.PRIMARY,
                True,
                {"persistent_absence_pct": 11, "disadvantaged_gap_ks2": 14},
                "",
                False,
            ),
            (
                "Teme Valley Primary School",
                School.Phase.PRIMARY,
                True,
                {"persistent_absence_pct": 12, "disadvantaged_gap_ks2": 15, "ks2_expected_pct": 52},
                "",
                False,
            ),
            ("Wyre Forest High School", School.Phase.SECONDARY, True, {}, "SWK", False),
        ],
    ),
]


def _evidence(school, values):
    for code, value in values.items():
        indicator = Indicator.objects.filter(code=code).first()
        if indicator is None:
            continue
        IndicatorValue.objects.get_or_create(
            school=school,
            indicator=indicator,
            period=PERIOD,
            defaults={"value": Decimal(str(value)), "national": indicator.national_value, "source": "demo"},
        )


def _ofsted(school, category, *, number):
    """A school placed in a category of concern last year, as Ofsted would have done it (schools.demo_details
    .OfstedStory): Requires improvement in 2022, then in spring 2026 a report card with Urgent improvement for
    curriculum and achievement, and for leadership and governance with safeguarding not met in special measures
    (Needs attention, safeguarding met: requires significant improvement). Inspection numbers `number`, `number`-1."""
    if not category:
        return
    story = OfstedStory(offset=demo_year_offset(), early_years=school.phase == School.Phase.PRIMARY)
    Grade = OfstedInspection.Grade
    if category == OfstedInspection.CategoryOfConcern.SPECIAL_MEASURES:
        placed = story.full(story.on(2026, 3, 11), Grade.INADEQUATE, safeguarding=False)
    else:
        placed = story.full(
            story.on(2026, 3, 11),
            Grade.INADEQUATE,
            judgements={"leadership_and_management": Grade.REQUIRES_IMPROVEMENT},
            areas={"leadership_and_governance": OfstedInspection.ReportCardGrade.NEEDS_ATTENTION},
        )
    assert placed["category_of_concern"] == category, (school.name, category)
    rows = {f"{number}-1": story.full(story.on(2022, 5, 10), Grade.REQUIRES_IMPROVEMENT), number: placed}
    for inspection_number, row in rows.items():
        OfstedInspection.objects.update_or_create(
            inspection_number=inspection_number, defaults={"school": school, **row}
        )


def _quiet_letters(classification):
    """Demo publications write their letters but do not email anyone."""
    Letter.objects.filter(classification=classification, sent_at__isnull=True).update(sent_at=timezone.now())


def _publish(school, band_code, *, qa_lead, director, rationale=None, stop_at=None):
    """Run the real workflow for a school with no classification yet. Returns the Classification."""
    if Classification.objects.filter(school=school).exists():
        return None
    assessment = services.assessment_start(school=school, user=qa_lead)
    framework = assessment.framework
    band = Band.objects.get(framework=framework, code=band_code) if band_code else assessment.suggested_band
    if band.maintained_only and not school.is_maintained:
        band = framework.bands.filter(is_academy_track=True).first() or assessment.suggested_band
    if rationale is None:
        if assessment.suggested_band_id == band.pk:
            rationale = "Agrees with the framework's suggestion on the evidence in the register."
        else:
            rationale = (
                f"The framework suggests {assessment.suggested_band.label}; on the visit I saw weaknesses the data "
                f"does not yet show, so I propose {band.label}."
            )
    extra = {}
    if band.is_academy_track:
        extra = {
            "concerns": "No concerns to raise with the trust at present."
            if not assessment.explanation
            else "; ".join(r.text for r in assessment.reasons() if r.kind is ReasonKind.CONCERN) or "None",
            "trust_conversation": "Initial conversation offered to the trust CEO.",
        }
    classification = services.classification_propose(
        assessment=assessment, band=band, rationale=rationale, user=qa_lead, **extra
    )
    if stop_at == "proposed":
        return classification
    services.classification_confirm(classification=classification, user=director, comment="Agreed at moderation")
    services.classification_record_discussion(
        classification=classification,
        user=qa_lead,
        discussed_on=timezone.localdate(),
        note="Discussed with the headteacher, who understands the reasons.",
    )
    services.classification_publish(classification=classification, user=qa_lead)
    _quiet_letters(classification)
    return classification


@transaction.atomic
def seed(context):
    """context: authority, schools (list), people (email -> User), set_passwords."""
    people = context["people"]
    qa_lead = people["qa.lead@demo.example"]
    director = people["director@demo.example"]
    admin = people.get("admin@demo.example")
    authority = context["authority"]
    framework, _created = framework_load(slug="telford-wrekin-2024", authority=authority)
    # Earlier versions of the demo gave one borough school an overall grade of Inadequate in March 2026, which
    # Ofsted no longer gives; that school's own history now says what Ofsted found.
    OfstedInspection.objects.filter(inspection_number="DEMO-CLS-SM-1").delete()
    if not Classification.objects.filter(school__authority=authority).exists():
        _seed_borough(framework, context["schools"], people, director)
    for slug, kind, code, name, rows in OTHER_AUTHORITIES:
        _seed_other(slug, kind, code, name, rows, qa_lead=qa_lead, director=director, admin=admin)


def _seed_borough(framework, schools, people, director):
    """Schools in every band, mostly as the framework suggests; one decision that differs; one Ofsted trigger."""
    leads = {people["qa.lead@demo.example"], people.get("qa.lead2@demo.example")} - {None}

    def lead_for(school):
        return school.qa_lead if school.qa_lead in leads else people["qa.lead@demo.example"]

    today = timezone.localdate()
    maintained = [s for s in schools if s.is_maintained][:40]
    suggested = {}
    for school in maintained:
        result, _evidence = services.suggest(school=school, framework=framework, on_date=today)
        suggested[school.pk] = result
    plan = {}  # school -> (band code, reason for the demo)

    def unplanned(condition):
        return next((s for s in maintained if s not in plan and condition(s)), None)

    if schools and schools[0].is_maintained:
        plan[schools[0]] = None  # the headteacher's school: as suggested
    # An Ofsted trigger: a school in a category of concern (or one inspected for the demo: serious weaknesses, since
    # Demo Borough's one school in special measures is Dunmore Primary School).
    category_rules = set(framework.rules.filter(kind=Rule.Kind.OFSTED_CATEGORY).values_list("code", flat=True))
    trigger = unplanned(lambda s: any(r.rule in category_rules for r in suggested[s.pk].reasons))
    if trigger is None:
        trigger = unplanned(lambda s: True)
        if trigger is not None:
            _ofsted(trigger, OfstedInspection.CategoryOfConcern.SERIOUS_WEAKNESSES, number="DEMO-CLS-TRIGGER")
    if trigger is not None:
        plan[trigger] = None
    # Every band, as suggested where a school's evidence lands there, else decided by the QA lead.
    for band in framework.bands.filter(is_academy_track=False).order_by("severity"):
        planned_codes = {
            code or (suggested[s.pk].band.code if s.pk in suggested and suggested[s.pk].band else None)
            for s, code in plan.items()
        }
        if band.code in planned_codes:
            continue
        school = unplanned(lambda s, code=band.code: suggested[s.pk].band and suggested[s.pk].band.code == code)
        if school is None:
            # No school's evidence lands there: the QA lead decides it for the school closest to it.
            rest = [s for s in maintained if s not in plan and suggested[s.pk].band]
            rest.sort(key=lambda s, severity=band.severity: abs(suggested[s.pk].band.severity - severity))
            if rest:
                plan[rest[0]] = band.code
            continue
        plan[school] = None
    # One decision that differs from the suggestion: the QA lead saw more on the visit.
    differs = unplanned(lambda s: suggested[s.pk].band and suggested[s.pk].band.severity < 3)
    if differs is not None:
        plan[differs] = framework.bands.get(severity=suggested[differs.pk].band.severity + 1).code
    # A few more, as suggested.
    for school in maintained:
        if len(plan) >= 12:
            break
        plan.setdefault(school, None)
    plan.pop(None, None)
    for school, band_code in plan.items():
        _publish(school, band_code, qa_lead=lead_for(school), director=director)
    # Academies: the academies track (concerns and trust conversation).
    for school in [s for s in schools if not s.is_maintained][:3]:
        _publish(school, None, qa_lead=lead_for(school), director=director)
    # Band over time for the headteacher's school.
    if schools:
        _history(schools[0], "green", dt.date(2025, 9, 15), qa_lead=lead_for(schools[0]))
    # Proposals waiting for the director, so the home panels have something to show.
    for school in [s for s in maintained if s not in plan][:2]:
        _publish(school, None, qa_lead=lead_for(school), director=director, stop_at="proposed")


def _history(school, band_code, since, *, qa_lead):
    """An earlier published band (before the current one) for the timeline."""
    current = (
        Classification.objects.filter(school=school, status=Classification.Status.PUBLISHED)
        .order_by("published_at")
        .first()
    )
    if current is None:
        return
    if current.band.code == band_code:
        band_code = "yellow" if band_code != "yellow" else "green"
    band = Band.objects.filter(framework=current.framework, code=band_code).first()
    if band is None:
        return
    moment = timezone.make_aware(dt.datetime.combine(since, dt.time(12)))
    earlier = Classification.objects.create(
        school=school,
        framework=current.framework,
        assessment=current.assessment,
        status=Classification.Status.PUBLISHED,
        suggested_band=band,
        band=band,
        rationale="Classification for 2025/26",
        reasons=[f"Classification for 2025/26: {band.label}"],
        proposed_by=qa_lead,
        proposed_at=moment,
        published_by=qa_lead,
        published_at=moment,
        band_since=since,
    )
    Classification.objects.filter(pk=current.pk).update(previous=earlier)


def _seed_other(slug, kind, code, name, rows, *, qa_lead, director, admin):
    authority, _ = Authority.objects.update_or_create(kind=kind, code=code, defaults={"name": name})
    for user, role in ((qa_lead, Role.QA_LEAD), (director, Role.DIRECTOR), (admin, Role.AUTHORITY_ADMIN)):
        if user is not None:
            RoleAssignment.objects.get_or_create(user=user, role=role, authority=authority, school=None)
    framework_load(slug=slug, authority=authority)
    base_urn = 995000 + int("".join(ch for ch in code if ch.isdigit())[-2:]) * 10
    for offset, (school_name, phase, maintained, evidence, ofsted, new_head) in enumerate(rows, start=1):
        school = ensure_school(
            base_urn + offset,
            name=school_name,
            authority=authority,
            phase=phase,
            is_maintained=maintained,
            type_group=School.TypeGroup.LA_MAINTAINED if maintained else School.TypeGroup.ACADEMIES,
            establishment_type="Community school" if maintained else "Academy converter",
            trust_name=name if kind == Authority.Kind.ACADEMY_TRUST else "",
            qa_lead=qa_lead,
        )
        _evidence(school, evidence)
        _ofsted(school, ofsted, number=f"DEMO-CLS-{school.urn}")
        if new_head:
            HeadteacherEvent.objects.get_or_create(
                school=school, started_on=dt.date(2026, 9, 1), name="Jordan Newhead", defaults={"source": "demo"}
            )
        # The last school of each waits for the director; the others are published.
        stop_at = "proposed" if offset == 2 else None
        _publish(school, None, qa_lead=qa_lead, director=director, stop_at=stop_at)
