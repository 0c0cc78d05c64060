"""Demo Borough: about 60 fictional schools of mixed phase and type (LA code 990).

The GIAS-like details, headteachers, Ofsted histories and three years of indicators are in demo_details.py.
"""

import random

from .demo_details import seed_details
from .models import Authority, School

DEMO_LA_CODE = "990"

_PLACES = [
    "Ashford Vale",
    "Brookmead",
    "Castleton",
    "Dunmore",
    "Elmhurst",
    "Fernleigh",
    "Greystones",
    "Hollins Park",
    "Ivybridge Lane",
    "Juniper Hill",
    "Kingsmoor",
    "Larkfield",
    "Millbrook",
    "Northgate",
    "Oakwood",
    "Pennington",
    "Queensbury",
    "Riverside",
    "Stonebridge",
    "Thornbury",
    "Upton Meadows",
    "Valley Road",
    "Westfield",
    "Yew Tree",
    "Abbotsford",
    "Beechcroft",
    "Coppice Green",
    "Dale End",
    "Eastbrook",
    "Foxhollow",
    "Glebe Farm",
    "Hawthorn",
    "Ironstone",
    "Kestrel Rise",
    "Lowfield",
    "Mayfield",
    "Netherton",
    "Orchard Way",
    "Priory",
    "Redhill",
    "St Aidan's",
    "St Bede's",
    "St Chad's",
    "St Mary's",
    "Holy Trinity",
    "St Peter's",
    "Sandy Lane",
    "Tudor Grange",
    "Whitecross",
    "Wrekin View",
    "Bramley",
    "Chestnut Walk",
    "Dovecote",
    "Elm Lodge",
    "Fairholme",
    "Gorse Hill",
    "Harbour View",
    "Linden",
    "Moss Side",
    "Newbold",
]

# (suffix, phase, GIAS type, type group, maintained)
_KINDS = [
    ("Primary School", School.Phase.PRIMARY, "Community school", School.TypeGroup.LA_MAINTAINED, True),
    (
        "C of E Primary School",
        School.Phase.PRIMARY,
        "Voluntary aided school",
        School.TypeGroup.LA_MAINTAINED,
        True,
    ),
    (
        "C of E Primary School",
        School.Phase.PRIMARY,
        "Voluntary controlled school",
        School.TypeGroup.LA_MAINTAINED,
        True,
    ),
    ("Primary Academy", School.Phase.PRIMARY, "Academy converter", School.TypeGroup.ACADEMIES, False),
    ("Infant School", School.Phase.PRIMARY, "Foundation school", School.TypeGroup.LA_MAINTAINED, True),
    ("Academy", School.Phase.SECONDARY, "Academy sponsor led", School.TypeGroup.ACADEMIES, False),
    ("High School", School.Phase.SECONDARY, "Community school", School.TypeGroup.LA_MAINTAINED, True),
    ("Free School", School.Phase.SECONDARY, "Free schools", School.TypeGroup.FREE_SCHOOLS, False),
    (
        "Nursery School",
        School.Phase.NURSERY,
        "Local authority nursery school",
        School.TypeGroup.LA_MAINTAINED,
        True,
    ),
    ("School", School.Phase.NOT_APPLICABLE, "Community special school", School.TypeGroup.SPECIAL, True),
    ("Learning Centre", School.Phase.NOT_APPLICABLE, "Pupil referral unit", School.TypeGroup.OTHER, True),
    ("All-through Academy", School.Phase.ALL_THROUGH, "Academy converter", School.TypeGroup.ACADEMIES, False),
]
# Mostly primaries, as in a real borough.
_WEIGHTS = [18, 6, 4, 8, 3, 5, 4, 2, 2, 3, 2, 1]


def seed_authority():
    authority, _ = Authority.objects.update_or_create(
        kind=Authority.Kind.LOCAL_AUTHORITY, code=DEMO_LA_CODE, defaults={"name": "Demo Borough"}
    )
    return authority


def seed_schools(authority, qa_leads):
    """Create or refresh the demo schools; the first school is always a community primary."""
    rng = random.Random(990)
    schools = []
    for index, place in enumerate(_PLACES):
        kind = _KINDS[0] if index == 0 else rng.choices(_KINDS, weights=_WEIGHTS)[0]
        suffix, phase, gias_type, group, maintained = kind
        values = {
            "name": f"{place} {suffix}",
            "authority": authority,
            "phase": phase,
            "establishment_type": gias_type,
            "type_group": group,
            "is_maintained": maintained,
            "qa_lead": qa_leads[index % len(qa_leads)],
            "telephone": f"01632 {960000 + index:06d}"[:13],
            "email": f"office@{place.lower().replace(' ', '').replace(chr(39), '')}.demo.sch.uk",
        }
        schools.append(ensure_school(990001 + index, **values))
    return schools


def ensure_school(urn, **values):
    """Create the demo school, or bring it up to date; saves only when something differs, so that re-running
    the demo records no new history."""
    school = School.objects.filter(urn=urn).first()
    if school is None:
        return School.objects.create(urn=urn, **values)
    if any(getattr(school, field) != value for field, value in values.items()):
        for field, value in values.items():
            setattr(school, field, value)
        school.save()
    return school


def seed(context):
    """Schools' own demo rows beyond the register: GIAS details, headteachers, Ofsted histories, indicators."""
    seed_details(context["schools"])
