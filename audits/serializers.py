"""Shapes of the records-request API: types only; `audits.services` checks every rule."""

from rest_framework import serializers

from audits.models import LegalBasis, RecordsRequest, RecordsRequestEvent, RequestStatus
from audits.services import MAX_NAMES, MAX_ROOMS, NAME_MAX_LENGTH, REASON_MAX_LENGTH
from audits.services import ROOM_MAX_LENGTH as ROOM_MAX
from hotelcompliance.rules import GUEST_FIELDS


class RecordsRequestFileSerializer(serializers.Serializer):
    legal_basis = serializers.ChoiceField(choices=LegalBasis.choices)
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    rooms = serializers.ListField(
        child=serializers.CharField(max_length=ROOM_MAX),
        max_length=MAX_ROOMS,
        required=False,
        default=list,
        help_text="Rooms in scope; empty for every room.",
    )
    names = serializers.ListField(
        child=serializers.CharField(max_length=NAME_MAX_LENGTH),
        max_length=MAX_NAMES,
        required=False,
        default=list,
        help_text="Guest names in scope (personal data: sent in the body, never in a URL).",
    )
    fields = serializers.ListField(
        child=serializers.ChoiceField(choices=GUEST_FIELDS), min_length=1, max_length=50
    )
    deadline = serializers.DateField()
    exigent_reason = serializers.CharField(
        max_length=REASON_MAX_LENGTH,
        required=False,
        allow_blank=True,
        default="",
        trim_whitespace=False,
        help_text="Required for exigent circumstances: why the records cannot wait.",
    )


class TransitionSerializer(serializers.Serializer):
    reason = serializers.CharField(
        max_length=REASON_MAX_LENGTH, required=False, allow_blank=True, default=""
    )


class ObjectSerializer(serializers.Serializer):
    grounds = serializers.CharField(
        max_length=REASON_MAX_LENGTH,
        help_text="The grounds of the objection, for review by a neutral decision-maker.",
    )


class ClarifySerializer(serializers.Serializer):
    question = serializers.CharField(max_length=REASON_MAX_LENGTH)


# States as plain strings in the schema: a second enum named "status" would collide with the
# training status enum (drf-spectacular W001, which `check --deploy` treats as a failure).
STATUS_HELP = "One of: " + ", ".join(RequestStatus.values) + "."


class RecordsRequestEventSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.username", read_only=True)
    from_status = serializers.CharField(read_only=True, help_text="Empty when filed.")
    to_status = serializers.CharField(read_only=True, help_text=STATUS_HELP)

    class Meta:
        model = RecordsRequestEvent
        fields = ["from_status", "to_status", "actor", "reason", "at"]
        read_only_fields = fields


class RecordsRequestListSerializer(serializers.ModelSerializer):
    """A list row: the scope's shape without the guest names (they show on the request)."""

    inspector = serializers.CharField(source="inspector.username", read_only=True)
    status = serializers.CharField(read_only=True, help_text=STATUS_HELP)
    names_count = serializers.SerializerMethodField()
    held_until = serializers.DateTimeField(source="legal_hold.released_at", read_only=True)

    class Meta:
        model = RecordsRequest
        fields = [
            "id",
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
        ]
        read_only_fields = fields

    def get_names_count(self, request: RecordsRequest) -> int:
        return len(request.names or [])


class RecordsRequestSerializer(RecordsRequestListSerializer):
    events = RecordsRequestEventSerializer(many=True, read_only=True)

    class Meta(RecordsRequestListSerializer.Meta):
        fields = [*RecordsRequestListSerializer.Meta.fields, "names", "exigent_reason", "events"]
        read_only_fields = fields
