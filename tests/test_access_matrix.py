"""Issue 18, acceptance 1: every page of the project, asked for by every kind of person, answers what it should.

Every URL pattern of `qa_portal.urls` (Django's admin site aside) is requested in the own authority's prefix, its
ids filled from tests/access_world.py, with GET and with an empty POST, as each identity of IDENTITIES, each on a
fresh client; each status must be the one EXPECTED gives, and nothing may answer 500. A pattern with no entry fails.

Reading EXPECTED: `row(default, **named)` gives the GET status of every identity: `default` for everyone not named,
except that `anon` is 302 (to the sign-in page), and `outsider` and `regional` (a regional overseer of both
authorities, who reads dashboards and nothing of the schools) 404 unless named; the API's patterns (`api:`) answer
anon themselves, 401 (`anon=401`). Groups name several at once:
`officers` (qa_lead, other_qa_lead, director, admin), `heads` (head, two_authorities), `governors` (chair,
governor); a single identity named overrides its group. `post=statuses(...)` (the same arguments) gives the
POST statuses of a view that takes a POST (an empty one: refused, or the form with its errors); a row without it
is not POSTed. A new pattern fails with its observed row (GET and POST) printed, to review and paste as one line.
"""

import datetime as dt
import re
from collections import Counter

import pytest
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from freezegun import freeze_time

from qa_portal.links import urls_for
from tests.access_world import build_access_world
from tests.base import sign_in

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 24, 9, 0)
IDENTITIES = (
    "anon",
    "qa_lead",
    "other_qa_lead",
    "director",
    "admin",
    "head",
    "other_head",
    "chair",
    "governor",
    "outsider",
    "two_authorities",
    "regional",
)
GROUPS = {
    "officers": ("qa_lead", "other_qa_lead", "director", "admin"),
    "heads": ("head", "two_authorities"),
    "governors": ("chair", "governor"),
}
SKIPPED_NAMESPACES = {"admin"}
# Public pages that send a signed-out person on somewhere other than the sign-in page.
ANON_REDIRECTED = {"accounts:password-reset-confirm"}  # a valid reset link goes on to its set-password form


def statuses(default, **named):
    """{identity: status}: `default`, anon 302, outsider and regional 404 unless named; groups first, then single
    names."""
    table = dict.fromkeys(IDENTITIES, default) | {"anon": 302, "outsider": 404, "regional": 404}
    for group, members in GROUPS.items():
        if group in named:
            table.update(dict.fromkeys(members, named[group]))
    unknown = set(named) - set(IDENTITIES) - set(GROUPS)
    assert not unknown, f"no such identity: {unknown}"
    table.update({name: status for name, status in named.items() if name in IDENTITIES})
    return table


def row(default, *, post=None, **named):
    return {"GET": statuses(default, **named), "POST": post}


