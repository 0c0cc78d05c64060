"""Writes to the register: a school's contacts and QA lead, the indicator catalogue and the imports (all or
nothing)."""

import logging
import secrets
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from qa_portal.accounts import sso
from qa_portal.links import urls_for
from qa_portal.notifications.services import notify
from qa_portal.uploads import JPEG, MB, PNG, check_upload, delete_file_after_commit

from .catalogue import CATALOGUE_CODES, catalogue_rows
from .imports.gias import import_gias
from .imports.indicators import import_indicators
from .imports.ofsted import import_ofsted
from .models import Indicator, School
from .notifications import QA_LEAD_ASSIGNED
from .people import headteachers_of_schools, is_qa_lead_in
from .signals import qa_lead_changed

logger = logging.getLogger(__name__)


@transaction.atomic
def school_update_contacts(*, school, telephone, email, website, user):
    school.telephone = telephone
    school.email = email
    school.website = website
    school._history_user = user
    school.full_clean()
    school.save(update_fields=["telephone", "email", "website"])
    return school


# What the authority's admin sets on its brand page (besides the logo), in the page's order.
BRAND_FIELDS = (
    "brand_colour",
    "address",
    "contact_email",
    "contact_phone",
    "signatory_name",
    "signatory_title",
    "letter_footer",
    "protective_marking",
)
LOGO_TYPES = frozenset({PNG, JPEG})
LOGO_MAX_BYTES = MB


@transaction.atomic
def authority_brand_update(*, authority, user, data, logo=None):
    """Change `authority`'s brand: the BRAND_FIELDS of `data`, and its logo: `logo` (an upload) replaces it,
    `data["remove_logo"]` removes it.

    Validated before anything is saved or stored: `user` may change the brand (else PermissionDenied), every
    field passes the model's checks (the colour's contrast with white text among them) and the logo is a PNG or
    JPEG by its content, at most 1 MB (else ValidationError naming the field). A replaced or removed logo file
    is removed from storage once the change is committed."""
    if not user.has_perm("schools.change_brand", authority):
        raise PermissionDenied("You cannot change this authority's brand")
    checked = None
    if logo:
        try:
            checked = check_upload(logo, allowed=LOGO_TYPES, max_bytes=LOGO_MAX_BYTES)
        except ValidationError as error:
            raise ValidationError({"logo": error.messages}) from None
    for name in BRAND_FIELDS:
        if name in data:
            value = data[name]
            setattr(authority, name, value.replace("\r\n", "\n").strip() if isinstance(value, str) else value)
    authority.full_clean()
    previous = SimpleNamespace(name=authority.logo.name, storage=authority.logo.storage)
    if checked is not None:
        extension = ".png" if checked.type is PNG else ".jpg"
        authority.logo.save(f"{authority.kind}-{authority.code}-{secrets.token_hex(4)}{extension}", logo, save=False)
        authority.logo_content_type = checked.content_type
    elif data.get("remove_logo"):
        authority.logo = ""
        authority.logo_content_type = ""
    if previous.name and previous.name != authority.logo.name:
        delete_file_after_commit(previous)
    authority.save(update_fields=[*BRAND_FIELDS, "logo", "logo_content_type"])
    return authority


@transaction.atomic
def authority_sign_in_update(*, authority, user, password_sign_in):
    """Allow or refuse sign-in with a password in `authority` (refused: its people use single sign-on). `user`
    must be one of its admins (else PermissionDenied); password sign-in cannot be turned off while no single
    sign-on provider is configured, which would leave nobody a way in (ValidationError). Logged, who and what."""
    if not user.has_perm("schools.change_sign_in", authority):
        raise PermissionDenied("You cannot change how people sign in to this authority")
    if not password_sign_in and not sso.providers():
        raise ValidationError(
            {
                "password_sign_in": "Password sign-in cannot be turned off: no single sign-on provider is set up for "
                "the service. Ask the service’s administrators to set one up first."
            }
        )
    if authority.password_sign_in != password_sign_in:
        authority.password_sign_in = password_sign_in
        authority.save(update_fields=["password_sign_in"])
        logger.info(
            "Password sign-in turned %s for authority %s by user %s",
            "on" if password_sign_in else "off",
            authority.pk,
            user.pk,
        )
    return authority


def _name(person):
    return person.get_full_name() or person.email


@dataclass
class SchoolLeadChange:
    """One school whose QA lead changed, with what the apps above schools did about it (the `qa_lead_changed`
    receivers' results: each may offer `messages()`, sentences for the person who made the change)."""

    school: School
    previous_qa_lead: object
    results: list = field(default_factory=list)

    def messages(self):
        return [text for result in self.results if hasattr(result, "messages") for text in result.messages()]


@dataclass
class QaLeadAssignment:
    qa_lead: object
    changed: list[SchoolLeadChange] = field(default_factory=list)
    unchanged: list[School] = field(default_factory=list)  # they already had this QA lead: nothing was written

    def messages(self):
        return [text for change in self.changed for text in change.messages()]


