"""The classification demo: every Telford 2024 band in Demo Borough, a decision that differs from its suggestion,
an Ofsted trigger, one small authority per other preset, and running it twice changes nothing."""

import pytest
from freezegun import freeze_time

from classification import demo as classification_demo
from classification.models import Classification, Framework, Letter
from demo.seed import DEMO_PEOPLE, _person
from schools import demo as schools_demo
from tests import factories as f

pytestmark = pytest.mark.django_db


def _context():
    authority = schools_demo.seed_authority()
    people = {row[0]: _person(*row[:4], password=None) for row in DEMO_PEOPLE}
    schools = schools_demo.seed_schools(authority, [people["qa.lead@demo.example"], people["qa.lead2@demo.example"]])
    for email, *_rest, role, index, chair in DEMO_PEOPLE:
        f.give_role(
            people[email],
            role,
            authority=authority,
            school=schools[index] if index is not None else None,
            is_chair=chair,
        )
    schools_demo.seed({"authority": authority, "schools": schools, "people": people, "set_passwords": False})
    return {"authority": authority, "schools": schools, "people": people, "set_passwords": False}


@freeze_time("2026-11-24 09:00:00")
def test_demo_places_schools_in_every_band_and_is_idempotent():
    context = _context()
    classification_demo.seed(context)
    counts = (Classification.objects.count(), Letter.objects.count(), Framework.objects.count())
    classification_demo.seed(context)
    assert (Classification.objects.count(), Letter.objects.count(), Framework.objects.count()) == counts

    published = Classification.objects.filter(status="published", school__authority=context["authority"])
    assert set(published.values_list("band__code", flat=True)) == {"green", "yellow", "amber", "red", "academies"}
    assert [c.school.name for c in published if c.differs_from_suggestion] == ["Elmhurst Primary School"]
    moved_by_ofsted = {
        (c.school.name, c.band.code) for c in published if "Ofsted category of concern" in " ".join(c.reasons)
    }
    # Ofsted's own categories (seeded by the schools step): no school needs one made up for the demo.
    assert moved_by_ofsted == {("Dunmore Primary School", "red"), ("Millbrook High School", "red")}
    head_school = context["schools"][0]
    history = published.filter(school=head_school).order_by("published_at")
    assert list(history.values_list("band__code", flat=True)) == ["green", "yellow"]  # an earlier band, then today's
    slugs = set(Framework.objects.values_list("slug", flat=True))
    assert slugs == {
        "telford-wrekin-2024",
        "telford-wrekin-2014",
        "barnsley",
        "west-somerset-2021",
        "worcestershire-2017",
    }
    qa_lead = context["people"]["qa.lead@demo.example"]
    assert len(qa_lead.authority_ids_for("qa_lead")) == 5
    # Every other preset shows three published bands and a proposal awaiting the director.
    for framework in Framework.objects.exclude(slug="telford-wrekin-2024"):
        rows = Classification.objects.filter(framework=framework)
        assert (rows.filter(status="published").count(), rows.filter(status="proposed").count()) == (3, 1), (
            framework.slug
        )
    intensive = Classification.objects.get(school__name="Wyre Forest High School")
    assert intensive.band.code == "intensive"
    assert Classification.objects.get(school__name="Riverside Junior School").band.code == "category-4b"
    assert Classification.objects.get(school__name="Exmoor Edge Academy").band.code == "level-4"
    assert Classification.objects.get(school__name="Stonecross Primary School").band.code == "high-risk"
