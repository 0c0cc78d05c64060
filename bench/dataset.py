"""A national-scale data set built with bulk inserts: authorities on all five presets, schools, people, ten
academic years of assessments, published classifications and visits, Ofsted histories, indicators, boards."""

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from classification.frameworks import framework_load, preset_slugs
from classification.models import Assessment, Classification
from classification.selectors import current_framework_for_authority
from governance.models import Board, Governor
from qa_portal.academic_year import year_label
from qa_portal.accounts.models import RoleAssignment, User
from qa_portal.accounts.roles import Role
from schools.models import Authority, HeadteacherEvent, Indicator, IndicatorValue, OfstedInspection, School
from schools.services import indicator_catalogue_ensure
from visits.models import Agenda, Visit, VisitNote, VisitType
from visits.visit_types import visit_types_ensure

PASSWORD = "bench-password-2026"
BATCH = 5000
PHASES = [
    (School.Phase.PRIMARY, 16),
    (School.Phase.SECONDARY, 4),
    (School.Phase.NURSERY, 1),
    (School.Phase.NOT_APPLICABLE, 1),
    (School.Phase.ALL_THROUGH, 1),
]
INDICATORS = [
    "attendance_pct",
    "persistent_absence_pct",
    "suspensions_rate",
    "ks2_expected_pct",
    "progress8",
    "governor_vacancies_pct",
]
TERMS = ["autumn", "spring", "summer"]


@dataclass
class AuthorityData:
    authority: Authority
    director: User
    admin: User
    qa_leads: list
    school_ids: list = field(default_factory=list)
    framework: object = None
    bands: list = field(default_factory=list)
    # The school whose pages are measured (a maintained primary with its board), its headteacher and chair.
    school_id: int = None
    headteacher: User = None
    governor: User = None


def _aware(day):
    return timezone.make_aware(datetime.combine(day, time(12)))


def _users(prefix, count, password_hash):
    users = [
        User(
            email=f"{prefix}{i}@bench.example",
            first_name="Bench",
            last_name=f"{prefix.title()} {i}",
            password=password_hash,
        )
        for i in range(count)
    ]
    return User.objects.bulk_create(users, batch_size=BATCH)


