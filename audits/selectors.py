"""Logged reads of records requests and their documents (poster photos: `audits.poster_evidence`).

Each function fetches the property's rows and writes the one access event of that page or
download (ids and counts, never a name); views and endpoints call these, not the access log.
"""

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db.models import Case, IntegerField, Value, When
from django.http import Http404

from audits.models import OPEN_STATUSES, RecordsRequest, RecordsRequestDocument
from hotelcompliance.access_log import (
    AccessKind,
    access_download_record,
    access_list_record,
)
from hotelcompliance.tenancy import Property

if TYPE_CHECKING:
    from hotelcompliance.access_log import AnyRequest


def records_request_list_read(
    *, prop: Property, limit: int, request: "AnyRequest"
) -> list[RecordsRequest]:
    """Every request of the property, the open ones first, nearest deadline first."""
    requests = list(
        RecordsRequest.objects.for_property(prop)
        .select_related("inspector")
        .annotate(
            closed=Case(
                When(status__in=OPEN_STATUSES, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("closed", "deadline", "-created_at")[:limit]
    )
    access_list_record(
        request, prop, AccessKind.VIEW, "records_request_list", counts={"rows": len(requests)}
    )
    return requests


def records_request_api_list_record(*, prop: Property, rows: int, request: "AnyRequest") -> None:
    access_list_record(
        request,
        prop,
        AccessKind.VIEW,
        "records_request_list",
        counts={"rows": rows},
        reason_prefix="API list page",
    )


def records_request_document_read(
    *, records_request: RecordsRequest, document_pk: object, request: "AnyRequest"
) -> RecordsRequestDocument:
    """A request's document about to be downloaded (another's is a 404), and its event."""
    prop = records_request.property
    try:
        document = RecordsRequestDocument.objects.for_property(prop).get(
            request=records_request, pk=document_pk
        )
    except (RecordsRequestDocument.DoesNotExist, ValidationError, ValueError):
        raise Http404("Not found.") from None
    access_download_record(
        request,
        prop,
        "records_request_document",
        document.pk,
        reason=f"records_request:{records_request.pk}",
    )
    return document
