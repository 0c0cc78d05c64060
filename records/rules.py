"""Who may read the audit log and act on personal data. The object is the authority the page is about."""

import rules

from qa_portal.accounts.rules import is_admin_of_authority, is_director_of_authority

rules.add_perm("records.view_audit_log", is_director_of_authority | is_admin_of_authority)
# Subject-access exports and erasure: the authority admin only.
rules.add_perm("records.manage_personal_data", is_admin_of_authority)
