"""The kinds of notification, registered by the apps that send them (each in its own `notifications.py`,
autodiscovered at start-up, the way `navigation.py` modules are):

    from qa_portal.notifications.kinds import register_kind

    register_kind("classification-confirmed", "A school's classification is confirmed", default="immediate")

A kind's `default` is how its notifications are emailed to someone who has not chosen: "immediate" (straight
away), "digest" (in the weekly digest) or "off" (in the service only).
"""

from dataclasses import dataclass

from django.db import models


class Delivery(models.TextChoices):
    IMMEDIATE = "immediate", "Email straight away"
    DIGEST = "digest", "Weekly digest"
    OFF = "off", "No email"


@dataclass(frozen=True)
class Kind:
    code: str
    label: str
    default: str = Delivery.IMMEDIATE


_KINDS: dict[str, Kind] = {}


def register_kind(code: str, label: str, *, default: str = "immediate") -> None:
    """Declare a kind of notification (registering the same code again replaces it)."""
    if not code or len(code) > 64:
        raise ValueError("A notification kind needs a code of 1 to 64 characters")
    if default not in Delivery.values:
        raise ValueError(f"default must be one of {', '.join(Delivery.values)}, not {default!r}")
    _KINDS[code] = Kind(code=code, label=label, default=Delivery(default))


def kinds() -> dict[str, Kind]:
    """The registered kinds, code -> Kind, in the order they were registered."""
    return dict(_KINDS)


def get_kind(code: str) -> Kind:
    """The registered kind `code`; ValueError for a kind nobody registered."""
    try:
        return _KINDS[code]
    except KeyError:
        raise ValueError(
            f"No notification kind {code!r} is registered (register_kind in the app's notifications.py)"
        ) from None
