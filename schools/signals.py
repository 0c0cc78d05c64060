"""Signals the register sends, for the apps above it (schools imports none of them).

`qa_lead_changed`: a school's QA lead changed (schools.services.school_qa_lead_assign), sent inside the
transaction that saves it, once per school, with `school`, `previous_qa_lead` (or None), `qa_lead`, `user` and
`today`. A receiver's return value (e.g. the visits it moved) is collected into the service's result, so the
receivers run in the same transaction and a failure undoes the assignment too.

`inspections_imported`: an Ofsted import (schools.imports.ofsted, either layout) created or changed inspections.
Sent once per import, inside the transaction that writes them, after they are written, with `school_ids` (the
set of schools whose inspections were created or changed), `created` (the new OfstedInspection rows) and `updated`
(the changed ones). An import can hold 22,000 rows: a receiver runs a fixed number of queries for the whole list.

`headteacher_changed`: new headteachers were recorded (schools.imports.gias, a changed head's name becomes a
HeadteacherEvent). Sent once per import, inside its transaction, with `events` (the new HeadteacherEvent rows,
each with its `school`); not sent when there are none. Receivers run a fixed number of queries for the list.
"""

from django.dispatch import Signal

qa_lead_changed = Signal()
inspections_imported = Signal()
headteacher_changed = Signal()
