from qa_portal.accounts import navigation

navigation.register("Classification", "classification:decisions", perm="classification.view_decisions", order=50)
navigation.register("Frameworks", "classification:frameworks", perm="classification.manage_frameworks", order=60)
