"""REST endpoints of the register, nested under the property (see guests/README.md).

Thin callers of `guests.services`: the serializers check types, the services every rule.
Every endpoint inherits `PropertyScopedMixin`, so another tenant's property is a 404 and a
role without the action a 403 before any registration is read.
"""

import json
from collections.abc import Callable
from datetime import datetime, time, timedelta
from typing import Any, cast

import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.text import format_lazy
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from guests import (
    concern_cases,
    import_profile_services,
    pms_import,
    selectors,
    services,
    sync,
)
from guests import concerns as concern_reports
from guests.models import Amendment, ConcernReport, ImportProfile, Registration
from guests.serializers import (
    BatchResultSerializer,
    BatchStaySerializer,
    CheckoutSerializer,
    ConcernCaseEntrySerializer,
    ConcernCaseStepSerializer,
    ConcernReportSerializer,
    ConcernReportWriteSerializer,
    RegistrationAmendSerializer,
    RegistrationBatchSerializer,
    RegistrationSerializer,
    RegistrationSyncSerializer,
    RegistrationWriteSerializer,
    SyncResultSerializer,
)
from guests.types import RegistrationData, SyncStay
from hotelcompliance import signed_intake
from hotelcompliance.api.errors import Conflict
from hotelcompliance.api.pagination import NewestFirstCursorPagination
from hotelcompliance.api.scoped import PropertyScopedMixin
from hotelcompliance.api_tokens import ApiToken
from hotelcompliance.imports.errors import ImportFileError
from hotelcompliance.imports.result import ImportResult
from hotelcompliance.roles import Action
from hotelcompliance.scoping import get_property_for_user
from hotelcompliance.tenancy import token_property_bind
from hotelcompliance.validators import plausible_date

# Multipart boundaries and the dry_run field around the file itself.
UPLOAD_OVERHEAD = 64 * 1024


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = format_lazy(
        _("The file is larger than {mb} MB; split it into smaller files."),
        mb=pms_import.MAX_IMPORT_BYTES // 1024 // 1024,
    )
    default_code = "too_large"


def _import_refusal(result: ImportResult) -> str:
    if result.bad_rows:
        return ngettext(
            "%(count)d row cannot be imported; nothing was imported.",
            "%(count)d rows cannot be imported; nothing was imported.",
            result.bad_rows,
        ) % {"count": result.bad_rows}
    return gettext("The file cannot be imported; nothing was imported.")


def _token_profile(request) -> ImportProfile | None:
    """The import profile the request's integration token is bound to, if any."""
    token = request.auth
    if not isinstance(token, ApiToken) or token.import_profile_id is None:
        return None
    return ImportProfile.objects.filter(pk=token.import_profile_id).first()


def _flag(value, name: str) -> bool:
    if value in (None, "", "false", "False", "0", "no"):
        return False
    if value in ("true", "True", "1", "yes"):
        return True
    raise exceptions.ValidationError({name: [_("Write true or false.")]})


class RegistrationCursorPagination(NewestFirstCursorPagination):
    """Newest arrival first, by the (property, -arrival) index; never counts the table."""

    ordering = ("-arrival", "-number")


class ArrivalBoundFilter(django_filters.CharFilter):
    """An ISO date-time, or a date meaning that whole day in the property's time zone."""

    def __init__(self, *args, bound: str, **kwargs) -> None:
        self.bound = bound
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if value in ("", None):
            return qs
        moment = self._moment(value)
        if self.bound == "after":
            return qs.filter(arrival__gte=moment)
        return qs.filter(arrival__lt=moment)

    def _moment(self, value: str) -> datetime:
        tz = self.parent.request_property.tz
        try:
            # A bare date first: parse_datetime would read it as that day's midnight.
            day = parse_date(value)
            moment = None if day else parse_datetime(value)
        except ValueError:
            moment = day = None
        given = moment or day
        if given is None:
            raise DjangoValidationError(
                {self.field_name: [_("Give an ISO date (2026-05-01) or date-time.")]}
            )
        try:
            plausible_date(given)  # year 9999 plus a day, or in UTC, would overflow
        except DjangoValidationError as error:
            raise DjangoValidationError({self.field_name: error.messages}) from None
        if isinstance(given, datetime):
            if timezone.is_naive(given):
                given = timezone.make_aware(given, tz)
            # "before" a date-time includes it; "before" a date includes that whole day.
            return given if self.bound == "after" else given + timedelta(microseconds=1)
        if self.bound == "before":
            given += timedelta(days=1)
        return datetime.combine(given, time.min, tzinfo=tz)


