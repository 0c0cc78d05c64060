import pytest
from django.core.management import call_command
from freezegun import freeze_time

from demo.seed import DEMO_PASSWORD
from qa_portal.accounts.models import RoleAssignment, User
from qa_portal.accounts.roles import Role
from schools.models import Authority, School

pytestmark = pytest.mark.django_db


def counts():
    return (
        Authority.objects.count(),
        School.objects.count(),
        User.objects.count(),
        RoleAssignment.objects.count(),
    )


# The demo plans the current academic year: fix which one it is.
@freeze_time("2026-11-24 10:00")
def test_seed_demo_builds_demo_borough_and_is_idempotent(settings):
    settings.DEBUG = True
    call_command("seed_demo")
    first = counts()
    history_rows = School.history.count()
    call_command("seed_demo")
    assert counts() == first
    assert School.history.count() == history_rows, "a second run should change nothing, so record no history"
    borough = Authority.objects.get(code="990")
    assert borough.name == "Demo Borough"
    schools = School.objects.filter(authority=borough)
    assert schools.count() == 60
    assert set(schools.values_list("type_group", flat=True)) == {
        School.TypeGroup.LA_MAINTAINED,
        School.TypeGroup.ACADEMIES,
        School.TypeGroup.FREE_SCHOOLS,
        School.TypeGroup.SPECIAL,
        School.TypeGroup.OTHER,
    }
    assert schools.filter(establishment_type="Pupil referral unit").count() == 1
    assert set(RoleAssignment.objects.values_list("role", flat=True)) == set(Role.values)


@freeze_time("2026-11-24 10:00")
def test_demo_passwords_only_with_debug_or_the_flag(settings):
    settings.DEBUG = False
    call_command("seed_demo")
    assert not User.objects.get(email="qa.lead@demo.example").check_password(DEMO_PASSWORD)
    call_command("seed_demo", "--demo-passwords")
    assert User.objects.get(email="qa.lead@demo.example").check_password(DEMO_PASSWORD)
