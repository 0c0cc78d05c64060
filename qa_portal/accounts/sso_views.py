"""The two pages of single sign-on: the sign-in page's provider button posts to `sso_start`, which sends the
person to the provider; the provider sends them back to `sso_callback`, which signs them in. Whatever goes wrong
sends them back to the sign-in page with the reason, signed in as nobody."""

import logging

from authlib.common.errors import AuthlibBaseError
from django.contrib.auth import login
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST
from joserfc.errors import JoseError
from requests import RequestException

from qa_portal.links import urls_for

from . import sso
from .two_factor import SSO_MULTI_FACTOR_SESSION_KEY
from .views import _next_url

logger = logging.getLogger(__name__)

# Where the person was going, kept from the sign-in page until the provider sends them back.
NEXT_SESSION_KEY = "sso_next"


def _provider(slug):
    provider = sso.provider_for(slug)
    if provider is None:
        raise Http404("No such sign-in provider")
    return provider


def _refused(request, message):
    request.session[sso.ERROR_SESSION_KEY] = message
    return redirect(reverse("accounts:sign-in"))


@require_POST
def sso_start(request, slug):
    provider = _provider(slug)
    request.session[NEXT_SESSION_KEY] = _next_url(request)
    with urls_for(None):  # the address registered with the provider: outside any authority's prefix
        redirect_uri = request.build_absolute_uri(reverse("accounts:sso-callback", args=[provider.slug]))
    try:
        return sso.client_for(provider).authorize_redirect(request, redirect_uri)
    except (AuthlibBaseError, JoseError, RequestException, ValueError, KeyError, RuntimeError):
        logger.exception("Single sign-on with %s could not start", provider.slug)
        return _refused(request, f"{provider.name} is not working at the moment. Try again later.")


@require_GET
def sso_callback(request, slug):
    provider = _provider(slug)
    if request.GET.get("error"):
        logger.info("Single sign-on with %s: the provider answered %s", provider.slug, request.GET["error"])
        return _refused(request, "You did not finish signing in with your organisation’s account. Sign in again.")
    try:
        token = sso.client_for(provider).authorize_access_token(request)
    except AuthlibBaseError as error:
        # A missing or unknown state: an old or copied link, or a sign-in begun in another browser.
        if getattr(error, "error", "") == "mismatching_state":
            return _refused(request, "Your sign-in did not come back from the page it started on. Sign in again.")
        logger.warning("Single sign-on with %s refused: %s", provider.slug, error)
        return _refused(request, "We could not check your sign-in with your organisation’s account. Sign in again.")
    except (JoseError, RequestException, ValueError, KeyError, RuntimeError) as error:
        logger.warning("Single sign-on with %s refused: %r", provider.slug, error)
        return _refused(request, "We could not check your sign-in with your organisation’s account. Sign in again.")
    claims = token.get("userinfo")
    if not claims:
        return _refused(request, "We could not check your sign-in with your organisation’s account. Sign in again.")
    try:
        user = sso.person_for_claims(provider, claims)
    except sso.SignInRefused as refusal:
        return _refused(request, refusal.message)
    next_url = request.session.pop(NEXT_SESSION_KEY, "") or reverse("home")
    # ModelBackend by name: Axes's backend (first in AUTHENTICATION_BACKENDS) only checks passwords' lockouts.
    # user_logged_in is sent as after a password (qa_portal.accounts.two_factor), then the provider's word on
    # the second factor is kept.
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    if sso.gave_multi_factor(claims):
        request.session[SSO_MULTI_FACTOR_SESSION_KEY] = True
    return redirect(next_url)