class RegistrationFilter(django_filters.FilterSet):
    """Dates, room and in-house only: no personal data ever travels in a URL."""

    arrival_after = ArrivalBoundFilter(
        bound="after", help_text=_("Arrivals at or after this ISO date-time or date.")
    )
    arrival_before = ArrivalBoundFilter(
        bound="before",
        help_text=_("Arrivals at or before this ISO date-time, or on or before this date."),
    )
    room = django_filters.CharFilter(field_name="room", max_length=16)
    external_ref = django_filters.CharFilter(
        field_name="external_ref",
        max_length=64,
        help_text="The PMS's reference of the stay (exact match).",
    )
    in_house = django_filters.BooleanFilter(
        method="filter_in_house", help_text=_("Arrived and not checked out (true) or the rest.")
    )

    class Meta:
        model = Registration
        fields: list[str] = []

    @property
    def request_property(self):
        return self.request.parser_context["view"].property

    def filter_in_house(self, queryset, name, value):
        if value is None:
            return queryset
        if value:
            return queryset.in_house()
        return queryset.exclude(pk__in=queryset.in_house().values("pk"))


IDEMPOTENCY_PARAMETER = OpenApiParameter(
    services.IDEMPOTENCY_HEADER,
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description=(
        "Up to 100 characters. A retried POST with the same key and body returns the first "
        "result (201); the same key with another body is a 409."
    ),
)


