"""Single sign-on with OpenID Connect: the providers configured in settings.OIDC_PROVIDERS, an Authlib client for
each, and who a verified ID token signs in.

Authlib runs the authorization-code flow with PKCE: it keeps the state, nonce and code verifier in the session and,
in `authorize_access_token`, checks the state and the ID token (its signature against the provider's published
keys, iss, aud, exp and nonce). Nobody registers here by signing in: the token's email must belong to an account
an admin has made, and roles still come from the admin."""

from dataclasses import dataclass
from urllib.parse import urlsplit

from authlib.integrations.django_client import OAuth
from django.conf import settings

from .models import User, normalise_email

HTTP_TIMEOUT_SECONDS = 10
# Why the last single sign-on failed, shown once on the sign-in page.
ERROR_SESSION_KEY = "sso_error"

# RFC 8176 authentication method references, by kind of factor. "mfa" (and "mca") say outright that more than one
# factor was given (Entra sends "mfa"); otherwise two methods of different kinds make two factors.
MULTI_FACTOR_METHODS = frozenset({"mfa", "mca"})
FACTOR_KINDS = {
    "pwd": "knowledge",
    "pin": "knowledge",
    "kba": "knowledge",
    "otp": "possession",
    "hwk": "possession",
    "swk": "possession",
    "sms": "possession",
    "tel": "possession",
    "sc": "possession",
    "fpt": "inherence",
    "face": "inherence",
    "iris": "inherence",
    "retina": "inherence",
    "vbm": "inherence",
}


@dataclass(frozen=True)
class Provider:
    slug: str
    name: str  # the button's text
    issuer: str
    client_id: str
    client_secret: str
    metadata_url: str = ""
    require_email_verified: bool = True
    email_claims: tuple = ("email",)

    @property
    def server_metadata_url(self):
        return self.metadata_url or f"{self.issuer.rstrip('/')}/.well-known/openid-configuration"

    @property
    def origin(self):
        """Where its sign-in page is (the sign-in page's form may be sent on there: CSP form-action)."""
        parts = urlsplit(self.issuer)
        return f"{parts.scheme}://{parts.netloc}"


class SignInRefused(Exception):
    """The provider's answer signs nobody in here; the message says why, to the person."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def providers():
    return [
        Provider(**{**entry, "email_claims": tuple(entry.get("email_claims", ("email",)))})
        for entry in settings.OIDC_PROVIDERS
    ]


def provider_for(slug):
    return next((provider for provider in providers() if provider.slug == slug), None)


# One Authlib client per provider configuration, kept for the process: it caches the provider's metadata and keys
# (fetched again when a token is signed with a key it does not know).
_clients = {}


def client_for(provider):
    if provider not in _clients:
        _clients[provider] = OAuth().register(
            name=provider.slug,
            client_id=provider.client_id,
            client_secret=provider.client_secret,
            server_metadata_url=provider.server_metadata_url,
            client_kwargs={
                "scope": "openid email profile",
                "code_challenge_method": "S256",
                "default_timeout": HTTP_TIMEOUT_SECONDS,
            },
        )
    return _clients[provider]


def _is_true(value):
    return value is True or (isinstance(value, str) and value.lower() == "true")


def email_from_claims(provider, claims):
    """The email address the ID token vouches for.

    Where the provider sends `email_verified` it must be true, and a provider configured to require it (Google,
    a generic provider unless told otherwise) must send it. Microsoft Entra ID sends no `email_verified`: its
    tenant manages the addresses of its own directory, so `email` (else `preferred_username`, the sign-in
    name, which is the address in most tenants) is taken as it comes."""
    email = next((normalise_email(claims.get(name)) for name in provider.email_claims if claims.get(name)), "")
    if not email or "@" not in email:
        raise SignInRefused(f"{provider.name.removeprefix('Sign in with ')} did not tell us your email address.")
    verified = claims.get("email_verified")
    if (verified is not None or provider.require_email_verified) and not _is_true(verified):
        raise SignInRefused(
            f"Your email address {email} is not verified with your account there. Verify it, then sign in again."
        )
    return email


def person_for_claims(provider, claims):
    """The account a verified ID token signs in (SignInRefused with the reason otherwise)."""
    email = email_from_claims(provider, claims)
    user = User.objects.filter(email=email).first()
    if user is None:
        raise SignInRefused(f"No account here uses {email}. Ask your authority’s admin to add you, then sign in again.")
    if not user.is_active:
        raise SignInRefused("This account has been closed. Contact your authority’s admin team.")
    return user


def gave_multi_factor(claims):
    """The provider asserts (RFC 8176 `amr`) that the person gave more than one factor when they signed in there."""
    methods = claims.get("amr") or []
    if isinstance(methods, str):
        methods = [methods]
    if MULTI_FACTOR_METHODS.intersection(methods):
        return True
    return len({FACTOR_KINDS[method] for method in methods if method in FACTOR_KINDS}) >= 2


def authorities_without_password_sign_in(user):
    """The authorities the person works in that allow no sign-in with a password (superusers keep theirs, for
    the Django admin)."""
    if user.is_superuser:
        return []
    found = {}
    for assignment in user.role_assignments:
        if not assignment.authority.password_sign_in:
            found.setdefault(assignment.authority_id, assignment.authority)
    return sorted(found.values(), key=lambda authority: authority.name)
