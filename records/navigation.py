from qa_portal.accounts import navigation

navigation.register("Audit log", "records:audit-log", perm="records.view_audit_log", order=75)
