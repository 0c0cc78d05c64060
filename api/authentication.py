"""How the API knows who is asking: a personal API token (`Authorization: Bearer <key>`, or `Token <key>`), or a
signed-in session that has given its second factor (the documentation's "Try it out" in a browser). A token works
in its own authority (`request.authority`), with the person's roles there as they are now."""

from django.utils import timezone
from rest_framework import authentication, exceptions

from qa_portal.accounts.context import PREFIX
from qa_portal.accounts.two_factor import second_factor_due

from . import selectors, services

SCHEMES = ("bearer", "token")


class ApiTokenAuthentication(authentication.BaseAuthentication):
    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode("latin-1").split()
        if not header or header[0].lower() not in SCHEMES:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed("Give the token as Authorization: Bearer <token>.")
        token = selectors.token_for_key(header[1])
        now = timezone.now()
        if token is None:
            raise exceptions.AuthenticationFailed("This API token is not known.")
        if token.revoked_at is not None:
            raise exceptions.AuthenticationFailed("This API token has been revoked.")
        if token.expires_at <= now:
            raise exceptions.AuthenticationFailed("This API token has expired.")
        user = token.user
        if not user.is_active:
            raise exceptions.AuthenticationFailed("The account this API token belongs to has been closed.")
        if not user.roles_in(token.authority_id):
            raise exceptions.AuthenticationFailed("You no longer hold a role in this API token's authority.")
        _check_prefix(request, token.authority)
        services.api_token_note_use(token=token, now=now)
        # The permission layer reads the authority from the request, as the pages' do (qa_portal.accounts.context).
        request._request.authority = token.authority
        return user, token

    def authenticate_header(self, request):
        return 'Bearer realm="api"'


def _check_prefix(request, authority):
    """A token works in its own authority: an address in another's prefix (/la/<code>/…) is not found."""
    match = PREFIX.match(request._request.path)
    if match and (match["kind"], match["code"]) != (authority.kind, authority.code):
        raise exceptions.NotFound(f"This API token works in {authority.name} only.")


class VerifiedSessionAuthentication(authentication.SessionAuthentication):
    """The signed-in session, once it has given every factor the service asks of the person."""

    def authenticate(self, request):
        found = super().authenticate(request)
        if found is not None and second_factor_due(request._request):
            raise exceptions.AuthenticationFailed("Give the code from your authenticator app first.")
        return found
