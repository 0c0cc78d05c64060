"""Retention: a governor's personal data is erased RETENTION_GOVERNOR_YEARS after their last role ended."""

import pytest
from freezegun import freeze_time

from qa_portal.accounts.models import User
from qa_portal.notifications.models import Notification
from records.models import Erasure
from records.services import retention_apply
from records.tasks import apply_retention
from tests import factories as f

pytestmark = pytest.mark.django_db


def _left(user, on):
    with freeze_time(on):
        for assignment in user.roles.all():
            assignment.delete()


def test_a_governor_who_left_more_than_the_period_ago_is_erased_and_one_who_left_a_year_later_is_not(world, settings):
    settings.RETENTION_GOVERNOR_YEARS = 6
    long_gone = f.governor(world.school)
    recently_gone = f.governor(world.school)
    recent_name = recently_gone.get_full_name()
    _left(long_gone, "2020-07-31 12:00")
    _left(recently_gone, "2021-08-01 12:00")
    with freeze_time("2026-08-01 02:30"):
        result = apply_retention.delay().get()
    assert result == {"erased": 1, "notifications_deleted": 0}
    long_gone.refresh_from_db()
    recently_gone.refresh_from_db()
    assert (long_gone.get_full_name(), long_gone.email, long_gone.is_active) == (
        f"Erased person {long_gone.pk}",
        f"erased-{long_gone.pk}@erased.invalid",
        False,
    )
    assert long_gone.has_usable_password() is False
    assert (recently_gone.get_full_name(), recently_gone.is_active) == (recent_name, True)
    erasure = Erasure.objects.get()
    assert (erasure.person_id, erasure.requested_by, erasure.authority, erasure.reason) == (
        long_gone.pk,
        None,
        world.authority,
        "Retention period: 6 years after their last role ended on 31 July 2020",
    )


def test_running_it_twice_is_a_no_op(world):
    gone = f.governor(world.school)
    _left(gone, "2019-01-10 12:00")
    with freeze_time("2026-08-01 02:30"):
        assert retention_apply() == (1, 0)
        before = list(User.objects.order_by("pk").values_list("pk", "first_name", "last_name", "email"))
        assert retention_apply() == (0, 0)
    assert list(User.objects.order_by("pk").values_list("pk", "first_name", "last_name", "email")) == before
    assert Erasure.objects.count() == 1


def test_people_still_in_a_role_and_officers_who_left_are_kept(world):
    officer = f.qa_lead(world.authority)
    _left(officer, "2010-01-10 12:00")
    with freeze_time("2026-08-01 02:30"):
        assert retention_apply() == (0, 0)
    assert Erasure.objects.count() == 0


def test_notifications_older_than_the_period_are_deleted(world, settings):
    settings.RETENTION_NOTIFICATION_DAYS = 365
    for day, key in (("2025-07-31 12:00", "old"), ("2025-08-02 12:00", "recent")):
        with freeze_time(day):
            Notification.objects.create(recipient=world.chair, kind="test", text=key, url="/", key=key, delivery="off")
    with freeze_time("2026-08-01 02:30"):
        assert retention_apply() == (0, 1)
    assert list(Notification.objects.values_list("text", flat=True)) == ["recent"]
