"""What visits puts on the role homes' "To do" lists (qa_portal.accounts.todos)."""

from qa_portal.accounts import todos
from qa_portal.accounts.roles import Role

# --- notes of visit and visits to mark as held ---------------------------------------------------------------


# --- the school's papers -------------------------------------------------------------------------------------
