"""What a locked-out login sees: JSON on the API, a calm page on the web (django-axes hook)."""

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

LOCKED_MESSAGE = _("Too many failed attempts: try again in 15 minutes.")


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse(
            {"detail": LOCKED_MESSAGE, "code": "locked_out", "fields": {}}, status=429
        )
    html = render_to_string("registration/locked_out.html", request=request)
    return HttpResponse(html, status=429)
