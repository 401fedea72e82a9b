"""API shapes of the register (contract v1): types only; every rule lives in guests.services.

The write serializers check that each value has the right type (a number, a date, a list of
names) and hand the values to the service, which validates them exactly as at the desk.
"""

from datetime import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from guests import indicators
from guests.completeness import stay_missing_fields
from guests.models import (
    AMENDMENT_REASON_MAX_LENGTH,
    NARRATIVE_MAX_LENGTH,
    Amendment,
    ConcernAction,
    ConcernCaseEntry,
    ConcernReport,
    ConcernStatus,
    IdType,
    PaymentMethod,
    RateType,
    Registration,
)
from guests.occupants import normalise as occupant_list
from hotelcompliance.rules import GUEST_FIELDS
from hotelcompliance.validators import plausible_date


class PropertyDateTimeField(serializers.DateTimeField):
    """ISO date-times; a naive input is read in the property's time zone (by the service)."""

    def enforce_timezone(self, value: datetime) -> datetime:
        if timezone.is_naive(value):
            return value  # the service makes it aware in the property's own time zone
        return super().enforce_timezone(value)

    def to_representation(self, value: datetime) -> str:
        prop = self.context.get("property")
        if value is not None and prop is not None and timezone.is_aware(value):
            return timezone.localtime(value, prop.tz).isoformat()
        return super().to_representation(value)


class StrictCharField(serializers.CharField):
    """Text only: a number or a boolean where a name belongs is a mistake, not a name."""

    default_error_messages = {"invalid": "Give text."}

    def to_internal_value(self, data: object) -> str:
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class OccupantSerializer(serializers.Serializer):
    """One other occupant: a name and whether they are a minor."""

    name = serializers.CharField()
    minor = serializers.BooleanField(default=False)


@extend_schema_field(
    {
        "oneOf": [
            {"type": "string", "description": "A name (an adult; a trailing * marks a minor)."},
            {
                "type": "object",
                "properties": {"name": {"type": "string"}, "minor": {"type": "boolean"}},
                "required": ["name"],
            },
        ]
    }
)
class OccupantInField(serializers.Field):
    """An occupant as sent: a plain name (contract v1) or `{"name", "minor"}`.

    Only the shape is checked here; `guests.occupants.normalise` and the service do the rest.
    """

    default_error_messages = {
        "invalid": "Give a name, or an object with a name and minor (true/false)."
    }

    def to_internal_value(self, data: object) -> str | dict[str, object]:
        if isinstance(data, str):
            return data
        if (
            isinstance(data, dict)
            and isinstance(data.get("name"), str)
            and isinstance(data.get("minor", False), bool)
            and set(data) <= {"name", "minor"}
        ):
            return {"name": data["name"], "minor": data.get("minor", False)}
        self.fail("invalid")

    def to_representation(self, value: object) -> object:
        return value


def _text(**kwargs: Any) -> serializers.CharField:
    # Limits and "single line" are the service's checks; NUL bytes DRF refuses itself.
    return StrictCharField(required=False, allow_blank=True, trim_whitespace=False, **kwargs)


def _choice(choices: Any) -> serializers.ChoiceField:
    return serializers.ChoiceField(choices=choices, required=False, allow_blank=True)


def _money() -> serializers.DecimalField:
    return serializers.DecimalField(
        max_digits=10, decimal_places=2, required=False, allow_null=True
    )


class RegistrationWriteSerializer(serializers.Serializer):
    """A check-in: which fields are required depends on the property's rule pack."""

    guest_name = _text()
    address = _text()
    phone = _text()
    email = _text()
    id_type = _choice(IdType.choices)
    id_number = _text(write_only=True)
    id_issuer = _text()
    vehicle_plate = _text()
    vehicle_state = _text()
    room = _text()
    adults = serializers.IntegerField(required=False)
    minors = serializers.IntegerField(required=False)
    occupants = serializers.ListField(
        child=OccupantInField(),
        required=False,
        allow_empty=True,
        help_text=_(
            "Other occupants: names (adults) or objects {name, minor}. When listed, adults "
            "(with the guest) and minors follow from the list; counts sent must agree."
        ),
    )
    arrival = PropertyDateTimeField(
        required=False, validators=[plausible_date], help_text=_("ISO date-time; default now.")
    )
    expected_departure = serializers.DateField(
        required=False, validators=[plausible_date], help_text=_("ISO date.")
    )
    rate = _money()
    rate_type = _choice(RateType.choices)
    amount_charged = _money()
    payment_method = _choice(PaymentMethod.choices)
    receipt_number = _text()
    external_ref = _text(
        help_text=_("The sending system's id; a retried POST with it returns the first result.")
    )


