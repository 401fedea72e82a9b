"""One error format for the whole API, and no 500 for bad input.

Every error answers `{"detail": str, "code": str, "fields": {field: [messages]}}`; `fields` is
empty unless the input was invalid. Django's ValidationError from a service becomes a 400 with
its field messages, so services validate once for the web and the API alike.
"""

import logging
from typing import Any

from django.core.exceptions import PermissionDenied, RequestDataTooBig, TooManyFieldsSent
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from hotelcompliance.api.parsers import too_large

logger = logging.getLogger(__name__)


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = _("This conflicts with the current state of the record.")
    default_code = "conflict"


def _as_field_errors(detail: Any) -> dict[str, list[str]]:  # DRF's nested error detail
    if isinstance(detail, dict):
        return {
            key: [str(m) for m in (value if isinstance(value, list) else [value])]
            if not isinstance(value, dict)
            else [str(value)]
            for key, value in detail.items()
        }
    if isinstance(detail, list):
        return {"non_field_errors": [str(message) for message in detail]}
    return {"non_field_errors": [str(detail)]}


def django_validation_to_drf(error: DjangoValidationError) -> exceptions.ValidationError:
    if hasattr(error, "error_dict"):
        return exceptions.ValidationError(
            {
                field: [m for e in errors for m in e.messages]
                for field, errors in error.error_dict.items()
            }
        )
    return exceptions.ValidationError({"non_field_errors": error.messages})


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DjangoValidationError):
        exc = django_validation_to_drf(exc)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, RequestDataTooBig | TooManyFieldsSent):
        exc = too_large()  # Django's own body limit, met while reading a form or request.body
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # an unexpected error: Django's 500 handler logs it and answers generically
    if isinstance(exc, exceptions.ValidationError):
        body = {
            "detail": _("The input is not valid."),
            "code": "invalid",
            "fields": _as_field_errors(exc.detail),
        }
    else:
        detail = exc.detail if isinstance(exc, exceptions.APIException) else str(exc)
        codes = exc.get_codes() if isinstance(exc, exceptions.APIException) else "error"
        body = {
            "detail": str(detail),
            "code": codes if isinstance(codes, str) else "error",
            "fields": {},
        }
    response.data = body
    return response


def server_error(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    """JSON 500 for API paths: a generic message, never a stack trace or a value."""
    from django.http import JsonResponse

    return JsonResponse(
        {
            "detail": _("Something went wrong on our side; nothing was saved."),
            "code": "server_error",
            "fields": {},
        },
        status=500,
    )


__all__ = ["Conflict", "Response", "exception_handler", "server_error"]
