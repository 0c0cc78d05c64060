from qa_portal.accounts import navigation

navigation.register("Visit plan", "visits:plan", perm="visits.view_plan", order=40)
