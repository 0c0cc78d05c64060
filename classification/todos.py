"""What classification puts on the role homes' "To do" lists (qa_portal.accounts.todos)."""

from qa_portal.accounts import todos
from qa_portal.accounts.roles import Role

# --- proposals, discussions and reviews ----------------------------------------------------------------------


# --- reassessment triggers fired -----------------------------------------------------------------------------
