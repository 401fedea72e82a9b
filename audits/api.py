"""REST endpoints of records requests, nested under the property (see audits/README.md).

Inspectors file requests and see only their own; managers see every request of the property
and answer them. Thin callers of `audits.services`; `PropertyScopedMixin` makes another
tenant's property a 404 and a role without the action a 403 before any request is read.
"""

from typing import cast

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from audits import poster_evidence as posters
from audits import selectors, services
from audits.models import (
    ObjectionDecision,
    PosterEvidence,
    RecordsRequest,
    RecordsRequestDocument,
    RecordsRequestEvent,
)
from audits.request_steps import TransitionNotAllowed
from audits.serializers import (
    ClarifySerializer,
    DecideSerializer,
    DocumentUploadSerializer,
    ExigentReviewSerializer,
    ObjectSerializer,
    PosterEvidenceCreateSerializer,
    PosterEvidenceSerializer,
    RecordsRequestDocumentSerializer,
    RecordsRequestFileSerializer,
    RecordsRequestListSerializer,
    RecordsRequestSerializer,
    TransitionSerializer,
)
from audits.types import RecordsRequestFiling
from hotelcompliance.api.errors import Conflict
from hotelcompliance.api.scoped import PropertyScopedMixin
from hotelcompliance.roles import Action
from hotelcompliance.uploads import MAX_UPLOAD_BYTES

# A multipart body carries a little more than its file: refuse a far bigger one unread.
MAX_UPLOAD_REQUEST_BYTES = MAX_UPLOAD_BYTES + 1024 * 1024


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "The file is too large: at most 10 MB."
    default_code = "too_large"


def refuse_oversized_body(request) -> None:
    """413 before parsing when the declared body is far over the upload limit."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > MAX_UPLOAD_REQUEST_BYTES:
        raise PayloadTooLarge()


def raise_too_large(error: ValidationError) -> None:
    """A file over the limit is a 413 with the service's message, not a 400."""
    for errors in getattr(error, "error_dict", {}).values():
        for item in errors:
            if item.code == "too_large":
                raise PayloadTooLarge(item.messages[0]) from None


def _transition_schema(summary: str, body):
    return extend_schema(summary=summary, request=body, responses={200: RecordsRequestSerializer})


