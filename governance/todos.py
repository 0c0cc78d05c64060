"""What governance puts on the role homes' "To do" lists (qa_portal.accounts.todos)."""

from qa_portal.accounts import todos
from qa_portal.accounts.roles import Role
