import time

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle


class PersonRateThrottle(SimpleRateThrottle):
    """API_THROTTLE_RATE requests per token (per person for a signed-in session)."""

    scope = "person"

    def timer(self):
        # Looked up on each call, not bound when DRF was imported (a test clock started before would be kept).
        return time.time()

    def get_rate(self):
        return settings.API_THROTTLE_RATE

    def get_cache_key(self, request, view):
        if not request.user.is_authenticated:
            return None
        token = request.auth if getattr(request.auth, "key_hash", None) else None
        ident = f"token-{token.pk}" if token is not None else f"user-{request.user.pk}"
        return self.cache_format % {"scope": self.scope, "ident": ident}
