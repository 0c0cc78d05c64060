"""Making and revoking personal API tokens, and noting when one was last used."""

import hashlib
import secrets
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone

from .models import ApiToken

# How often a token's last use is written: at most once per this long, not once per request.
LAST_USED_EVERY = timedelta(minutes=1)
KEY_PREFIX_LENGTH = 8


def hash_key(key):
    return hashlib.sha256(key.encode()).hexdigest()


def api_token_create(*, user, authority, name, lifetime_days):
    """A new token for `user` in `authority` (where they must hold a role) and its key, which is never stored:
    (token, key)."""
    name = (name or "").strip()
    errors = {}
    if not name:
        errors["name"] = "Enter a name for the token"
    elif len(name) > 100:
        errors["name"] = "The name must be 100 characters or fewer"
    if authority is None or authority.pk not in {a.authority_id for a in user.role_assignments}:
        errors["authority"] = "Choose an authority you work in"
    if lifetime_days not in ApiToken.Lifetime.values:
        errors["lifetime_days"] = "Choose when the token expires"
    if errors:
        raise ValidationError(errors)
    key = secrets.token_urlsafe(32)
    now = timezone.now()
    token = ApiToken.objects.create(
        user=user,
        authority=authority,
        name=name,
        key_prefix=key[:KEY_PREFIX_LENGTH],
        key_hash=hash_key(key),
        created_at=now,
        expires_at=now + timedelta(days=lifetime_days),
    )
    return token, key


def api_token_revoke(*, token):
    """Revoke the token (once: revoking it again changes nothing)."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def api_token_note_use(*, token, now):
    """Record that the token was used, at most once per LAST_USED_EVERY."""
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
