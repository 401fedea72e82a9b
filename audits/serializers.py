"""Shapes of the records-request API: types only; `audits.services` checks every rule."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from audits.models import (
    DecisionOutcome,
    ExigentReview,
    LegalBasis,
    ObjectionDecision,
    PosterEvidence,
    PosterNotice,
    RecordsRequest,
    RecordsRequestDocument,
    RecordsRequestEvent,
    RequestStatus,
    RequestSubject,
)
from audits.request_steps import Step, allowed_steps
from audits.scope import ScopeSize, request_scope_size
from audits.services import (
    INSPECTOR_DOCUMENT_KINDS,
    MAX_NAMES,
    MAX_ROOMS,
    NAME_MAX_LENGTH,
    REASON_MAX_LENGTH,
    SHORT_TEXT_MAX_LENGTH,
)
from audits.services import ROOM_MAX_LENGTH as ROOM_MAX
from hotelcompliance.rules import GUEST_FIELDS
from hotelcompliance.validators import plausible_date


class RecordsRequestFileSerializer(serializers.Serializer):
    subject = serializers.ChoiceField(
        choices=RequestSubject.choices,
        required=False,
        default=RequestSubject.REGISTER,
        help_text=_(
            "`training` asks for the staff's training records (e.g. the Texas Attorney "
            "General's request): no rooms, names or fields; answered with a training roster."
        ),
    )
    legal_basis = serializers.ChoiceField(choices=LegalBasis.choices)
    period_start = serializers.DateField(validators=[plausible_date])
    period_end = serializers.DateField(validators=[plausible_date])
    rooms = serializers.ListField(
        child=serializers.CharField(max_length=ROOM_MAX),
        max_length=MAX_ROOMS,
        required=False,
        default=list,
        help_text=_("Rooms in scope; empty for every room."),
    )
    names = serializers.ListField(
        child=serializers.CharField(max_length=NAME_MAX_LENGTH),
        max_length=MAX_NAMES,
        required=False,
        default=list,
        help_text=_("Guest names in scope (personal data: sent in the body, never in a URL)."),
    )
    # The API's name for the register fields asked for. DRF's metaclass moves declared fields
    # off the class, so this does not hide `Serializer.fields` at run time; mypy cannot know.
    fields = serializers.ListField(  # type: ignore[assignment]
        child=serializers.ChoiceField(choices=GUEST_FIELDS),
        max_length=50,
        required=False,
        default=list,
        help_text=_("Register fields asked for (at least one for a guest-register request)."),
    )
    deadline = serializers.DateField(validators=[plausible_date])
    exigent_reason = serializers.CharField(
        max_length=REASON_MAX_LENGTH,
        required=False,
        allow_blank=True,
        default="",
        trim_whitespace=False,
        help_text=_("Required for exigent circumstances: why the records cannot wait."),
    )
    agency_reference = serializers.CharField(
        max_length=100,
        required=False,
        allow_blank=True,
        default="",
        help_text=_("The agency's own case or file number, if any."),
    )


class TransitionSerializer(serializers.Serializer):
    reason = serializers.CharField(
        max_length=REASON_MAX_LENGTH, required=False, allow_blank=True, default=""
    )


class ObjectSerializer(serializers.Serializer):
    grounds = serializers.CharField(
        max_length=REASON_MAX_LENGTH,
        help_text=_("The grounds of the objection, for review by a neutral decision-maker."),
    )


class ClarifySerializer(serializers.Serializer):
    question = serializers.CharField(max_length=REASON_MAX_LENGTH)


class DecideSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=DecisionOutcome.choices)
    decided_by = serializers.CharField(
        max_length=SHORT_TEXT_MAX_LENGTH, help_text=_("The judge, court or reviewing body.")
    )
    decided_on = serializers.DateField(
        validators=[plausible_date], help_text=_("The date of the decision (not in the future).")
    )
    reference = serializers.CharField(max_length=SHORT_TEXT_MAX_LENGTH)
    document = serializers.FileField(
        required=False,
        allow_empty_file=True,
        help_text=_("The decision itself (PDF, PNG or JPEG, at most 10 MB); multipart only."),
    )


class ExigentReviewSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(
        choices=ExigentReview.choices,
        help_text=_("confirmed: the emergency justified producing at once; contested: it did not."),
    )
    reason = serializers.CharField(
        max_length=REASON_MAX_LENGTH, help_text=_("Why (kept on the timeline with your name).")
    )


class DocumentUploadSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=[(k, k) for k in INSPECTOR_DOCUMENT_KINDS])
    file = serializers.FileField(
        allow_empty_file=True, help_text=_("PDF, PNG or JPEG (checked by content), at most 10 MB.")
    )


class PosterEvidenceCreateSerializer(serializers.Serializer):
    notice = serializers.ChoiceField(choices=PosterNotice.choices)
    notice_other = serializers.CharField(
        max_length=SHORT_TEXT_MAX_LENGTH, required=False, allow_blank=True, default=""
    )
    location = serializers.CharField(max_length=SHORT_TEXT_MAX_LENGTH)
    posted_on = serializers.DateField(validators=[plausible_date])
    photo = serializers.FileField(
        allow_empty_file=True, help_text=_("PNG or JPEG (checked by content), at most 10 MB.")
    )


class PosterEvidenceSerializer(serializers.ModelSerializer):
    uploaded_by = serializers.CharField(source="uploaded_by.username", read_only=True)
    notice_label = serializers.CharField(read_only=True)
    photo_url = serializers.SerializerMethodField()

    class Meta:
        model = PosterEvidence
        fields = [
            "id",
            "notice",
            "notice_other",
            "notice_label",
            "location",
            "posted_on",
            "photo_name",
            "sha256",
            "uploaded_by",
            "uploaded_at",
            "photo_url",
        ]
        read_only_fields = fields

    def get_photo_url(self, evidence: PosterEvidence) -> str:
        """The tenant-checked, access-logged page that serves the photo (session login)."""
        return reverse("poster_evidence_photo", kwargs={"pk": evidence.pk})


# States as plain strings in the schema: a second enum named "status" would collide with the
# training status enum (drf-spectacular W001, which `check --deploy` treats as a failure).
STATUS_HELP = "One of: " + ", ".join(RequestStatus.values) + "."


class RecordsRequestEventSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.username", read_only=True)
    from_status = serializers.CharField(read_only=True, help_text=_("Empty when filed."))
    to_status = serializers.CharField(read_only=True, help_text=STATUS_HELP)
    step = serializers.CharField(
        read_only=True,
        help_text=_(
            "Empty for a change of state; exigent_confirmed or exigent_contested for an "
            "exigent production's after-the-fact review."
        ),
    )

    class Meta:
        model = RecordsRequestEvent
        fields = ["from_status", "to_status", "step", "actor", "reason", "at"]
        read_only_fields = fields


class RecordsRequestDocumentSerializer(serializers.ModelSerializer):
    uploaded_by = serializers.CharField(source="uploaded_by.username", read_only=True)
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = RecordsRequestDocument
        fields = [
            "id",
            "kind",
            "original_name",
            "size",
            "sha256",
            "uploaded_by",
            "uploaded_at",
            "download_url",
        ]
        read_only_fields = fields

    def get_download_url(self, document: RecordsRequestDocument) -> str:
        """The tenant-checked, access-logged page that serves the file (session login)."""
        return reverse(
            "records_request_document",
            kwargs={"pk": document.request_id, "document_pk": document.pk},
        )


class ObjectionDecisionSerializer(serializers.ModelSerializer):
    recorded_by = serializers.CharField(source="recorded_by.username", read_only=True)
    document = serializers.UUIDField(source="document_id", read_only=True, allow_null=True)

    class Meta:
        model = ObjectionDecision
        fields = [
            "outcome",
            "decided_by",
            "decided_on",
            "reference",
            "document",
            "recorded_by",
            "recorded_at",
        ]
        read_only_fields = fields


class RecordsRequestListSerializer(serializers.ModelSerializer):
    """A list row: the scope's shape without the guest names (they show on the request)."""

    inspector = serializers.CharField(source="inspector.username", read_only=True)
    status = serializers.CharField(read_only=True, help_text=STATUS_HELP)
    names_count = serializers.SerializerMethodField()
    held_until = serializers.DateTimeField(
        source="legal_hold.released_at", read_only=True, allow_null=True
    )
    exigent_review = serializers.SerializerMethodField(
        help_text=_(
            "Exigent productions only (empty otherwise): awaiting, overdue (past "
            "exigent_review_due_at), confirmed or contested."
        )
    )
    exigent_reviewed_by = serializers.CharField(
        source="exigent_reviewed_by.username", read_only=True, allow_null=True, default=None
    )

    class Meta:
        model = RecordsRequest
        fields = [
            "id",
            "reference",
            "agency_reference",
            "subject",
            "property",
            "inspector",
            "agency",
            "badge_number",
            "legal_basis",
            "period_start",
            "period_end",
            "rooms",
            "names_count",
            "fields",
            "deadline",
            "status",
            "created_at",
            "updated_at",
            "held_until",
            "produced_at",
            "access_expires_at",
            "exigent_review",
            "exigent_review_due_at",
            "exigent_reviewed_at",
            "exigent_reviewed_by",
        ]
        read_only_fields = fields

    def get_names_count(self, request: RecordsRequest) -> int:
        return len(request.names or [])

    def get_exigent_review(self, request: RecordsRequest) -> str:
        return request.exigent_review_state()