def school_qa_lead_assign(*, schools, qa_lead, user, authority=None, today=None):
    """Make `qa_lead` the QA lead of each of `schools` (all in `authority`, by default the first school's).

    Validated before anything is saved: the schools are in the authority, `user` may assign their QA lead there
    (else PermissionDenied) and `qa_lead` is an active QA lead of the authority (else ValidationError). In one
    transaction, each school whose lead changes is saved (its history records who did it) and `qa_lead_changed`
    is sent (visits moves the school's future unconfirmed visits to the new lead). After commit the new lead,
    the previous one and the school's headteachers are notified. Schools that already have this lead are left
    as they are. Returns a QaLeadAssignment."""
    schools = list(schools)
    if not schools:
        raise ValidationError({"schools": "Choose at least one school"})
    if qa_lead is None:
        raise ValidationError({"qa_lead": "Choose a QA lead"})
    authority = authority or schools[0].authority
    for school in schools:
        if school.authority_id != authority.pk:
            raise ValidationError({"schools": f"{school.name} is not a school of {authority.name}"})
        if not user.has_perm("schools.assign_qa_lead", school):
            raise PermissionDenied("You do not have permission to assign QA leads")
    if not is_qa_lead_in(qa_lead, authority):
        raise ValidationError({"qa_lead": f"{_name(qa_lead)} is not a QA lead in {authority.name}"})
    to_change = [school for school in schools if school.qa_lead_id != qa_lead.pk]
    result = QaLeadAssignment(qa_lead=qa_lead, unchanged=[s for s in schools if s.qa_lead_id == qa_lead.pk])
    for school in to_change:
        school.qa_lead = qa_lead
        school.full_clean(exclude=["authority", "qa_lead"], validate_unique=False)  # both checked above; URN unchanged
    today = today or timezone.localdate()
    with transaction.atomic():
        locked = School.objects.select_for_update(of=("self",)).select_related("qa_lead")
        previous_leads = {row.pk: row.qa_lead for row in locked.filter(pk__in=[s.pk for s in to_change])}
        for school in to_change:
            previous = previous_leads.get(school.pk)
            school._history_user = user
            school.save(update_fields=["qa_lead"])
            responses = qa_lead_changed.send(
                sender=School, school=school, previous_qa_lead=previous, qa_lead=qa_lead, user=user, today=today
            )
            result.changed.append(
                SchoolLeadChange(
                    school=school,
                    previous_qa_lead=previous,
                    results=[response for _receiver, response in responses if response is not None],
                )
            )
        _notify_after_commit(result)
    return result


def _notify_after_commit(result):
    """Tell the new QA lead, the previous one and each school's headteachers, once the change is saved."""
    if not result.changed:
        return
    heads = headteachers_of_schools([change.school.pk for change in result.changed])
    lead = result.qa_lead
    messages = []
    for change in result.changed:
        school, previous = change.school, change.previous_qa_lead
        text = f"{_name(lead)} is now the QA lead for {school.name}"
        text += f", after {_name(previous)}." if previous is not None else "."
        recipients = [lead, *([previous] if previous is not None else []), *heads.get(school.pk, [])]
        version = school.history.values_list("history_id", flat=True).first()  # newest first: this change
        with urls_for(school.authority):
            url = reverse("schools:detail", args=[school.urn])
        messages.append(
            {
                "recipients": list({person.pk: person for person in recipients}.values()),
                "text": text,
                "url": url,
                "key": f"qa-lead:{school.pk}:{version}",
                "authority": school.authority,
            }
        )

    def send():
        for message in messages:
            notify(kind=QA_LEAD_ASSIGNED, **message)

    transaction.on_commit(send)


def indicator_ensure(
    *, code, name, unit, evidence_area, higher_is_better, national_value=None, description=None, update=True
):
    """Create the indicator with this code, or bring its definition up to date. Idempotent.

    `national_value` / `description` are only changed when given. Returns the Indicator.
    """
    indicator = Indicator.objects.filter(code=code).first()
    wanted = {"name": name, "unit": unit, "evidence_area": evidence_area, "higher_is_better": higher_is_better}
    if national_value is not None:
        wanted["national_value"] = national_value
    if description is not None:
        wanted["description"] = description
    if indicator is None:
        indicator = Indicator(code=code, **wanted)
    elif not update or all(getattr(indicator, key) == value for key, value in wanted.items()):
        return indicator
    else:
        for key, value in wanted.items():
            setattr(indicator, key, value)
    indicator.full_clean()
    indicator.save()
    return indicator


@transaction.atomic
def indicator_catalogue_ensure():
    """Create or update every indicator of the shipped catalogue (schools.catalogue). Idempotent.

    Returns {code: Indicator}.
    """
    return {row["code"]: indicator_ensure(**row) for row in catalogue_rows()}


def gias_import(*, data, la_code, dry_run=False, authority=None, user=None, progress=None, on_date=None):
    """Import a GIAS establishment file for one local authority (schools.imports.gias). All or nothing."""
    return import_gias(
        data, la_code=la_code, dry_run=dry_run, authority=authority, user=user, progress=progress, on_date=on_date
    )


def ofsted_import(*, data, authority=None, dry_run=False, progress=None):
    """Import Ofsted inspection outcomes (schools.imports.ofsted), for `authority`'s schools or all schools."""
    return import_ofsted(data, authority=authority, dry_run=dry_run, progress=progress)


def indicators_import(*, data, authority=None, dry_run=False, progress=None):
    """Import indicator values `urn,indicator,period,value[,national]` (schools.imports.indicators)."""
    if Indicator.objects.filter(code__in=CATALOGUE_CODES).count() < len(CATALOGUE_CODES):
        indicator_catalogue_ensure()  # a database whose catalogue rows (made by a data migration) were removed
    return import_indicators(data, authority=authority, dry_run=dry_run, progress=progress)