class RegistrationAmendSerializer(RegistrationWriteSerializer):
    """A correction: the fields to change, and why (kept with every amended field)."""

    external_ref = None  # type: ignore[assignment]  # DRF drops the field: set once at check-in
    reason = serializers.CharField(
        max_length=AMENDMENT_REASON_MAX_LENGTH,
        trim_whitespace=False,
        write_only=True,
        help_text=_("Why the registration is corrected (required, one line)."),
    )


class RegistrationSyncSerializer(RegistrationWriteSerializer):
    """A PMS's stay, found by the reference in the URL: created or amended (`guests.sync`)."""

    external_ref = None  # type: ignore[assignment]  # the URL names the stay
    checked_out_at = PropertyDateTimeField(
        required=False,
        allow_null=True,
        validators=[plausible_date],
        help_text="ISO date-time (naive: the property's local time); sets the check-out once.",
    )
    reason = serializers.CharField(
        required=False,
        max_length=AMENDMENT_REASON_MAX_LENGTH,
        trim_whitespace=False,
        write_only=True,
        help_text="Kept with each amended field; default “PMS sync through the API”.",
    )


class BatchStaySerializer(RegistrationWriteSerializer):
    """One stay of a batch: its PMS reference is required, it finds or creates the stay."""

    external_ref = StrictCharField(
        trim_whitespace=False, help_text="The PMS's reference of the stay (required)."
    )
    checked_out_at = PropertyDateTimeField(
        required=False, allow_null=True, validators=[plausible_date]
    )


class RegistrationBatchSerializer(serializers.Serializer):
    """Up to 500 stays, all or none; sending the same batch again changes nothing."""

    stays = serializers.ListField(child=BatchStaySerializer(), max_length=500, allow_empty=False)


class CheckoutSerializer(serializers.Serializer):
    checked_out_at = PropertyDateTimeField(
        required=False,
        allow_null=True,
        validators=[plausible_date],
        help_text="When the guest left (default now): not before the arrival, not in the future.",
    )


class SyncResultSerializer(serializers.Serializer):
    """What a sync did to one stay: no personal data, only its reference and numbers."""

    external_ref = serializers.CharField(source="registration.external_ref")
    id = serializers.UUIDField(source="registration.id")
    number = serializers.IntegerField(source="registration.number")
    outcome = serializers.ChoiceField(choices=["created", "amended", "unchanged"])
    amended = serializers.ListField(child=serializers.CharField())
    checked_out = serializers.BooleanField()
    incomplete = serializers.ListField(
        child=serializers.CharField(),
        help_text="Fields the stay still waits for (amount charged, payment, receipt).",
    )


class BatchResultSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    amended = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    results = SyncResultSerializer(many=True)


class AmendmentSerializer(serializers.ModelSerializer):
    amended_by = serializers.CharField(source="amended_by.username", read_only=True)
    created_at = PropertyDateTimeField(read_only=True)

    class Meta:
        model = Amendment
        fields = ["field", "old_value", "new_value", "reason", "amended_by", "created_at"]
        read_only_fields = fields


