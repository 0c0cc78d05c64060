from django.conf import settings
from oauth2_provider.oauth2_validators import OAuth2Validator


class ClaimsValidator(OAuth2Validator):
    """The ID token says who signed in (email, whether it is verified, name) and how (`amr`, RFC 8176): "pwd" and
    "mfa" for a person configured as signing in with more than a password, "pwd" otherwise."""

    oidc_claim_scope = {**OAuth2Validator.oidc_claim_scope, "amr": "openid"}

    def get_additional_claims(self, request):
        person = next(p for p in settings.CONFIG["users"] if p["email"] == request.user.username)
        claims = {
            "email": person["email"],
            "name": person.get("name", ""),
            "amr": ["pwd", "mfa"] if person.get("multi_factor") else ["pwd"],
        }
        if person.get("email_verified") is not None:
            claims["email_verified"] = person["email_verified"]
        return claims
