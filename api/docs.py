"""The API's documentation page: Swagger UI from this site's own static files, its start-up script a file of its
own (the Content Security Policy allows no inline script) and its one inline style carrying the page's nonce."""

from drf_spectacular.views import SpectacularSwaggerSplitView


class ApiDocsView(SpectacularSwaggerSplitView):
    template_name = "api/swagger_ui.html"
    title = "School Quality Assurance API"
