"""Notifications, one mechanism (issue 15): every hand-off tells the people it concerns in the service (a list per
person, with an unread count in the header) and by email after commit, straight away or in a weekly digest, as each
person chooses per kind.

- A feature app declares its kinds in its own `notifications.py` (autodiscovered):
  `register_kind("classification-confirmed", "A classification is confirmed", default="immediate")`.
- It calls `qa_portal.notifications.services.notify(recipients=..., kind=..., text=..., url=..., key=...)` from the
  service that makes the hand-off; `key` names the event, so calling again (a job rerun) notifies nobody twice.
"""
