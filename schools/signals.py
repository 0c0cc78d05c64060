"""Signals the register sends, for the apps above it (schools imports none of them).

`qa_lead_changed`: a school's QA lead changed (schools.services.school_qa_lead_assign), sent inside the
transaction that saves it, once per school, with `school`, `previous_qa_lead` (or None), `qa_lead`, `user` and
`today`. A receiver's return value (e.g. the visits it moved) is collected into the service's result, so the
receivers run in the same transaction and a failure undoes the assignment too.
"""

from django.dispatch import Signal

qa_lead_changed = Signal()