@extend_schema_view(
    list=extend_schema(summary="List registrations, newest arrival first"),
    retrieve=extend_schema(summary="Read one registration (ID number masked)"),
    create=extend_schema(
        summary="Check a guest in (idempotent with Idempotency-Key or external_ref)",
        request=RegistrationWriteSerializer,
        responses={201: RegistrationSerializer},
        parameters=[IDEMPOTENCY_PARAMETER],
    ),
    partial_update=extend_schema(
        summary="Correct a registration: one amendment per changed field, with a reason",
        request=RegistrationAmendSerializer,
        responses={200: RegistrationSerializer},
    ),
    checkout=extend_schema(
        summary="Check the guest out (once; again is a 409), now or at checked_out_at",
        request=CheckoutSerializer,
        responses={200: RegistrationSerializer},
    ),
    sync=extend_schema(
        summary="Create or amend the stay the PMS calls {external_ref} (idempotent upsert)",
        description=(
            "An unknown reference checks the guest in; a known one is corrected: each changed "
            "field is an amendment with the reason (needs registration.amend), checked_out_at "
            "sets the check-out, an identical stay changes nothing. Absent fields are left as "
            "they are. An integration token may leave amount_charged, payment_method and "
            "receipt_number for a later call: the stay is 'incomplete' until then."
        ),
        request=RegistrationSyncSerializer,
        responses={201: SyncResultSerializer, 200: SyncResultSerializer},
    ),
    batch=extend_schema(
        summary="Create or amend up to 500 stays by external_ref: all or none, idempotent",
        description=(
            "Each stay is synced as by PUT by-external-ref/{ref}/, in one transaction. Any "
            "refused stay refuses the batch: 400 with fields named stays[<index>].<field>. "
            "Sending the same batch again changes nothing."
        ),
        request=RegistrationBatchSerializer,
        responses={200: BatchResultSerializer},
    ),
    import_csv=extend_schema(
        summary="Import a PMS export (CSV): every row or none; dry_run=true only checks it",
        description="A row whose external_ref is already in the register updates that stay "
        "(each changed field an amendment with the reason 'PMS import <file>, line N', a "
        "check-out sets the check-out, an identical row changes nothing); the answer counts "
        "`created`, `updated` (with `updates`: each updated line and its fields) and "
        "`unchanged`. An integration token bound to an import profile uses it, and may not "
        "name another.",
        request={
            "multipart/form-data": {
                "type": "object",
                "properties": {
                    "file": {"type": "string", "format": "binary"},
                    "dry_run": {"type": "boolean"},
                    "profile": {
                        "type": "string",
                        "format": "uuid",
                        "description": "An import profile of this property (import-profiles/); "
                        "without one the file has this product's own columns.",
                    },
                },
                "required": ["file"],
            }
        },
        responses={201: OpenApiTypes.OBJECT, 200: OpenApiTypes.OBJECT, 400: OpenApiTypes.OBJECT},
    ),
)
class RegistrationViewSet(
    PropertyScopedMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """The property's guest register. No PUT and no DELETE: corrections are amendments."""

    queryset = Registration.objects.select_related("registered_by").prefetch_related(
        Prefetch(
            "amendments",
            queryset=Amendment.objects.select_related("amended_by").order_by("created_at", "field"),
        )
    )
    serializer_class = RegistrationSerializer
    pagination_class = RegistrationCursorPagination
    filterset_class = RegistrationFilter
    # PUT only for the upsert by external reference: a registration's own URL has no update.
    http_method_names = ["get", "post", "put", "patch", "head"]
    required_actions = {
        "list": Action.REGISTRATION_VIEW,
        "retrieve": Action.REGISTRATION_VIEW,
        "create": Action.REGISTRATION_CREATE,
        "partial_update": Action.REGISTRATION_AMEND,
        "checkout": Action.REGISTRATION_CHECKOUT,
        "import_csv": Action.REGISTRATION_IMPORT,
        "sync": Action.REGISTRATION_CREATE,
        "batch": Action.REGISTRATION_CREATE,
    }

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.action == "list":
            # The front desk's list is what its pages show; searchers keep the whole register.
            return selectors.registration_api_queryset(
                queryset, prop=self.property, user=self.request.user
            )
        return queryset

    def list(self, request, *args, **kwargs) -> Response:
        """A page of the register leaves the building: each one is an access event."""
        response = super().list(request, *args, **kwargs)
        selectors.registration_api_list_record(
            prop=self.property,
            rows=len(response.data.get("results", [])),
            filters=sorted(
                name for name in RegistrationFilter.base_filters if request.GET.get(name)
            ),
            request=request,
        )
        return response

    def retrieve(self, request, *args, **kwargs) -> Response:
        registration = self.get_object()
        selectors.registration_view_record(registration=registration, request=request, page="api")
        return Response(self.get_serializer(registration).data)

    @action(
        detail=False,
        methods=["post"],
        url_path="import",
        url_name="import",
        parser_classes=[MultiPartParser],
    )
    def import_csv(self, request, *args, **kwargs) -> Response:
        """Thin caller of `pms_import.registrations_import`; 413 past the size limit."""
        declared = request.META.get("CONTENT_LENGTH") or "0"
        if declared.isdigit() and int(declared) > pms_import.MAX_IMPORT_BYTES + UPLOAD_OVERHEAD:
            raise PayloadTooLarge()  # refused before the body is read
        upload = request.FILES.get("file")
        if upload is None:
            raise exceptions.ValidationError({"file": [_("Attach the CSV file as “file”.")]})
        dry_run = _flag(request.data.get("dry_run"), "dry_run")
        try:
            profile = import_profile_services.profile_for_token(
                prop=self.property,
                profile_id=request.data.get("profile"),
                bound=_token_profile(request),
            )
        except DjangoValidationError as error:
            raise exceptions.ValidationError(error.message_dict) from None
        try:
            result = pms_import.registrations_import(
                prop=self.property,
                actor=request.user,
                file=upload,
                dry_run=dry_run,
                request=request,
                profile=profile,
                file_name=upload.name or "",
            )
        except ImportFileError as error:
            if error.code == "too_large":
                raise PayloadTooLarge(error.message) from None
            raise exceptions.ValidationError({"file": [error.message]}) from None
        body = result.as_dict()
        if not result.ok:
            more = result.more_errors
            messages = [str(e) for e in result.errors] + (
                [f"… and {more} more errors."] if more > 0 else []
            )
            return Response(
                {
                    "detail": _import_refusal(result),
                    "code": "invalid",
                    "fields": {"file": messages},
                    **body,
                },
                status=status.HTTP_400_BAD_REQUEST,
            )
        return Response(body, status=status.HTTP_200_OK if dry_run else status.HTTP_201_CREATED)

    def create(self, request, *args, **kwargs) -> Response:
        key = services.validate_idempotency_key(request.headers.get(services.IDEMPOTENCY_HEADER))
        data = self._write_data(RegistrationWriteSerializer, request.data)
        try:
            registration, _created = services.registration_create_idempotent(
                prop=self.property,
                actor=request.user,
                channel="api",
                data=cast(RegistrationData, data),
                digest=services.request_digest(request.data),
                idempotency_key=key,
            )
        except services.IdempotencyConflict:
            raise Conflict(
                _("This idempotency key or external_ref was already used for another request.")
            ) from None
        # A retry answers exactly like the first call: 201 with the registration. A new one is
        # answered from memory (it has no amendments yet): no second read of what was written.
        body = self._written(registration) if _created else self._read(registration)
        return Response(body, status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs) -> Response:
        registration = self.get_object()
        data = self._write_data(RegistrationAmendSerializer, request.data)
        reason = data.pop("reason", "")
        services.registration_amend(
            registration=registration,
            actor=request.user,
            changes=cast(RegistrationData, data),
            reason=reason,
        )
        return Response(self._read(registration))

    @action(
        detail=False,
        methods=["put"],
        url_path=r"by-external-ref/(?P<external_ref>[^/]+)",
        url_name="by-external-ref",
    )
    def sync(self, request, *args, external_ref: str = "", **kwargs) -> Response:
        data = self._write_data(RegistrationSyncSerializer, _body(request))
        checked_out_at = data.pop("checked_out_at", None)
        reason = data.pop("reason", None) or sync.DEFAULT_REASON
        result = sync.registration_sync(
            prop=self.property,
            actor=request.user,
            external_ref=external_ref,
            data=cast(RegistrationData, data),
            checked_out_at=checked_out_at,
            reason=reason,
        )
        created = result.outcome == sync.Outcome.CREATED
        return Response(
            SyncResultSerializer(result).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )

    @action(detail=False, methods=["post"])
    def batch(self, request, *args, **kwargs) -> Response:
        stays = batch_stays(_body(request), self.get_serializer_context())
        prop, actor = self.property, request.user
        return Response(
            batch_synced(
                lambda: sync.registrations_sync_batch(
                    prop=prop, actor=actor, stays=stays, reason=sync.DEFAULT_REASON
                )
            )
        )

    @action(detail=True, methods=["post"])
    def checkout(self, request, *args, **kwargs) -> Response:
        registration = self.get_object()
        if registration.checked_out_at is not None:
            raise Conflict(_("This registration has already been checked out."))
        body = self._write_data(CheckoutSerializer, _body(request))
        try:
            services.registration_checkout(
                registration=registration, actor=request.user, at=body.get("checked_out_at")
            )
        except DjangoValidationError as error:
            codes = [e.code for e in getattr(error, "error_dict", {}).get("checked_out_at", [])]
            if services.ALREADY_CHECKED_OUT in codes:  # a concurrent check-out won
                raise Conflict(_("This registration has already been checked out.")) from None
            raise
        return Response(self._read(registration))

    def _write_data(self, serializer_class, raw) -> dict[str, Any]:
        """Type-check the body; unknown fields go on to the service, which names them.

        The result is the service's `RegistrationData` (plus the request's own `reason` or
        `checked_out_at`, which the caller takes out first)."""
        serializer = serializer_class(data=raw, context=self.get_serializer_context())
        if not serializer.is_valid():
            raise exceptions.ValidationError(serializer.errors)
        unknown = {name: raw[name] for name in raw if name not in serializer.fields}
        return {**serializer.validated_data, **unknown}

    def _written(self, registration: Registration) -> dict:
        # Django's prefetch cache (not in its stubs): a registration just written has no
        # amendments, so the serializer need not query for them.
        registration._prefetched_objects_cache = {  # type: ignore[attr-defined]
            "amendments": Amendment.objects.none()
        }
        return RegistrationSerializer(registration, context=self.get_serializer_context()).data

    def _read(self, registration: Registration) -> dict:
        fresh = self.get_queryset().get(pk=registration.pk)
        return RegistrationSerializer(fresh, context=self.get_serializer_context()).data


def _body(request) -> dict:
    """The JSON object sent, or a 400: a list or a number where an object belongs."""
    if not isinstance(request.data, dict):
        raise exceptions.ValidationError({"non_field_errors": ["Send a JSON object."]})
    return request.data


def batch_stays(raw: dict, context: dict) -> list[SyncStay]:
    """Type-check a batch; every problem named `stays[<index>].<field>` (400)."""
    stays = raw.get("stays")
    if not isinstance(stays, list) or not stays:
        raise exceptions.ValidationError({"stays": ["Send a non-empty list of stays."]})
    if len(stays) > sync.MAX_BATCH:
        raise exceptions.ValidationError({"stays": [f"Send at most {sync.MAX_BATCH} stays."]})
    errors: dict[str, list[str]] = {}
    checked = []
    for index, stay in enumerate(stays):
        if not isinstance(stay, dict):
            errors[f"stays[{index}]"] = ["Send each stay as a JSON object."]
            continue
        serializer = BatchStaySerializer(data=stay, context=context)
        if not serializer.is_valid():
            for name, messages in serializer.errors.items():
                errors[f"stays[{index}].{name}"] = [str(m) for m in messages]
            continue
        unknown = {name: stay[name] for name in stay if name not in serializer.fields}
        checked.append(cast(SyncStay, {**serializer.validated_data, **unknown}))
    if errors:
        raise exceptions.ValidationError(errors)
    return checked


def batch_synced(run: Callable[[], list[sync.SyncResult]]) -> dict:
    """Run the batch (a `guests.sync` service); its refusals as one 400 naming each stay's
    fields by index."""
    try:
        results = run()
    except sync.BatchInvalid as refused:
        raise exceptions.ValidationError(
            {
                f"stays[{index}].{name}": messages
                for index, fields in sorted(refused.errors.items())
                for name, messages in fields.items()
            }
        ) from None
    counts = {outcome.value: 0 for outcome in sync.Outcome}
    for result in results:
        counts[result.outcome.value] += 1
    return BatchResultSerializer({**counts, "results": results}).data


class DeliveryRefusedError(exceptions.AuthenticationFailed):
    def __init__(self, refused: signed_intake.DeliveryRefused) -> None:
        super().__init__(refused.message, refused.code)


class Replayed(Conflict):
    default_code = "replayed"


SIGNED_HEADERS = [
    OpenApiParameter(header, OpenApiTypes.STR, OpenApiParameter.HEADER, required=True)
    for header in signed_intake.HEADERS.values()
]


class RegistrationIntakeView(APIView):
    """A signed batch from an integration (`hotelcompliance.signed_intake`): no bearer token.

    The signature is checked over the raw body before it is parsed; the batch then runs as
    the integration token's user, bound to its property, exactly like `registrations/batch/`.
    """

    authentication_classes: list = []
    permission_classes = [AllowAny]
    parser_classes: list = []  # the raw body is signed: read it once, as it came

    @extend_schema(
        summary="Signed intake: a PMS posts a batch of stays signed with its HMAC secret",
        description=signed_intake.__doc__,
        parameters=SIGNED_HEADERS,
        request=RegistrationBatchSerializer,
        responses={200: BatchResultSerializer},
        auth=[],
    )
    def post(self, request, property_pk: str) -> Response:
        signed = signed_intake.signed_request(request.headers, request.body)
        known = property_pk.isascii() and property_pk.isdigit() and len(property_pk) < 12
        property_id = int(property_pk) if known else 0
        try:
            token = signed_intake.verified_token(signed, property_id=property_id)
        except signed_intake.DeliveryRefused as refused:
            raise DeliveryRefusedError(refused) from None
        actor = token.user
        # The token was matched on `property_id`: bind it as its bearer token would be.
        token_property_bind(actor, property_id)
        prop = get_property_for_user(actor, property_id, Action.REGISTRATION_CREATE)
        stays = batch_stays(_parsed_json(request.body), {"property": prop})
        try:
            return Response(
                batch_synced(
                    lambda: sync.signed_delivery_sync(
                        token=token, delivery_id=signed.delivery_id, prop=prop, stays=stays
                    )
                )
            )
        except signed_intake.DeliveryRefused as refused:
            raise Replayed(refused.message) from None

    def get_authenticate_header(self, request) -> str:
        return "HMAC-SHA256"


def _parsed_json(body: bytes) -> dict:
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):
        raise exceptions.ValidationError({"non_field_errors": ["Send a JSON object."]}) from None
    if not isinstance(data, dict):
        raise exceptions.ValidationError({"non_field_errors": ["Send a JSON object."]})
    return data