@extend_schema_view(
    list=extend_schema(summary="List records requests (an inspector sees only their own)"),
    retrieve=extend_schema(summary="Read one records request with its timeline"),
    create=extend_schema(
        summary="File a records request (inspectors; exigent requests are produced at once)",
        request=RecordsRequestFileSerializer,
        responses={201: RecordsRequestSerializer},
    ),
    review=_transition_schema("Start reviewing the request", TransitionSerializer),
    produce=_transition_schema("Produce the records in scope", TransitionSerializer),
    object_=_transition_schema("Object, with grounds, for neutral review", ObjectSerializer),
    clarify=_transition_schema("Ask the inspector to clarify", ClarifySerializer),
    withdraw=_transition_schema("Withdraw the request (its inspector)", TransitionSerializer),
    decide=_transition_schema(
        "Record the neutral decision on an objection (JSON, or multipart with the document)",
        DecideSerializer,
    ),
    exigent_review=_transition_schema(
        "Confirm or contest an exigent production after the fact (managers)",
        ExigentReviewSerializer,
    ),
    documents=extend_schema(
        summary="Attach a document (the filing inspector; multipart: kind, file)",
        request={"multipart/form-data": DocumentUploadSerializer},
        responses={201: RecordsRequestDocumentSerializer},
    ),
)
class RecordsRequestViewSet(
    PropertyScopedMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """A property's records requests. No PUT, PATCH or DELETE: every change is a transition."""

    queryset = RecordsRequest.objects.select_related(
        "inspector", "legal_hold", "property"
    ).prefetch_related(
        Prefetch(
            "events", queryset=RecordsRequestEvent.objects.select_related("actor").order_by("at")
        ),
        Prefetch(
            "documents",
            queryset=RecordsRequestDocument.objects.select_related("uploaded_by").order_by(
                "uploaded_at"
            ),
        ),
        Prefetch(
            "decisions",
            queryset=ObjectionDecision.objects.select_related("recorded_by").order_by(
                "recorded_at"
            ),
        ),
    )
    serializer_class = RecordsRequestSerializer
    http_method_names = ["get", "post", "head"]
    required_actions = {
        "list": Action.REQUEST_VIEW,
        "retrieve": Action.REQUEST_VIEW,
        "create": Action.REQUEST_FILE,
        "review": Action.REQUEST_RESPOND,
        "produce": Action.REQUEST_RESPOND,
        "object_": Action.REQUEST_RESPOND,
        "clarify": Action.REQUEST_RESPOND,
        "withdraw": Action.REQUEST_FILE,
        "decide": Action.REQUEST_RESPOND,
        "exigent_review": Action.REQUEST_RESPOND,
        "documents": Action.REQUEST_FILE,
    }

    def get_queryset(self):
        queryset = super().get_queryset()
        if services.viewer_sees_all(self.request.user, self.property):
            return queryset
        return queryset.filed_by(self.request.user)

    def get_serializer_class(self):
        if self.action == "list":
            return RecordsRequestListSerializer
        return RecordsRequestSerializer

    def get_serializer_context(self) -> dict:
        context = super().get_serializer_context()
        # A request's row count is for the hotel's managers only, before any production.
        prop = getattr(self, "property", None)
        context["show_scope_size"] = (
            prop is not None
            and self.request is not None
            and services.viewer_sees_all(self.request.user, prop)
        )
        return context

    def list(self, request, *args, **kwargs) -> Response:
        response = super().list(request, *args, **kwargs)
        data = response.data
        rows = len(data.get("results", [])) if isinstance(data, dict) else len(data)
        selectors.records_request_api_list_record(prop=self.property, rows=rows, request=request)
        return response

    def retrieve(self, request, *args, **kwargs) -> Response:
        records_request = self.get_object()
        services.records_request_record_read(records_request=records_request, request=request)
        return Response(self.get_serializer(records_request).data)

    def create(self, request, *args, **kwargs) -> Response:
        data = self._input(RecordsRequestFileSerializer)
        # The serializer typed the values; the service checks them against the law.
        records_request = services.records_request_file(
            prop=self.property, inspector=request.user, data=cast(RecordsRequestFiling, data)
        )
        return Response(self._read(records_request), status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def review(self, request, *args, **kwargs) -> Response:
        data = self._input(TransitionSerializer)
        return self._answer(services.records_request_review, reason=data["reason"])

    @action(detail=True, methods=["post"])
    def produce(self, request, *args, **kwargs) -> Response:
        data = self._input(TransitionSerializer)
        return self._answer(services.records_request_produce, reason=data["reason"])

    @action(detail=True, methods=["post"], url_path="object", url_name="object")
    def object_(self, request, *args, **kwargs) -> Response:
        data = self._input(ObjectSerializer)
        return self._answer(services.records_request_object, grounds=data["grounds"])

    @action(detail=True, methods=["post"])
    def clarify(self, request, *args, **kwargs) -> Response:
        data = self._input(ClarifySerializer)
        return self._answer(services.records_request_clarify, question=data["question"])

    @action(detail=True, methods=["post"])
    def withdraw(self, request, *args, **kwargs) -> Response:
        data = self._input(TransitionSerializer)
        return self._answer(services.records_request_withdraw, reason=data["reason"])

    @action(detail=True, methods=["post"])
    def decide(self, request, *args, **kwargs) -> Response:
        refuse_oversized_body(request)
        data = self._input(DecideSerializer)
        return self._answer(services.records_request_decide, **data)

    @action(detail=True, methods=["post"], url_path="exigent-review", url_name="exigent-review")
    def exigent_review(self, request, *args, **kwargs) -> Response:
        data = self._input(ExigentReviewSerializer)
        return self._answer(services.records_request_exigent_review, **data)

    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser])
    def documents(self, request, *args, **kwargs) -> Response:
        refuse_oversized_body(request)
        data = self._input(DocumentUploadSerializer)
        records_request = self.get_object()
        try:
            document = services.records_request_document_add(
                request=records_request, actor=request.user, kind=data["kind"], upload=data["file"]
            )
        except TransitionNotAllowed as error:
            raise Conflict(error.message) from None
        except ValidationError as error:
            raise_too_large(error)
            raise
        return Response(
            RecordsRequestDocumentSerializer(document).data, status=status.HTTP_201_CREATED
        )

    def _answer(self, service, **kwargs) -> Response:
        records_request = self.get_object()
        try:
            service(request=records_request, actor=self.request.user, **kwargs)
        except TransitionNotAllowed as error:
            raise Conflict(error.message) from None
        except ValidationError as error:
            raise_too_large(error)
            raise
        return Response(self._read(records_request))

    def _input(self, serializer_class) -> dict:
        if not isinstance(self.request.data, dict):
            raise exceptions.ValidationError({"non_field_errors": [_("Send a JSON object.")]})
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        unknown = sorted(set(self.request.data) - set(serializer.fields))
        if unknown:
            raise exceptions.ValidationError(
                {name: ["This field is not part of the request."] for name in unknown[:20]}
            )
        return dict(serializer.validated_data)

    def _read(self, records_request: RecordsRequest) -> dict:
        fresh = self.get_queryset().get(pk=records_request.pk)
        return RecordsRequestSerializer(fresh, context=self.get_serializer_context()).data


@extend_schema_view(
    list=extend_schema(summary="List the property's poster evidence (managers)"),
    create=extend_schema(
        summary="Record a photo of a posted notice (managers; multipart)",
        request={"multipart/form-data": PosterEvidenceCreateSerializer},
        responses={201: PosterEvidenceSerializer},
    ),
)
class PosterEvidenceViewSet(PropertyScopedMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """Photos of the notices the law says must be posted; no edits, no deletes."""

    queryset = PosterEvidence.objects.select_related("uploaded_by").order_by(
        "-posted_on", "-uploaded_at"
    )
    serializer_class = PosterEvidenceSerializer
    http_method_names = ["get", "post", "head"]
    required_actions = {"list": Action.REPORT_VIEW, "create": Action.REPORT_CREATE}

    def get_parsers(self):
        if self.request is not None and self.request.method == "POST":
            return [MultiPartParser()]
        return super().get_parsers()

    def create(self, request, *args, **kwargs) -> Response:
        refuse_oversized_body(request)
        serializer = PosterEvidenceCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        unknown = sorted(set(request.data) - set(serializer.fields))
        if unknown:
            raise exceptions.ValidationError(
                {name: ["This field is not part of poster evidence."] for name in unknown[:20]}
            )
        data = dict(serializer.validated_data)
        photo = data.pop("photo")
        try:
            evidence = posters.poster_evidence_add(
                prop=self.property, actor=request.user, data=data, photo=photo
            )
        except ValidationError as error:
            raise_too_large(error)
            raise
        return Response(PosterEvidenceSerializer(evidence).data, status=status.HTTP_201_CREATED)