class RecordsRequestSerializer(RecordsRequestListSerializer):
    events = RecordsRequestEventSerializer(many=True, read_only=True)
    documents = RecordsRequestDocumentSerializer(many=True, read_only=True)
    decisions = ObjectionDecisionSerializer(many=True, read_only=True)
    grant_active = serializers.SerializerMethodField(
        help_text=_("Whether the inspector may still receive what was produced.")
    )
    scope_rows = serializers.SerializerMethodField(
        help_text=_(
            "Managers only (null for inspectors): how many stays the scope covers now, "
            "matching names as whole names. A count, nothing personal."
        )
    )
    period_rows = serializers.SerializerMethodField(
        help_text=_("Managers only (null for inspectors): how many stays arrived in the period.")
    )
    allowed_steps = serializers.SerializerMethodField(
        help_text="The steps you may take on this request now (the same ones its page offers): "
        + ", ".join(f"`{step}` ({label.lower()})" for step, label in Step.choices)
        + ". `exigent_review` is POST .../exigent-review/, `attach` POST .../documents/; "
        "the others are POST .../{step}/."
    )

    class Meta(RecordsRequestListSerializer.Meta):
        fields = [
            *RecordsRequestListSerializer.Meta.fields,
            "names",
            "exigent_reason",
            "grant_active",
            "scope_rows",
            "period_rows",
            "allowed_steps",
            "events",
            "documents",
            "decisions",
        ]
        read_only_fields = fields

    def get_grant_active(self, request: RecordsRequest) -> bool:
        return request.grant_active()

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_allowed_steps(self, request: RecordsRequest) -> list[str]:
        reader = self.context.get("request")
        if reader is None:
            return []
        return sorted(allowed_steps(request, reader.user))

    @extend_schema_field(OpenApiTypes.INT)
    def get_scope_rows(self, request: RecordsRequest) -> int | None:
        size = self._scope_size(request)
        return None if size is None else size.rows

    @extend_schema_field(OpenApiTypes.INT)
    def get_period_rows(self, request: RecordsRequest) -> int | None:
        size = self._scope_size(request)
        return None if size is None else size.period_rows

    def _scope_size(self, request: RecordsRequest) -> ScopeSize | None:
        """Counted once per request, and only when the view says the reader is a manager."""
        if not self.context.get("show_scope_size") or request.is_training():
            return None  # a training-records request covers no stays
        cache = self.context.setdefault("_scope_sizes", {})
        if request.pk not in cache:
            cache[request.pk] = request_scope_size(request)
        return cache[request.pk]