def build(*, sizes, years, first_code, first_urn, seed=2026, current_year=2026):
    """Create one authority per entry of `sizes` (its number of schools). Returns [AuthorityData]."""
    rng = random.Random(seed)
    password_hash = make_password(PASSWORD)
    indicator_catalogue_ensure()
    visit_types_ensure()
    presets = preset_slugs()
    authorities = Authority.objects.bulk_create(
        [Authority(name=f"Bench Authority {first_code + i}", code=str(first_code + i)) for i in range(len(sizes))]
    )
    data = []
    for index, authority in enumerate(authorities):
        leads_needed = max(2, sizes[index] // 30)
        leads = _users(f"qa{authority.code}-", leads_needed, password_hash)
        director, admin = (
            _users(f"director{authority.code}-", 1, password_hash)[0],
            _users(f"admin{authority.code}-", 1, password_hash)[0],
        )
        roles = [RoleAssignment(user=u, role=Role.QA_LEAD, authority=authority) for u in leads]
        roles += [
            RoleAssignment(user=director, role=Role.DIRECTOR, authority=authority),
            RoleAssignment(user=admin, role=Role.AUTHORITY_ADMIN, authority=authority),
        ]
        RoleAssignment.objects.bulk_create(roles)
        framework, _created = framework_load(slug=presets[index % len(presets)], authority=authority)
        bands = list(framework.bands.filter(is_academy_track=False).order_by("severity"))
        data.append(AuthorityData(authority, director, admin, leads, framework=framework, bands=bands))

    schools = []
    urn = first_urn
    for item, size in zip(data, sizes, strict=True):
        for n in range(size):
            phase = rng.choices([p for p, _w in PHASES], weights=[w for _p, w in PHASES])[0]
            maintained = rng.random() < 0.45
            schools.append(
                School(
                    urn=urn,
                    name=f"Bench School {urn}",
                    authority=item.authority,
                    phase=phase,
                    establishment_type="Community school" if maintained else "Academy converter",
                    type_group=School.TypeGroup.LA_MAINTAINED if maintained else School.TypeGroup.ACADEMIES,
                    is_maintained=maintained,
                    qa_lead=item.qa_leads[n % len(item.qa_leads)],
                    number_on_roll=rng.randint(40, 1800),
                    head_name=f"Head {urn}",
                    postcode="ZZ1 1ZZ",
                )
            )
            urn += 1
    # With their first history record, as schools made by the product have: the school page reads the QA lead's
    # history, and a school without any would save that page a query.
    schools = bulk_create_with_history(
        schools, School, batch_size=BATCH, default_change_reason="bench", default_date=_aware(date(current_year, 9, 1))
    )
    by_authority = {item.authority.pk: item for item in data}
    for school in schools:
        by_authority[school.authority_id].school_ids.append(school.pk)

    first_year = current_year - years + 1
    HeadteacherEvent.objects.bulk_create(
        [
            HeadteacherEvent(
                school=s,
                started_on=date(rng.randint(first_year, current_year), 9, 1),
                name=f"Head {s.urn}",
                source="bench",
            )
            for s in schools
        ],
        batch_size=BATCH,
    )
    inspections = []
    for s in schools:
        for k, year in enumerate(range(first_year, current_year + 1, 4)):
            inspections.append(
                OfstedInspection(
                    school=s,
                    inspection_number=f"B{s.urn}-{k}",
                    start_date=date(year, 3, rng.randint(1, 28)),
                    overall_effectiveness=rng.choice([1, 2, 2, 2, 3, 4]),
                    category_of_concern=rng.choice([""] * 30 + ["SM", "SWK"]),
                )
            )
    OfstedInspection.objects.bulk_create(inspections, batch_size=BATCH)
    indicators = {i.code: i for i in Indicator.objects.filter(code__in=INDICATORS)}
    values = [
        IndicatorValue(
            school=s,
            indicator=indicators[code],
            period=year_label(year),
            value=Decimal(rng.randint(0, 1000)) / 10,
            national=Decimal("50.0"),
            source="bench",
        )
        for s in schools
        for code in INDICATORS
        for year in range(current_year - 2, current_year + 1)
    ]
    IndicatorValue.objects.bulk_create(values, batch_size=BATCH)

    # Ten years of assessments, each followed by a published classification.
    for year in range(first_year, current_year + 1):
        assessments = []
        for item in data:
            for school_id in item.school_ids:
                assessments.append(
                    Assessment(
                        school_id=school_id, framework=item.framework, status="complete", assessed_on=date(year, 10, 1)
                    )
                )
        assessments = Assessment.objects.bulk_create(assessments, batch_size=BATCH)
        classifications = []
        position = 0
        for item in data:
            for school_id in item.school_ids:
                band = rng.choice(item.bands)
                classifications.append(
                    Classification(
                        school_id=school_id,
                        framework=item.framework,
                        assessment=assessments[position],
                        status=Classification.Status.PUBLISHED,
                        suggested_band=band,
                        band=band,
                        rationale="Annual review",
                        proposed_by=item.qa_leads[0],
                        proposed_at=_aware(date(year, 10, 1)),
                        decided_by=item.director,
                        decided_at=_aware(date(year, 10, 8)),
                        published_by=item.director,
                        published_at=_aware(date(year, 10, 15)),
                        band_since=date(year, 10, 15),
                    )
                )
                position += 1
        Classification.objects.bulk_create(classifications, batch_size=BATCH)

    _visits(data, first_year, current_year)
    _school_people(data, schools, password_hash)
    boards, governors = [], []
    maintained = [s for s in schools if s.is_maintained]
    boards = Board.objects.bulk_create([Board(school=s, size=12) for s in maintained], batch_size=BATCH)
    chairs = {item.school_id: item.governor for item in data}
    for board in boards:
        for k in range(rng.randint(7, 12)):
            governors.append(
                Governor(
                    board=board,
                    user=chairs.get(board.school_id) if k == 0 else None,
                    name=f"Governor {board.pk}-{k}",
                    category=Governor.Category.PARENT,
                    board_role=Governor.BoardRole.CHAIR if k == 0 else "",
                    term_start=date(current_year - 2, 9, 1),
                    term_end=date(current_year + 2, 8, 31),
                )
            )
    Governor.objects.bulk_create(governors, batch_size=BATCH)
    return data


def _school_people(data, schools, password_hash):
    """Each authority's measured school (its first maintained primary, which gets a board), with a headteacher
    and a chair of governors who sign in."""
    firsts = {}
    for school in schools:
        if school.is_maintained and school.phase == School.Phase.PRIMARY:
            firsts.setdefault(school.authority_id, school.pk)
    roles = []
    for item in data:
        item.school_id = firsts.get(item.authority.pk, item.school_ids[0])
        code = item.authority.code
        item.headteacher = _users(f"head{code}-", 1, password_hash)[0]
        item.governor = _users(f"governor{code}-", 1, password_hash)[0]
        roles += [
            RoleAssignment(
                user=item.headteacher, role=Role.HEADTEACHER, authority=item.authority, school_id=item.school_id
            ),
            RoleAssignment(
                user=item.governor,
                role=Role.GOVERNOR,
                authority=item.authority,
                school_id=item.school_id,
                is_chair=True,
            ),
        ]
    RoleAssignment.objects.bulk_create(roles)


def load(code):
    """The AuthorityData of an authority an earlier `build` made (for `make bench -- --reuse`), or None."""
    authority = Authority.objects.filter(code=str(code)).first()
    if authority is None:
        return None
    roles = RoleAssignment.objects.filter(authority=authority).select_related("user").order_by("user_id")
    by_role = {}
    for role in roles:
        by_role.setdefault(role.role, []).append(role.user)
    framework = current_framework_for_authority(authority)
    return AuthorityData(
        authority,
        by_role[Role.DIRECTOR][0],
        by_role[Role.AUTHORITY_ADMIN][0],
        by_role[Role.QA_LEAD],
        school_ids=list(School.objects.filter(authority=authority).order_by("pk").values_list("pk", flat=True)),
        framework=framework,
        bands=list(framework.bands.filter(is_academy_track=False).order_by("severity")),
        school_id=roles.filter(role=Role.HEADTEACHER).values_list("school_id", flat=True).first(),
        headteacher=next(iter(by_role.get(Role.HEADTEACHER, [])), None),
        governor=next(iter(by_role.get(Role.GOVERNOR, [])), None),
    )


def load_all(first_code):
    codes = Authority.objects.filter(code__regex=r"^[0-9]+$").values_list("code", flat=True)
    return [load(code) for code in sorted(codes, key=int) if int(code) >= first_code]


def _visits(data, first_year, current_year, today=date(2026, 11, 24)):
    """Three visits a school a year: QA visits in autumn and summer, a monitoring meeting in spring with its
    agenda and note of visit. Nearly every past meeting has a circulated agenda and a published note; one school
    in fifty has overdue minutes (a draft note) and, this year, a meeting next week whose agenda is overdue, so
    the dashboard's overdue lists have rows at every scale."""
    qa_visit = VisitType.objects.get(code="qa_visit")
    meeting = VisitType.objects.get(code="monitoring_support_meeting")
    for year in range(first_year, current_year + 1):
        visits = []
        for item in data:
            for position, school_id in enumerate(item.school_ids):
                lead = item.qa_leads[position % len(item.qa_leads)]
                for order, term in enumerate(TERMS):
                    planned = date(year, 10, 10) + timedelta(days=110 * order + position % 40)
                    is_meeting = term == "spring"
                    if is_meeting and year == current_year and school_id % 50 == 0:
                        planned = today + timedelta(days=7)  # its agenda was due a week ago and is not out
                    visits.append(
                        Visit(
                            school_id=school_id,
                            academic_year=year,
                            term=term,
                            visit_type=meeting if is_meeting else qa_visit,
                            sequence=1,
                            planned_date=planned,
                            qa_lead=lead,
                            status=Visit.Status.HELD if planned < today else Visit.Status.PLANNED,
                            agenda_due=planned - timedelta(days=14) if is_meeting else None,
                            papers_due=planned - timedelta(days=7) if is_meeting else None,
                            minutes_due=planned + timedelta(days=9) if is_meeting else None,
                        )
                    )
        visits = Visit.objects.bulk_create(visits, batch_size=BATCH)
        agendas, notes = [], []
        for visit in visits:
            if visit.visit_type_id != meeting.pk:
                continue
            behind = visit.school_id % 50 == 0 and year >= current_year - 1
            if visit.status == Visit.Status.HELD:
                agendas.append(Agenda(visit=visit, items="Standing items", circulated_at=_aware(visit.agenda_due)))
                written = _aware(visit.planned_date + timedelta(days=5))
                notes.append(
                    VisitNote(
                        visit=visit,
                        status=VisitNote.Status.DRAFT if behind else VisitNote.Status.PUBLISHED,
                        going_well="Leaders know the school well.",
                        next_steps="Keep going.",
                        sent_at=None if behind else written,
                        published_at=None if behind else written + timedelta(days=7),
                    )
                )
            elif not behind and visit.agenda_due < today:
                agendas.append(Agenda(visit=visit, items="Standing items", circulated_at=_aware(visit.agenda_due)))
        Agenda.objects.bulk_create(agendas, batch_size=BATCH)
        VisitNote.objects.bulk_create(notes, batch_size=BATCH)


def national_sizes(total_schools, authorities, *, seed=153):
    """Authority sizes like England's: most 50–300 schools, a few much larger, summing to the total."""
    rng = random.Random(seed)
    weights = [rng.lognormvariate(0, 0.6) for _ in range(authorities)]
    scale = total_schools / sum(weights)
    sizes = [max(20, round(w * scale)) for w in weights]
    sizes[sizes.index(max(sizes))] += total_schools - sum(sizes)
    return sizes
