"""Signals other apps listen to (visits, governance). Sent by classification services only."""

from django.dispatch import Signal

# Sent by the publish service with school=, band=, previous_band= (may be None), classification=.
band_published = Signal()

# Sent after load_framework with framework=.
framework_loaded = Signal()

# Sent when a framework version comes into force (on its effective date), with framework=, previous= (the version
# it supersedes, or None), effective_from= and user= (who published it; None when the daily job brought it into
# force). Visits re-plans the authority's schools from that day.
framework_published = Signal()