# fmt: off
EXPECTED = {
    "accounts:account": row(200, regional=200, post=statuses(200, regional=200)),
    "accounts:authorities": row(200, regional=200, post=statuses(200, regional=200)),
    "accounts:password-reset": row(200, anon=200, regional=200, post=statuses(200, anon=200, regional=200)),
    "accounts:password-reset-complete": row(200, anon=200, regional=200),
    "accounts:password-reset-confirm": row(302, regional=302, post=statuses(302, regional=302)),
    "accounts:password-reset-done": row(200, anon=200, regional=200),
    "accounts:people": row(403, admin=200, regional=403, post=statuses(403, admin=200, regional=403)),
    "accounts:person-add": row(403, admin=200, regional=403, post=statuses(403, admin=200, regional=403)),
    "accounts:person-second-factor-reset": row(403, admin=200, regional=403,
        post=statuses(403, admin=302, regional=403)),
    "accounts:sign-in": row(302, anon=200, regional=302, post=statuses(302, anon=200, regional=302)),
    "accounts:sign-out": row(405, regional=405, post=statuses(302, regional=302)),
    # Single sign-on: no provider is configured here (tests/oidc signs in through a real one).
    "accounts:sso-callback": row(404, anon=404, post=statuses(405, anon=405, regional=405)),
    "accounts:sso-start": row(405, anon=405, regional=405, post=statuses(404, anon=404)),
    "accounts:two-factor": row(302, regional=302, post=statuses(302, regional=302)),
    "accounts:two-factor-recovery-codes": row(302, regional=302, post=statuses(302, regional=302)),
    "accounts:two-factor-set-up": row(302, governors=200, head=200, other_head=200, regional=302,
        post=statuses(302, governors=200, head=200, other_head=200, regional=302)),
    "api-tokens:list": row(200, regional=200, post=statuses(200, regional=200)),
    "api-tokens:new": row(200, regional=200, post=statuses(200, regional=200)),
    "api-tokens:revoke": row(404, head=200, post=statuses(404, head=302)),
    "api:board-detail": row(200, anon=401, other_head=404, post=statuses(405, anon=401, regional=405)),
    "api:board-list": row(200, anon=401, regional=200, post=statuses(405, anon=401, regional=405)),
    "api:classification-detail": row(200, anon=401, other_head=404, post=statuses(405, anon=401, regional=405)),
    "api:classification-list": row(200, anon=401, regional=200, post=statuses(405, anon=401, regional=405)),
    # The matrix's conversation is the board's checklist in progress: a draft, never in the API.
    "api:conversation-detail": row(404, anon=401, post=statuses(405, anon=401, regional=405)),
    "api:conversation-list": row(200, anon=401, regional=200, post=statuses(405, anon=401, regional=405)),
    "api:dashboard-table": row(403, anon=401, director=200, regional=200,
        post=statuses(405, anon=401, regional=405)),
    "api:regional": row(403, anon=401, regional=200, post=statuses(405, anon=401, regional=405)),
    "api:dashboard-tables": row(403, anon=401, director=200, regional=200,
        post=statuses(405, anon=401, regional=405)),
    "api:docs": row(200, anon=200, regional=200),
    "api:not-found": row(404, anon=404),
    "api:note-detail": row(200, anon=401, other_head=404, governor=404, post=statuses(405, anon=401, regional=405)),
    "api:note-list": row(200, anon=401, regional=200, post=statuses(405, anon=401, regional=405)),
    "api:schema": row(200, anon=200, regional=200),
    "api:school-detail": row(200, anon=401, other_head=404, post=statuses(405, anon=401, regional=405)),
    "api:school-list": row(200, anon=401, regional=200, post=statuses(405, anon=401, regional=405)),
    "api:visit-detail": row(200, anon=401, other_head=404, post=statuses(405, anon=401, regional=405)),
    "api:visit-list": row(200, anon=401, regional=200, post=statuses(405, anon=401, regional=405)),
    "calendar-feed": row(200, anon=200, regional=200, post=statuses(200, anon=200, regional=200)),
    "classification:agenda-item-add": row(404, qa_lead=403, other_qa_lead=403, director=403, admin=200,
        post=statuses(404, qa_lead=403, other_qa_lead=403, director=403, admin=200)),
    "classification:agenda-item-edit": row(404, qa_lead=403, other_qa_lead=403, director=403, admin=200,
        post=statuses(404, qa_lead=403, other_qa_lead=403, director=403, admin=200)),
    "classification:agenda-item-remove": row(404, qa_lead=403, other_qa_lead=403, director=403, admin=200,
        post=statuses(404, qa_lead=403, other_qa_lead=403, director=403, admin=302)),
    "classification:annual-letters": row(405, regional=405,
        post=statuses(404, qa_lead=403, other_qa_lead=403, director=302, admin=302)),
    "classification:assessment": row(404, officers=200,
        post=statuses(404, qa_lead=200, other_qa_lead=403, director=403, admin=403)),
    "classification:assessment-start": row(405, regional=405, post=statuses(403, qa_lead=302, other_head=404)),
    "classification:band-edit": row(404, qa_lead=403, other_qa_lead=403, director=403, admin=200,
        post=statuses(404, qa_lead=403, other_qa_lead=403, director=403, admin=200)),
    "classification:close-discussion": row(404, qa_lead=200, other_qa_lead=403, director=200, admin=403,
        post=statuses(404, qa_lead=200, other_qa_lead=403, director=200, admin=403)),
    "classification:criterion-edit": row(404, qa_lead=403, other_qa_lead=403, director=403, admin=200,
        post=statuses(404, qa_lead=403, other_qa_lead=403, director=403, admin=200)),
    "classification:decision": row(404, officers=200, post=statuses(404)),
    "classification:decisions": row(403, qa_lead=200, other_qa_lead=200, director=200, regional=403,
        post=statuses(403, qa_lead=200, other_qa_lead=200, director=200, regional=403)),
    "classification:entitlement-add": row(404, qa_lead=403, other_qa_lead=403, director=403, admin=200,
        post=statuses(404, qa_lead=403, other_qa_lead=403, director=403, admin=200)),
    "classification:entitlement-edit": row(404, qa_lead=403, other_qa_lead=403, director=403, admin=200,
        post=statuses(404, qa_lead=403, other_qa_lead=403, director=403, admin=200)),
    "classification:entitlement-remove": row(404, qa_lead=403, other_qa_lead=403, director=403, admin=200,
        post=statuses(404, qa_lead=403, other_qa_lead=403, director=403, admin=302)),
    "classification:framework": row(404, officers=200,
        post=statuses(404, qa_lead=403, other_qa_lead=403, director=403, admin=200)),
    "classification:framework-discard": row(404, qa_lead=403, other_qa_lead=403, director=403, admin=200,
        post=statuses(404, qa_lead=403, other_qa_lead=403, director=403, admin=302)),
    "classification:framework-draft": row(405, regional=405,
        post=statuses(404, qa_lead=403, other_qa_lead=403, director=403, admin=302)),
    "classification:framework-publish": row(404, qa_lead=403, other_qa_lead=403, director=403, admin=200,
        post=statuses(404, qa_lead=403, other_qa_lead=403, director=403, admin=200)),
    "classification:frameworks": row(403, officers=200, regional=403, post=statuses(403, officers=200, regional=403)),
    "classification:letter": row(200, other_head=404, post=statuses(200, other_head=404)),
    "classification:letter-template": row(403, admin=200, regional=403, post=statuses(403, admin=200, regional=403)),
    "classification:letter-templates": row(403, admin=200, regional=403, post=statuses(405, regional=405)),
    "classification:propose": row(404, qa_lead=200, other_qa_lead=403, director=403, admin=403,
        post=statuses(404, qa_lead=200, other_qa_lead=403, director=403, admin=403)),
    "classification:request-discussion": row(403, heads=200, other_head=404,
        post=statuses(403, heads=200, other_head=404)),
    "classification:request-review": row(403, heads=200, other_head=404, post=statuses(403, heads=200, other_head=404)),
    "classification:review": row(404, officers=200, post=statuses(404, officers=403)),
    "classification:reviews": row(403, director=200, regional=403, post=statuses(403, director=200, regional=403)),
    "classification:school": row(200, heads=403, governors=403, other_head=404,
        post=statuses(200, heads=403, governors=403, other_head=404)),
    "dashboards:dashboard": row(403, director=200, regional=200, post=statuses(403, director=200, regional=200)),
    "dashboards:regional-download": row(403, regional=200, post=statuses(403, regional=200)),
    "dashboards:table-download": row(403, director=200, regional=200, post=statuses(403, director=200, regional=200)),
    "dashboards:termly-report-download": row(403, director=200, regional=200,
        post=statuses(403, director=200, regional=200)),
    "dashboards:termly-reports": row(403, director=200, regional=403, post=statuses(403, director=200, regional=403)),
    "governance:board": row(200, other_head=404, post=statuses(200, other_head=404)),
    "governance:board-edit": row(403, qa_lead=200, director=200, admin=200, other_head=404,
        post=statuses(403, qa_lead=200, director=200, admin=200, other_head=404)),
    "governance:checklist": row(403, other_head=404, chair=200, post=statuses(403, other_head=404, chair=200)),
    "governance:checklist-invite": row(403, other_head=404, chair=200, post=statuses(403, other_head=404, chair=200)),
    "governance:conversation-open": row(405, regional=405,
        post=statuses(403, qa_lead=302, director=302, admin=302, other_head=404)),
    "governance:declaration-add": row(403, qa_lead=200, director=200, admin=200, other_head=404,
        post=statuses(403, qa_lead=200, director=200, admin=200, other_head=404)),
    "governance:escalation": row(200, heads=403, governors=403, other_head=404,
        post=statuses(200, heads=403, governors=403, other_head=404)),
    "governance:escalation-step-add": row(403, qa_lead=200, director=200, other_head=404,
        post=statuses(403, qa_lead=200, director=200, other_head=404)),
    "governance:evidence": row(200, other_head=404, post=statuses(200, other_head=404)),
    "governance:governor-add": row(403, qa_lead=200, director=200, admin=200, other_head=404,
        post=statuses(403, qa_lead=200, director=200, admin=200, other_head=404)),
    "governance:governor-edit": row(403, qa_lead=200, director=200, admin=200, other_head=404,
        post=statuses(403, qa_lead=200, director=200, admin=200, other_head=404)),
    "governance:letter": row(404, officers=200, post=statuses(404, officers=200)),
    "governance:overdue": row(403, qa_lead=200, other_qa_lead=200, director=200, regional=403,
        post=statuses(403, qa_lead=200, other_qa_lead=200, director=200, regional=403)),
    "governance:record": row(200, other_head=404, post=statuses(200, other_head=404)),
    "governance:record-pdf": row(200, other_head=404, post=statuses(200, other_head=404)),
    "governance:review": row(403, qa_lead=200, director=200, other_head=404,
        post=statuses(403, qa_lead=200, director=200, other_head=404)),
    "governance:statutory-power-add": row(403, qa_lead=200, director=200, other_head=404,
        post=statuses(403, qa_lead=200, director=200, other_head=404)),
    "governance:training-add": row(403, qa_lead=200, director=200, admin=200, other_head=404,
        post=statuses(403, qa_lead=200, director=200, admin=200, other_head=404)),
    "governance:warning-notice-add": row(403, qa_lead=200, director=200, other_head=404,
        post=statuses(403, qa_lead=200, director=200, other_head=404)),
    "governance:warning-notice-outcome": row(403, qa_lead=200, director=200, other_head=404,
        post=statuses(403, qa_lead=200, director=200, other_head=404)),
    "home": row(302, regional=302, post=statuses(302, regional=302)),
    "home-for-role": row(403, qa_lead=200, other_qa_lead=200, regional=403,
        post=statuses(403, qa_lead=200, other_qa_lead=200, regional=403)),
    "jobs:detail": row(404, director=200, admin=200, post=statuses(404, director=200, admin=200)),
    "jobs:list": row(403, admin=200, regional=403, post=statuses(403, admin=200, regional=403)),
    "jobs:status": row(404, director=200, admin=200, post=statuses(404, director=200, admin=200)),
    "jobs:worker-check": row(405, regional=405, post=statuses(403, admin=302, regional=403)),
    "notifications:list": row(200, regional=200, post=statuses(200, regional=200)),
    "notifications:read": row(405, regional=405, post=statuses(404, qa_lead=302)),
    "notifications:read-all": row(405, regional=405, post=statuses(302, regional=302)),
    "notifications:settings": row(200, regional=200, post=statuses(200, regional=200)),
    "pages:accessibility": row(200, anon=200, regional=200),
    "pages:cookies": row(200, anon=200, regional=200),
    "pages:favicon": row(200, anon=200, regional=200),
    "pages:healthz": row(200, anon=200, regional=200, post=statuses(200, anon=200, regional=200)),
    "pages:privacy": row(200, anon=200, regional=200),
    "records:audit-log": row(403, director=200, admin=200, regional=403,
        post=statuses(403, director=200, admin=200, regional=403)),
    "records:person": row(403, admin=200, regional=403, post=statuses(403, admin=200, regional=403)),
    "records:person-erase": row(403, admin=200, regional=403, post=statuses(403, admin=200, regional=403)),
    "records:person-export": row(405, regional=405, post=statuses(403, admin=200, regional=403)),
    "schools:brand": row(403, admin=200, regional=403, post=statuses(403, admin=200, regional=403)),
    "schools:brand-logo": row(404, post=statuses(405, regional=405)),
    "schools:sign-in-settings": row(403, admin=200, regional=403, post=statuses(403, admin=200, regional=403)),
    "schools:contacts-edit": row(403, qa_lead=200, admin=200, other_head=404,
        post=statuses(403, qa_lead=302, admin=302, other_head=404)),
    "schools:detail": row(200, other_head=404, post=statuses(200, other_head=404)),
    "schools:imports": row(403, admin=200, regional=403, post=statuses(403, admin=200, regional=403)),
    "schools:qa-lead-edit": row(403, admin=200, other_head=404, post=statuses(403, admin=200, other_head=404)),
    "schools:register": row(200, regional=403, post=statuses(403, admin=200, regional=403)),
    "schools:register-csv": row(200, regional=403, post=statuses(200, regional=403)),
    "schools:register-xlsx": row(200, regional=403, post=statuses(200, regional=403)),
    "visits:action-add": row(405, regional=405, post=statuses(403, qa_lead=302, admin=302, other_head=404)),
    "visits:add": row(403, qa_lead=200, admin=200, other_head=404,
        post=statuses(403, qa_lead=200, admin=200, other_head=404)),
    "visits:agenda": row(403, qa_lead=200, admin=200, other_head=404,
        post=statuses(403, qa_lead=200, admin=200, other_head=404)),
    "visits:agenda-circulate": row(405, regional=405, post=statuses(403, qa_lead=302, admin=302, other_head=404)),
    "visits:agenda-pdf": row(404, qa_lead=200, admin=200, post=statuses(404, qa_lead=200, admin=200)),
    "visits:body-add": row(403, qa_lead=200, director=200, admin=200, other_head=404,
        post=statuses(403, qa_lead=200, director=200, admin=200, other_head=404)),
    "visits:body-close": row(403, qa_lead=200, director=200, admin=200, other_head=404,
        post=statuses(403, qa_lead=200, director=200, admin=200, other_head=404)),
    "visits:body-edit": row(403, qa_lead=200, director=200, admin=200, other_head=404,
        post=statuses(403, qa_lead=200, director=200, admin=200, other_head=404)),
    "visits:calendar": row(200, regional=200, post=statuses(302, regional=302)),
    "visits:calendar-terms": row(403, admin=200, regional=403, post=statuses(403, admin=200, regional=403)),
    "visits:cancel": row(403, qa_lead=200, admin=200, other_head=404,
        post=statuses(403, qa_lead=200, admin=200, other_head=404)),
    "visits:closure-day-add": row(405, regional=405, post=statuses(403, admin=302, regional=403)),
    "visits:closure-day-delete": row(403, admin=200, regional=403, post=statuses(403, admin=302, regional=403)),
    "visits:confirm": row(405, regional=405, post=statuses(403, qa_lead=302, admin=302, other_head=404)),
    "visits:contribute": row(403, heads=200, other_head=404, post=statuses(403, heads=200, other_head=404)),
    "visits:contribution-file": row(302, other_head=404, post=statuses(302, other_head=404)),
    "visits:detail": row(200, other_head=404, post=statuses(200, other_head=404)),
    "visits:held": row(403, qa_lead=200, admin=200, other_head=404,
        post=statuses(403, qa_lead=302, admin=302, other_head=404)),
    "visits:member-add": row(403, qa_lead=200, director=200, admin=200, other_head=404,
        post=statuses(403, qa_lead=200, director=200, admin=200, other_head=404)),
    "visits:member-remove": row(405, regional=405,
        post=statuses(403, qa_lead=302, director=302, admin=302, other_head=404)),
    "visits:move": row(403, qa_lead=200, admin=200, other_head=404,
        post=statuses(403, qa_lead=200, admin=200, other_head=404)),
    "visits:note": row(200, governors=404, other_head=404,
        post=statuses(200, governors=404, other_qa_lead=403, director=403, other_head=404)),
    "visits:note-pdf": row(200, other_head=404, governor=404, post=statuses(200, other_head=404, governor=404)),
    "visits:note-publish": row(403, governors=404, qa_lead=200, admin=200, other_head=404,
        post=statuses(403, governors=404, qa_lead=302, admin=302, other_head=404)),
    "visits:note-recall": row(403, governors=404, qa_lead=200, admin=200, other_head=404,
        post=statuses(403, governors=404, qa_lead=302, admin=302, other_head=404)),
    "visits:note-send": row(403, governors=404, qa_lead=200, admin=200, other_head=404,
        post=statuses(403, governors=404, qa_lead=302, admin=302, other_head=404)),
    "visits:note-start": row(405, regional=405, post=statuses(403, qa_lead=302, admin=302, other_head=404)),
    "visits:note-unpublish": row(403, qa_lead=200, admin=200, other_head=404, governor=404,
        post=statuses(403, qa_lead=302, admin=302, other_head=404, governor=404)),
    "visits:paper": row(200, other_head=404, post=statuses(200, other_head=404)),
    "visits:papers-received": row(405, regional=405, post=statuses(403, qa_lead=302, admin=302, other_head=404)),
    "visits:plan": row(403, officers=200, regional=403, post=statuses(403, officers=200, regional=403)),
    "visits:plan-add": row(403, qa_lead=200, other_head=404, post=statuses(403, qa_lead=200, other_head=404)),
    "visits:plan-close": row(403, qa_lead=200, other_head=404, post=statuses(403, qa_lead=200, other_head=404)),
    "visits:plan-csv": row(403, officers=200, regional=403, post=statuses(403, officers=200, regional=403)),
    "visits:plan-edit": row(403, qa_lead=200, other_head=404, post=statuses(403, qa_lead=200, other_head=404)),
    "visits:plan-file": row(200, other_head=404, post=statuses(200, other_head=404)),
    "visits:plan-review": row(403, qa_lead=200, other_head=404, post=statuses(403, qa_lead=200, other_head=404)),
    "visits:plan-run": row(405, regional=405,
        post=statuses(403, qa_lead=302, other_qa_lead=302, admin=302, regional=403)),
    "visits:term-edit": row(403, admin=200, regional=403, post=statuses(403, admin=200, regional=403)),
    "visits:time-place": row(403, qa_lead=200, admin=200, other_head=404,
        post=statuses(403, qa_lead=200, admin=200, other_head=404)),
    "visits:unheld": row(403, qa_lead=200, admin=200, other_head=404,
        post=statuses(403, qa_lead=302, admin=302, other_head=404)),
}
# fmt: on


