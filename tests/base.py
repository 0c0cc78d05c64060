"""A world with an owner, another-school person and an outsider for every role (healthchecks' hc/test.py style).

- `school` and `other_school` are in `authority`; `outside_school` is in `other_authority`.
- For each role there is the person who owns `school` (or its authority), the same role at `other_school`,
  and the same role in `other_authority` (the outsider).
"""

from dataclasses import dataclass

from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from qa_portal.accounts.models import User
from qa_portal.accounts.two_factor import second_factor_required
from qa_portal.links import urls_for

from . import factories as f


@dataclass
class World:
    authority: object
    other_authority: object
    school: object
    other_school: object
    outside_school: object
    qa_lead: object
    other_qa_lead: object
    outside_qa_lead: object
    director: object
    outside_director: object
    admin: object
    outside_admin: object
    head: object
    other_head: object
    outside_head: object
    chair: object
    other_governor: object
    outside_governor: object


def build_world():
    authority = f.AuthorityFactory(name="Demo Borough", code="990")
    other_authority = f.AuthorityFactory(name="Elsewhere Council", code="991")
    school = f.SchoolFactory(authority=authority, name="Brookmead Primary School")
    other_school = f.SchoolFactory(authority=authority, name="Castleton Academy", academy=True)
    outside_school = f.SchoolFactory(authority=other_authority, name="Faraway Primary School")
    return World(
        authority=authority,
        other_authority=other_authority,
        school=school,
        other_school=other_school,
        outside_school=outside_school,
        qa_lead=f.qa_lead(authority, schools=[school]),
        other_qa_lead=f.qa_lead(authority, schools=[other_school]),
        outside_qa_lead=f.qa_lead(other_authority, schools=[outside_school]),
        director=f.director(authority),
        outside_director=f.director(other_authority),
        admin=f.authority_admin(authority),
        outside_admin=f.authority_admin(other_authority),
        head=f.headteacher(school),
        other_head=f.headteacher(other_school),
        outside_head=f.headteacher(outside_school),
        chair=f.governor(school, chair=True),
        other_governor=f.governor(other_school),
        outside_governor=f.governor(outside_school),
    )


def sign_in(client, user):
    """Sign `user` in on `client` (a Django test client), as far as a person who has given every factor
    the service asks of them: with their authenticator (made for them if they must have one) marked as given,
    as django_otp.login does. Returns the client."""
    client.force_login(user)
    device = second_factor_device(user)
    if device is not None:
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


def second_factor_device(user):
    """The person's confirmed authenticator: theirs if they have one, a new one if they must have one, else None."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None and second_factor_required(User.objects.get(pk=user.pk)):
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    return device


def totp_code(device):
    """The code the person's authenticator app shows now (at the test's clock)."""
    return str(TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token()).zfill(device.digits)


def url_in(authority, viewname, *args, **kwargs):
    """A page's address in `authority` (its /la/<code>/ prefix included), as the links on that authority's pages
    carry it (qa_portal.accounts.context)."""
    with urls_for(authority):
        return reverse(viewname, args=args or None, kwargs=kwargs or None)


def main_content(response):
    """The page's <main> only: what the page says, without the header (which names the signed-in person)."""
    page = response.content.decode()
    return page[page.index("<main") : page.index("</main>")]
