from django.contrib.auth.views import redirect_to_login

# Paths anyone may open without signing in.
PUBLIC_PREFIXES = (
    "/sign-in/",
    "/password-reset/",
    "/static/",
    "/accessibility/",
    "/privacy/",
    "/cookies/",
    "/healthz/",
    "/calendar/",
)


class LoginRequiredByDefaultMiddleware:
    """Every page needs a signed-in person unless it is listed as public; anonymous people go to sign in."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # path_info: the path without the authority's prefix (qa_portal.accounts.context).
        if not request.user.is_authenticated and not request.path_info.startswith(PUBLIC_PREFIXES):
            if request.path_info.startswith("/admin/"):
                return self.get_response(request)
            return redirect_to_login(request.get_full_path())
        return self.get_response(request)
