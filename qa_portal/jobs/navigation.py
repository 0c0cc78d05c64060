from qa_portal.accounts import navigation

navigation.register("Background jobs", "jobs:list", perm="jobs.view_jobs", order=80)
