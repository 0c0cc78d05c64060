import time

from django.contrib.auth.views import redirect_to_login
from django.urls import reverse
from django_otp import user_has_device

from .two_factor import HAS_DEVICE_SESSION_KEY, second_factor_due, second_factor_required

# Paths anyone may open without signing in.
PUBLIC_PREFIXES = (
    "/sign-in/",
    "/password-reset/",
    "/static/",
    "/accessibility/",
    "/privacy/",
    "/cookies/",
    "/healthz/",
    "/calendar/",
    "/favicon.ico",
)
# The API answers for itself (api.authentication): 401 for a request with no valid token or session, never a
# redirect to the sign-in or second-factor pages; its schema and documentation hold no data and are public.
API_PREFIX = "/api/"


ACTIVE_AT_SESSION_KEY = "active_at"
# How often a session's idle timeout is pushed back: at most one session write per person per this many seconds.
SESSION_REFRESH_SECONDS = 5 * 60


class SessionActivityMiddleware:
    """Sessions end SESSION_COOKIE_AGE after the person's last activity, give or take SESSION_REFRESH_SECONDS: the
    session is saved again (with a new expiry) when it was last saved longer ago than that, rather than on every
    request (SESSION_SAVE_EVERY_REQUEST), which made every page a database write. Never later than the age allows:
    the expiry is counted from the last save. Goes just after SessionMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and not session.is_empty():
            now = int(time.time())
            # A session saved anyway (changed by the page) is stamped too: its expiry is counted from now.
            if session.modified or now - session.get(ACTIVE_AT_SESSION_KEY, 0) >= SESSION_REFRESH_SECONDS:
                session[ACTIVE_AT_SESSION_KEY] = now
        return response


class LoginRequiredByDefaultMiddleware:
    """Every page needs a signed-in person unless it is listed as public; anonymous people go to sign in."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # path_info: the path without the authority's prefix (qa_portal.accounts.context).
        if not request.user.is_authenticated and not request.path_info.startswith((*PUBLIC_PREFIXES, API_PREFIX)):
            if request.path_info.startswith("/admin/"):
                return self.get_response(request)
            return redirect_to_login(request.get_full_path())
        return self.get_response(request)


# What a person who has given their password but not yet their code may open (besides the public pages).
SECOND_FACTOR_PREFIXES = ("/two-factor/", "/sign-out/")


class SecondFactorRequiredMiddleware:
    """After the password, a person who must give a second factor (or has chosen to) reaches only the second-factor
    pages, sign-out and the public pages until they do: every other page, the Django admin and downloads included,
    sends them to give their code, or to set up their authenticator if they must and have none.
    Runs after django_otp's OTPMiddleware (request.user.is_verified())."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        if path.startswith((*PUBLIC_PREFIXES, *SECOND_FACTOR_PREFIXES, API_PREFIX)) or not second_factor_due(request):
            return self.get_response(request)
        if user_has_device(request.user):
            return redirect_to_login(request.get_full_path(), reverse("accounts:two-factor"))
        if second_factor_required(request.user):
            return redirect_to_login(request.get_full_path(), reverse("accounts:two-factor-set-up"))
        # Their authenticator was reset since they signed in, and they need none.
        request.session.pop(HAS_DEVICE_SESSION_KEY, None)
        return self.get_response(request)