class RegistrationSerializer(serializers.ModelSerializer):
    """A registration as read: the ID number only ever masked."""

    id_number_masked = serializers.CharField(read_only=True)
    registered_by = serializers.CharField(source="registered_by.username", read_only=True)
    arrival = PropertyDateTimeField(read_only=True)
    created_at = PropertyDateTimeField(read_only=True)
    checked_out_at = PropertyDateTimeField(read_only=True, allow_null=True)
    rate = _money()
    amount_charged = _money()
    amendments = AmendmentSerializer(many=True, read_only=True)
    occupants = serializers.SerializerMethodField()
    incomplete = serializers.SerializerMethodField(
        help_text="Fields a PMS has still to send (guests.completeness); [] when complete."
    )

    class Meta:
        model = Registration
        fields = [
            "id",
            "number",
            *[name for name in GUEST_FIELDS if name != "id_number"],
            "id_number_masked",
            "external_ref",
            "registered_by",
            "channel",
            "created_at",
            "checked_out_at",
            "arrival_time_assumed",
            "amendments",
            "incomplete",
            "entry_hash",
        ]
        read_only_fields = fields
        extra_kwargs = {
            "arrival_time_assumed": {
                "help_text": "An import gave only the arrival's date: the time is the "
                "property's check-in time."
            }
        }

    @extend_schema_field(OccupantSerializer(many=True))
    def get_occupants(self, registration: Registration) -> list[dict]:
        return [dict(item) for item in occupant_list(registration.occupants)]

    def get_incomplete(self, registration: Registration) -> list[str]:
        prop = self.context.get("property")
        if prop is not None and "pack" not in self.context:
            self.context["pack"] = prop.rule_pack()  # once per response, not per row
        return list(stay_missing_fields(registration, self.context.get("pack")))


class ConcernReportWriteSerializer(serializers.Serializer):
    """A concern report: types only; `concern_report_create` checks codes, limits and rules."""

    indicators = serializers.ListField(
        child=StrictCharField(trim_whitespace=False),
        required=False,
        allow_empty=True,
        help_text=_("Indicator codes of guests.indicators (at least one, or a narrative)."),
    )
    narrative = _text(help_text=_("What was seen; up to 5000 characters, line breaks allowed."))
    action_taken = serializers.ListField(
        child=StrictCharField(trim_whitespace=False),
        required=False,
        allow_empty=True,
        help_text="One or more of: " + ", ".join(ConcernAction.values) + ".",
    )
    hotline_reference = _text(help_text=_("Required when action_taken has hotline_called."))
    registration = serializers.UUIDField(
        required=False, allow_null=True, help_text=_("The stay it is about, at this property.")
    )


class ConcernReportSerializer(serializers.ModelSerializer):
    """A concern report as a manager reads it."""

    reported_by = serializers.CharField(source="reported_by.username", read_only=True)
    created_at = PropertyDateTimeField(read_only=True)
    indicator_groups = serializers.SerializerMethodField()
    case_status = serializers.SerializerMethodField()

    class Meta:
        model = ConcernReport
        fields = [
            "id",
            "registration",
            "indicators",
            "indicator_groups",
            "narrative",
            "action_taken",
            "hotline_reference",
            "reported_by",
            "created_at",
            "entry_hash",
            "case_status",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ChoiceField(choices=ConcernStatus.choices))
    def get_case_status(self, concern: ConcernReport) -> str:
        """The case's status: its latest step's (`new` before any step)."""
        return getattr(concern, "case_status", None) or ConcernStatus.NEW

    def get_indicator_groups(self, concern: ConcernReport) -> list[str]:
        return [group.code for group in indicators.groups_of(concern.indicators)]


class ConcernCaseStepSerializer(serializers.Serializer):
    """One step of a concern's case; a field left out keeps the case's current value."""

    status = serializers.ChoiceField(choices=ConcernStatus.choices, required=False)
    owner = serializers.IntegerField(
        required=False, allow_null=True, help_text="A manager's user id; null: nobody."
    )
    note = serializers.CharField(
        required=False, allow_blank=True, max_length=NARRATIVE_MAX_LENGTH, trim_whitespace=False
    )


class ConcernCaseEntrySerializer(serializers.ModelSerializer):
    """A step of a concern's case as written (never changed afterwards)."""

    written_by = serializers.CharField(source="written_by.username", read_only=True)
    owner = serializers.CharField(source="owner.username", read_only=True, allow_null=True)
    created_at = PropertyDateTimeField(read_only=True)

    class Meta:
        model = ConcernCaseEntry
        fields = [
            "id",
            "concern",
            "status",
            "owner",
            "note",
            "written_by",
            "created_at",
            "entry_hash",
        ]
        read_only_fields = fields
