"""Signals other apps listen to (visits, governance). Sent by classification services only."""

from django.dispatch import Signal

# Sent by the publish service with school=, band=, previous_band= (may be None), classification=.
band_published = Signal()

# Sent after load_framework with framework=.
framework_loaded = Signal()