def _patterns(patterns=None, namespace=""):
    """(URL name, pattern) of every named pattern of the project, Django's admin site aside."""
    for pattern in get_resolver("qa_portal.urls").url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace in SKIPPED_NAMESPACES:
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _patterns(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            yield f"{namespace}{pattern.name}", pattern


PATTERNS = dict(_patterns())


def _kwargs(name, pattern, world, things):
    """The address arguments of pattern `name`, all of them things of the own school or authority."""
    t = things
    by_name = {
        "home-for-role": {"role": "qa-lead"},
        "accounts:password-reset-confirm": {"uidb64": t.reset[0], "token": t.reset[1]},
        "jobs:detail": {"job_id": t.job.pk},
        "jobs:status": {"job_id": t.job.pk},
        "notifications:read": {"notification_id": t.notification.pk},
        "dashboards:table-download": {"slug": "schools-per-band", "file_format": "csv"},
        "dashboards:regional-download": {"file_format": "csv"},
        "dashboards:termly-report-download": {"report_id": t.report.pk},
        "classification:decision": {"pk": t.proposed.pk},
        "classification:review": {"pk": t.review.pk},
        "classification:assessment": {"pk": t.assessment.pk},
        "classification:propose": {"pk": t.assessment.pk},
        "classification:close-discussion": {"pk": t.discussion.pk},
        "classification:letter": {"pk": t.letter.pk},
        "classification:framework-draft": {"pk": t.framework.pk},
        "classification:annual-letters": {"pk": t.framework.pk},
        "classification:letter-template": {"kind": "publication"},
        "schools:brand-logo": {"authority_id": world.authority.pk},
        "visits:term-edit": {"start_year": 2026, "code": "autumn"},
        "visits:closure-day-delete": {"pk": t.closure_day.pk},
        "visits:paper": {"pk": t.meeting.pk, "kind": "improvement_plan"},
        "visits:note-pdf": {"pk": t.published_visit.pk},
        "visits:note-unpublish": {"pk": t.published_visit.pk},
        "visits:plan-edit": {"pk": t.plan.pk},
        "visits:plan-close": {"pk": t.plan.pk},
        "visits:plan-review": {"pk": t.plan.pk},
        "visits:plan-file": {"pk": t.plan.pk},
        "visits:body-edit": {"pk": t.body.pk},
        "visits:body-close": {"pk": t.body.pk},
        "visits:member-add": {"pk": t.body.pk},
        "visits:member-remove": {"pk": t.member.pk},
        "calendar-feed": {"token": t.calendar_token.token},
        "accounts:person-second-factor-reset": {"pk": world.head.pk},
        "api-tokens:revoke": {"pk": t.api_token.pk},
        "api:dashboard-table": {"slug": "schools-per-band"},
        "api:school-detail": {"urn": world.school.urn},
        "api:board-detail": {"urn": world.school.urn},
        "api:classification-detail": {"pk": t.published.pk},
        "api:visit-detail": {"pk": t.published_visit.pk},
        "api:note-detail": {"pk": t.published_visit.note.pk},
        "api:conversation-detail": {"pk": t.conversation.pk},
        "accounts:sso-start": {"slug": "local"},
        "accounts:sso-callback": {"slug": "local"},
    }
    held_visit = {"held", "unheld", "note", "note-start", "note-send", "note-recall", "note-publish"}
    if name in by_name:
        return by_name[name]
    kwargs = {}
    for key in pattern.pattern.converters:
        if key == "person_id":
            kwargs[key] = world.head.pk
        elif key == "urn":
            kwargs[key] = world.school.urn
        elif key == "year":
            kwargs[key] = t.conversation.academic_year
        elif key == "governor_id":
            kwargs[key] = t.governor.pk
        elif key == "evidence_id":
            kwargs[key] = t.evidence.pk
        elif key == "notice_id":
            kwargs[key] = t.notice.pk
        elif key == "step_id":
            kwargs[key] = t.step.pk
        elif key == "band_pk":
            kwargs[key] = t.band.pk
        elif key == "entitlement_pk":
            kwargs[key] = t.entitlement.pk
        elif key == "item_pk":
            kwargs[key] = t.agenda_item.pk
        elif key == "criterion_pk":
            kwargs[key] = t.criterion.pk
        elif key == "pk" and name.startswith("classification:"):
            kwargs[key] = t.draft.pk
        elif key == "pk" and name.startswith("visits:"):
            kwargs[key] = (t.held if name.split(":")[1] in held_visit else t.meeting).pk
        else:
            raise AssertionError(f"{name}: give its address arguments in _kwargs ({key} unknown)")
    return kwargs


TEMPLATE_SYNTAX = ("{#", "{%", "{{")


def _template_syntax(response):
    """The template syntax a 200 HTML page shows its reader (a `{# #}` comment over two lines is printed, not
    dropped), each with a little of the text around it; none is what every page must give."""
    if response.status_code != 200 or response.streaming:
        return []
    if not response.headers.get("Content-Type", "").startswith("text/html"):
        return []
    body = response.content.decode()
    found = []
    for mark in TEMPLATE_SYNTAX:
        at = body.find(mark)
        if at != -1:
            found.append(f"{mark!r} in {body[max(at - 40, 0) : at + 60]!r}")
    return found + _broken_forms(body)


POST_FORM = re.compile(r"<form\b[^>]*\bmethod=\"post\"[^>]*>(.*?)</form>", re.S | re.I)


def _broken_forms(body):
    """A form that posts without its CSRF token (the browser's post is refused with Django's 403 page), or with a
    form inside it (browsers drop the inner <form>, so its fields and token join the outer one)."""
    found = []
    for form in POST_FORM.finditer(body):
        inside = form.group(1)
        if 'name="csrfmiddlewaretoken"' not in inside:
            found.append(f"a form that posts without a CSRF token: {form.group(0)[:100]!r}")
        if re.search(r"<form\b", inside, re.I):
            found.append(f"a form inside a form: {form.group(0)[:100]!r}")
    return found


def _request(client, method, url):
    """The status (and where a redirect goes) of one request, its writes rolled back, and any template syntax its
    page shows; a raised error is a 500."""
    try:
        with transaction.atomic():
            response = client.post(url) if method == "POST" else client.get(url)
            transaction.set_rollback(True)
    except Exception as error:  # the matrix reports every failure as a 500 with its cause
        return 500, f"{type(error).__name__}: {error}", []
    return response.status_code, response.headers.get("Location", ""), _template_syntax(response)


def _observed_row(observed):
    """The EXPECTED line for observed GET and POST statuses."""

    def arguments(table):
        ordinary = Counter(status for who, status in table.items() if who not in ("anon", "outsider", "regional"))
        default = ordinary.most_common(1)
        default = default[0][0]
        base = statuses(default)
        named = {}
        for group, members in GROUPS.items():
            values = {table[m] for m in members}
            if len(values) == 1 and values != {default}:
                named[group] = values.pop()
                base.update(dict.fromkeys(members, named[group]))
        named |= {who: status for who, status in table.items() if base[who] != status}
        return ", ".join([str(default), *(f"{k}={v}" for k, v in named.items())])

    return f"row({arguments(observed['GET'])}, post=statuses({arguments(observed['POST'])}))"


@pytest.fixture(scope="module")
def matrix(django_db_setup, django_db_blocker, tmp_path_factory):
    """The world, built once for the module inside a transaction rolled back at its end (each URL's test runs in
    a savepoint of its own, rolled back after it, so that no test sees another's writes), and the session cookies
    of every identity, signed in once."""
    media = override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media"))
    with django_db_blocker.unblock(), freeze_time(NOW), media:
        outer = transaction.atomic()
        outer.__enter__()
        try:
            world, people, things = build_access_world()
            cookies = {who: sign_in(Client(), user).cookies for who, user in people.items() if user is not None}
            yield world, things, cookies
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def _client(cookies, who):
    """A fresh client, signed in as `who` (anon: signed out)."""
    client = Client()
    if who in cookies:
        client.cookies.load({key: morsel.value for key, morsel in cookies[who].items()})
    return client


@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_every_identity_gets_what_it_should(name, matrix, db):
    world, things, cookies = matrix
    expected = EXPECTED.get(name)
    methods = ("GET", "POST") if expected is None or expected["POST"] is not None else ("GET",)
    observed = {"GET": {}, "POST": {}}
    problems = []
    with freeze_time(NOW):
        with urls_for(world.authority):
            url = reverse(name, kwargs=_kwargs(name, PATTERNS[name], world, things) or None)
        for who in IDENTITIES:
            for method in methods:
                status, detail, syntax = _request(_client(cookies, who), method, url)
                observed[method][who] = status
                problems += [f"{method} as {who}: the page shows template syntax, {leak}" for leak in syntax]
                if status == 500:
                    problems.append(f"{method} as {who}: 500 ({detail})")
                elif status == 302 and who == "anon" and "/sign-in/" not in detail and name not in ANON_REDIRECTED:
                    problems.append(f"{method} as anon: redirected to {detail}, not to the sign-in page")
    assert expected is not None, (
        f"{name} ({url}) has no entry in EXPECTED; it answered:\n    {name!r}: {_observed_row(observed)},\n"
        + "\n".join(problems)
    )
    for method in methods:
        table = expected[method]
        problems += [
            f"{method} as {who}: {observed[method][who]}, expected {table[who]}"
            for who in IDENTITIES
            if observed[method][who] != table[who]
        ]
    assert not problems, f"{name} ({url}):\n" + "\n".join(problems)


def test_every_entry_is_a_pattern_of_the_project():
    assert sorted(set(EXPECTED) - set(PATTERNS)) == []
