"""Each demo authority's brand: its letterhead address, who signs its letters, its footer and marking.

Written from the real council or trust each demo authority stands for, but with demo names, example addresses
(.example) and telephone numbers from Ofcom's range kept for drama, so that no letter of the demo reaches anyone.
"""

from schools.models import Authority

# (kind, code) -> brand fields
BRANDS = {
    (Authority.Kind.LOCAL_AUTHORITY, "990"): {
        "brand_colour": "#1d4f91",
        "address": "Education and Skills\nDemo Borough Council\nCivic Centre, 1 High Street\nDemoton\nDM1 1AA",
        "contact_email": "school.improvement@demo-borough.example",
        "contact_phone": "01632 960100",
        "signatory_name": "Helen Marsh",
        "signatory_title": "Director of Education",
        "letter_footer": "Demo Borough Council, Civic Centre, 1 High Street, Demoton DM1 1AA",
        "protective_marking": Authority.Marking.OFFICIAL_SENSITIVE,
    },
    (Authority.Kind.LOCAL_AUTHORITY, "9901"): {
        "brand_colour": "#00594f",
        "address": "Education and Skills\nDemo Wrekin Council\nAddenbrooke House, Ironmasters Way\nTelford\nTF3 4NT",
        "contact_email": "school.improvement@demo-wrekin.example",
        "contact_phone": "0121 496 0201",
        "signatory_name": "Simon Hartley",
        "signatory_title": "Director: Education and Skills",
        "letter_footer": "Demo Wrekin Council, Addenbrooke House, Ironmasters Way, Telford TF3 4NT",
        "protective_marking": Authority.Marking.OFFICIAL_SENSITIVE,
    },
    (Authority.Kind.LOCAL_AUTHORITY, "9902"): {
        "brand_colour": "#8a1538",
        "address": "Education, Early Start and Prevention\nDemo Barnsley Metropolitan Borough Council\nTown Hall, "
        "Church Street\nBarnsley\nS70 2TA",
        "contact_email": "school.improvement@demo-barnsley.example",
        "contact_phone": "0114 496 0302",
        "signatory_name": "Nina Sutcliffe",
        "signatory_title": "Service Director, Education, Early Start and Prevention",
        "letter_footer": "Demo Barnsley Metropolitan Borough Council, Town Hall, Church Street, Barnsley S70 2TA",
        "protective_marking": Authority.Marking.OFFICIAL_SENSITIVE,
    },
    (Authority.Kind.ACADEMY_TRUST, "TR9903"): {
        "brand_colour": "#005a70",
        "address": "Demo West Coast Academies Trust\nTrust Office, Harbour Road\nMinehead\nTA24 5QA",
        "contact_email": "standards@demo-westcoast-trust.example",
        "contact_phone": "0117 496 0403",
        "signatory_name": "Claire Penrose",
        "signatory_title": "Chief Executive Officer",
        "letter_footer": "Demo West Coast Academies Trust, a company limited by guarantee, registered in England "
        "and Wales",
        "protective_marking": Authority.Marking.OFFICIAL,
    },
    (Authority.Kind.LOCAL_AUTHORITY, "9904"): {
        "brand_colour": "#4b2c6f",
        "address": "Education and Early Help\nDemo Worcestershire County Council\nCounty Hall, Spetchley Road\n"
        "Worcester\nWR5 2NP",
        "contact_email": "school.improvement@demo-worcestershire.example",
        "contact_phone": "0121 496 0504",
        "signatory_name": "Gareth Lyle",
        "signatory_title": "Assistant Director for Education and Early Help",
        "letter_footer": "Demo Worcestershire County Council, County Hall, Spetchley Road, Worcester WR5 2NP",
        "protective_marking": Authority.Marking.OFFICIAL_SENSITIVE,
    },
}


def seed(context=None):
    """Give every demo authority its brand (again, the same: saved only when something differs)."""
    for (kind, code), brand in BRANDS.items():
        authority = Authority.objects.filter(kind=kind, code=code).first()
        if authority is None:
            continue
        if any(getattr(authority, name) != value for name, value in brand.items()):
            for name, value in brand.items():
                setattr(authority, name, value)
            authority.full_clean()
            authority.save(update_fields=list(brand))