class ConcernCursorPagination(NewestFirstCursorPagination):
    ordering = ("-created_at", "-id")


@extend_schema_view(
    list=extend_schema(summary="List concern reports, newest first (managers)"),
    retrieve=extend_schema(summary="Read one concern report (managers)"),
    create=extend_schema(
        summary="Report a concern; the managers are emailed through the outbox",
        request=ConcernReportWriteSerializer,
        responses={201: ConcernReportSerializer},
    ),
)
class ConcernReportViewSet(
    PropertyScopedMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """The property's concern reports: evidence, so no PUT, PATCH or DELETE."""

    queryset = concern_cases.with_case_status(ConcernReport.objects.select_related("reported_by"))
    serializer_class = ConcernReportSerializer
    pagination_class = ConcernCursorPagination
    http_method_names = ["get", "post", "head"]
    required_actions = {
        "list": Action.CONCERN_VIEW,
        "retrieve": Action.CONCERN_VIEW,
        "create": Action.CONCERN_CREATE,
        "case": Action.CONCERN_VIEW,
    }

    def list(self, request, *args, **kwargs) -> Response:
        response = super().list(request, *args, **kwargs)
        concern_reports.concern_api_list_record(
            prop=self.property, rows=len(response.data.get("results", [])), request=request
        )
        return response

    def retrieve(self, request, *args, **kwargs) -> Response:
        concern = self.get_object()
        concern_reports.concern_view_record(concern=concern, request=request, page="api")
        return Response(self.get_serializer(concern).data)

    def create(self, request, *args, **kwargs) -> Response:
        serializer = ConcernReportWriteSerializer(
            data=request.data, context=self.get_serializer_context()
        )
        if not serializer.is_valid():
            raise exceptions.ValidationError(serializer.errors)
        raw = request.data if isinstance(request.data, dict) else {}
        unknown = {name: raw[name] for name in raw if name not in serializer.fields}
        concern = concern_reports.concern_report_create(
            prop=self.property, actor=request.user, data={**serializer.validated_data, **unknown}
        )
        body = ConcernReportSerializer(concern, context=self.get_serializer_context()).data
        return Response(body, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Record a step of the concern's case: status, owner, follow-up note (managers)",
        request=ConcernCaseStepSerializer,
        responses={201: ConcernCaseEntrySerializer},
    )
    @action(detail=True, methods=["post"], url_path="case")
    def case(self, request, *args, **kwargs) -> Response:
        """Append a case step (written once); a field left out keeps its current value."""
        concern = self.get_object()
        serializer = ConcernCaseStepSerializer(data=request.data)
        if not serializer.is_valid():
            raise exceptions.ValidationError(serializer.errors)
        raw = request.data if isinstance(request.data, dict) else {}
        unknown = {name: raw[name] for name in raw if name not in serializer.fields}
        entry = concern_cases.concern_case_step(
            concern=concern,
            actor=request.user,
            data={
                **{k: ("" if v is None else v) for k, v in serializer.validated_data.items()},
                **unknown,
            },
        )
        body = ConcernCaseEntrySerializer(entry, context=self.get_serializer_context()).data
        return Response(body, status=status.HTTP_201_CREATED)
