"""The 500 page: JSON for the API, a calm HTML page elsewhere; never a trace or a value."""

from django.http import HttpRequest, HttpResponse
from django.template import loader

from hotelcompliance.api.errors import server_error as api_server_error


def server_error(request: HttpRequest) -> HttpResponse:
    if request.path.startswith("/api/"):
        return api_server_error(request)
    return HttpResponse(loader.render_to_string("500.html"), status=500)
