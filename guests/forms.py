"""Desk forms: the check-in form and the reason asked before an ID number is revealed.

The forms parse and bound what a browser sends; the rules of the register (what a
jurisdiction requires, the short-stay rate ban, dates that make sense) stay in
`guests.services.registration_create`, whose field errors the view maps back onto these fields.
"""

from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from guests import indicators, stays, typed_dates
from guests.models import (
    AMENDABLE_FIELDS,
    AMENDMENT_REASON_MAX_LENGTH,
    HOTLINE_REFERENCE_MAX_LENGTH,
    MAX_ADULTS,
    MAX_MINORS,
    MAX_OCCUPANTS,
    NAME_MAX_LENGTH,
    NARRATIVE_MAX_LENGTH,
    ConcernAction,
    ConcernStatus,
    IdType,
    PaymentMethod,
    RateType,
    Registration,
)
from guests.occupants import Occupant, parse_lines, party
from guests.types import ConcernData, RegistrationData, SearchCriteria
from hotelcompliance.form_once import once_field
from hotelcompliance.rooms import OVERRIDE_REASON_MAX_LENGTH
from hotelcompliance.tenancy import Property
from hotelcompliance.validators import no_control_characters, plausible_date, single_line

# Far enough for any real booking, near enough that no date arithmetic can overflow.
DATE_WINDOW = timedelta(days=2 * 366)
DATETIME_LOCAL = "%Y-%m-%dT%H:%M"
# What the typed date boxes show: one stop, typed over or edited in place.
TYPED_DATETIME = "%Y-%m-%d %H:%M"
# Personal data: the browser must not offer it to the next guest at a shared desk.
PERSONAL = {
    "guest_name",
    "occupants",
    "address",
    "phone",
    "email",
    "id_number",
    "id_issuer",
    "vehicle_plate",
}


# Fields the check-in fills when left blank (so the form does not require them itself).
FILLED_WHEN_BLANK = frozenset({"adults", "minors", "amount_charged"})


def _max_length(name: str) -> int:
    # The named fields are the register's CharFields, each with a max_length.
    length = cast("models.CharField[Any, Any]", Registration._meta.get_field(name)).max_length
    assert length is not None
    return length


def _text(name: str, label: str, **kwargs) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=_max_length(name),
        required=False,
        validators=[single_line],
        **kwargs,
    )


def _choices(choices) -> list[tuple[str, str]]:
    return [("", "—"), *choices]


class CheckInForm(forms.Form):
    """Every field of a stay, in the order a clerk fills them: room and name first."""

    room = _text("room", "Room")
    guest_name = _text("guest_name", "Guest name")
    adults = forms.IntegerField(
        label=_("Adults"),
        min_value=1,
        max_value=MAX_ADULTS,
        initial=1,
        required=False,
        help_text=_("With the guest. Left blank: counted from the occupant list."),
    )
    minors = forms.IntegerField(
        label=_("Minors"), min_value=0, max_value=MAX_MINORS, initial=0, required=False
    )
    occupants = forms.CharField(
        label=_("Other occupants"),
        help_text=_(
            "One name per line; leave out the guest named above. Mark a minor with * at the "
            "end (Ana Diaz *)."
        ),
        required=False,
        max_length=MAX_OCCUPANTS * (NAME_MAX_LENGTH + 10),
        validators=[no_control_characters],
        widget=forms.Textarea(attrs={"rows": 2, "data-occupants": ""}),
    )
    arrival = forms.CharField(
        label=_("Arrival"),
        max_length=40,
        help_text=_("For example 12/07/2026 15:30, today 15:30, or just 15:30 for today."),
        widget=forms.TextInput(attrs={"data-typed-date": "datetime", "spellcheck": "false"}),
    )
    expected_departure = forms.CharField(
        label=_("Expected departure"),
        max_length=40,
        help_text=_("For example 12/09/2026, tomorrow, or +2 for two nights."),
        widget=forms.TextInput(attrs={"data-typed-date": "date", "spellcheck": "false"}),
    )
    rate = forms.DecimalField(
        label=_("Rate"), required=False, min_value=0, max_digits=10, decimal_places=2
    )
    rate_type = forms.ChoiceField(
        label=_("Rate type"), required=False, choices=_choices(RateType.choices)
    )
    amount_charged = forms.DecimalField(
        label=_("Amount charged"), required=False, min_value=0, max_digits=10, decimal_places=2
    )
    payment_method = forms.ChoiceField(
        label=_("Payment method"), required=False, choices=_choices(PaymentMethod.choices)
    )
    receipt_number = _text("receipt_number", "Receipt or folio number")
    address = _text("address", "Address")
    phone = _text("phone", "Phone")
    email = forms.EmailField(
        label=_("Email"), required=False, max_length=_max_length("email"), validators=[single_line]
    )
    id_type = forms.ChoiceField(
        label=_("ID type"), required=False, choices=_choices(IdType.choices)
    )
    id_number = _text("id_number", "ID number")
    id_issuer = _text("id_issuer", "ID issuer")
    vehicle_plate = _text("vehicle_plate", "Vehicle plate")
    vehicle_state = _text("vehicle_state", "Vehicle state")
    # A manager's reason to check in despite a room or folio warning (shown with the warning).
    override_reason = forms.CharField(
        label=_("Reason to check in anyway"),
        required=False,
        max_length=OVERRIDE_REASON_MAX_LENGTH,
        validators=[single_line],
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    # A one-time token per form: a second submit of the same form finds the first check-in.
    token = once_field()

    SECTIONS = (
        (_("Guest and room"), ("room", "guest_name", "adults", "minors", "occupants")),
        (_("Stay"), ("arrival", "expected_departure")),
        (_("Payment"), ("rate", "rate_type", "amount_charged", "payment_method", "receipt_number")),
        (_("Contact (optional)"), ("address", "phone", "email")),
        (_("ID (optional)"), ("id_type", "id_number", "id_issuer")),
        (_("Vehicle (optional)"), ("vehicle_plate", "vehicle_state")),
    )

    def __init__(self, *args, pack, today: date, prop: Property | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.tz = prop.tz if prop is not None else timezone.get_current_timezone()
        self.day_first = typed_dates.day_first_for(prop.country if prop is not None else "US")
        self._type_initial_dates()
        # The property's state: what most IDs and plates at the desk say (a default only).
        self.home_state = (prop.region if prop is not None else "").strip()[:32]
        required = pack.guest_fields().required
        rule = pack.rule("guest_records")
        by_law = _("This field is required in %(pack)s (%(citation)s).") % {
            "pack": pack.name,
            "citation": rule.citation,
        }
        for name, field in self.fields.items():
            # May be left blank: the counts follow from the occupant list, the amount from
            # rate x nights (the service still requires them when nothing follows).
            if name in required and name not in FILLED_WHEN_BLANK:
                field.required = True
                field.error_messages["required"] = by_law
            if name in PERSONAL:
                field.widget.attrs["autocomplete"] = "off"
        # Completed from the property's vacant rooms (the page's datalist, when it lists rooms).
        self.fields["room"].widget.attrs.update(
            {"autofocus": True, "inputmode": "text", "list": "vacant-rooms"}
        )
        self.fields["amount_charged"].widget.attrs["data-charge"] = ""
        self.fields["rate"].widget.attrs["inputmode"] = "decimal"
        self.fields["amount_charged"].widget.attrs["inputmode"] = "decimal"
        self.fields["phone"].widget.attrs["inputmode"] = "tel"
        # A required rate type has a default (nightly), so no empty choice to land on.
        if self.fields["rate_type"].required:
            cast(forms.ChoiceField, self.fields["rate_type"]).choices = list(RateType.choices)

    def _type_initial_dates(self) -> None:
        """Show a date or datetime given as initial as the clerk would type it.

        The typed-date boxes read text, so a pre-filled value (a pre-arrival's stay) must be
        text the box reads back: `2026-06-15 10:30` in the property's zone, `2026-06-17`.
        """
        self.initial = {**self.initial}  # the caller's dict stays as given
        arrival = self.initial.get("arrival")
        if isinstance(arrival, datetime):
            self.initial["arrival"] = timezone.localtime(arrival, self.tz).strftime(TYPED_DATETIME)
        departure = self.initial.get("expected_departure")
        if isinstance(departure, date) and not isinstance(departure, datetime):
            self.initial["expected_departure"] = departure.isoformat()

    def sections(self):
        for title, names in self.SECTIONS:
            yield title, [self[name] for name in names]

    def clean_occupants(self) -> list[Occupant]:
        lines = self.cleaned_data.get("occupants", "").splitlines()
        try:
            return parse_lines(lines)
        except ValidationError as error:  # pragma: no cover - typed lines are always names
            raise forms.ValidationError(error.messages) from error

    def clean_arrival(self) -> datetime | None:
        text = self.cleaned_data.get("arrival", "")
        try:
            value = typed_dates.parse_typed_datetime(
                text, now=timezone.now(), tz=self.tz, day_first=self.day_first
            )
        except typed_dates.TypedDateError as error:
            raise forms.ValidationError(error.message, code="invalid") from error
        plausible_date(value)
        if not _exists(value, self.tz):
            raise forms.ValidationError(
                _("This time does not exist here (the clocks go forward): give another."),
                code="invalid",
            )
        return self._within_window(value)

    def clean_expected_departure(self) -> date | None:
        text = self.cleaned_data.get("expected_departure", "")
        try:
            value = typed_dates.parse_typed_date(text, today=self.today, day_first=self.day_first)
        except typed_dates.TypedDateError as error:
            raise forms.ValidationError(error.message, code="invalid") from error
        plausible_date(value)
        return self._within_window(value)

    def _within_window(self, value):
        if value is None:
            return value
        day = timezone.localtime(value, self.tz).date() if isinstance(value, datetime) else value
        if abs(day - self.today) > DATE_WINDOW:
            raise forms.ValidationError(_("Enter a date within two years of today."), code="range")
        return value

    def registration_data(self) -> RegistrationData:
        """The cleaned values under the API contract's names, for `registration_create`.

        Only the fields that passed the form's own checks, so the service's rules can run on
        the rest and every problem of a submission is shown at once. A blank amount is rate x
        nights; a state left at the property's default with no ID number or plate is no data.
        """
        cleaned = self.cleaned_data
        data = {
            name: value
            for name, value in cleaned.items()
            if name not in ("token", "override_reason") and name not in self.errors
        }
        listed = data.get("occupants") or []
        for name, count in zip(("adults", "minors"), party(listed), strict=True):
            if data.get(name) is None and name not in self.errors:
                data[name] = count  # counted from the occupant list (the guest alone: 1, 0)
        if self.home_state:
            if not cleaned.get("id_number") and data.get("id_issuer") == self.home_state:
                data["id_issuer"] = ""
            if not cleaned.get("vehicle_plate") and data.get("vehicle_state") == self.home_state:
                data["vehicle_state"] = ""
        if data.get("amount_charged") is None and "amount_charged" not in self.errors:
            arrival, departure = data.get("arrival"), data.get("expected_departure")
            if isinstance(arrival, datetime) and isinstance(departure, date):
                charge = stays.planned_charge(
                    data.get("rate"), data.get("rate_type", ""), arrival, departure, self.tz
                )
                if charge is not None:
                    data["amount_charged"] = charge
        if "token" in cleaned:
            data["external_ref"] = self.external_ref()
        return cast(RegistrationData, data)

    def external_ref(self) -> str:
        return f"desk:{self.cleaned_data['token']}"


def _exists(value: datetime, tz: tzinfo) -> bool:
    """Whether this wall-clock time happens in `tz` (not skipped by a DST jump)."""
    return value.astimezone(UTC).astimezone(tz).replace(tzinfo=None) == value.replace(tzinfo=None)


class RevealForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        help_text=_("Why you need the full number. It is recorded with your name."),
        min_length=5,
        max_length=500,
        validators=[single_line],
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )


class ConcernReportForm(forms.Form):
    """The concern form: signs grouped as in `guests.indicators`, what was seen, what was done.

    Bounds what a browser sends; `guests.concerns.concern_report_create` checks the rules
    (at least one sign or a narrative, a hotline reference when the hotline was called).
    """

    narrative = forms.CharField(
        label=_("What did you see or hear?"),
        help_text=_("Facts only: when, where, who (room numbers rather than names if you can)."),
        required=False,
        max_length=NARRATIVE_MAX_LENGTH,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 5, "autocomplete": "off"}),
    )
    action_taken = forms.MultipleChoiceField(
        label=_("What has been done so far?"),
        choices=ConcernAction.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    hotline_reference = forms.CharField(
        label=_("Hotline reference"),
        help_text=_("If you called the hotline: the reference they gave you."),
        required=False,
        max_length=HOTLINE_REFERENCE_MAX_LENGTH,
        validators=[single_line],
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    registration = forms.UUIDField(required=False, widget=forms.HiddenInput)
    # A one-time token per form, as on the check-in form: a second submit finds the first report.
    token = once_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for group in indicators.GROUPS:
            self.fields[f"group_{group.code}"] = forms.MultipleChoiceField(
                label=_(group.label),
                choices=[(i.code, _(i.label)) for i in group.indicators],
                widget=forms.CheckboxSelectMultiple,
                required=False,
            )

    def indicator_groups(self):
        return [self[f"group_{group.code}"] for group in indicators.GROUPS]

    def concern_data(self) -> ConcernData:
        """The cleaned values under the API contract's names, for `concern_report_create`."""
        data = self.cleaned_data
        return {
            "indicators": [
                code for group in indicators.GROUPS for code in data.get(f"group_{group.code}", [])
            ],
            "narrative": data.get("narrative", ""),
            "action_taken": data.get("action_taken", []),
            "hotline_reference": data.get("hotline_reference", ""),
            "registration": data.get("registration"),
        }


class CorrectionForm(forms.Form):
    """A manager's correction of one field: the new value as typed, and the required reason.

    Dates and the occupant list are parsed here; everything else goes to
    `guests.services.registration_amend` as typed, which validates it like a check-in.
    """

    field = forms.ChoiceField(
        label=_("Field to correct"),
        # The check-in form's own words for each field, in the reader's language.
        choices=[(name, CheckInForm.base_fields[name].label) for name in AMENDABLE_FIELDS],
    )
    new_value = forms.CharField(
        label=_("New value"),
        required=False,
        max_length=500,
        validators=[single_line],
        help_text=_("Dates as 2026-07-01, arrival as 2026-07-01 15:00, occupants separated by ;."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    reason = forms.CharField(
        label=_("Reason"),
        help_text=_("Why the record was wrong. It is kept with your name."),
        max_length=AMENDMENT_REASON_MAX_LENGTH,
        validators=[single_line],
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    def __init__(self, *args, tz: tzinfo, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.tz = tz

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        name, value = cleaned.get("field"), (cleaned.get("new_value") or "").strip()
        if name is None or "new_value" in self.errors:
            return cleaned
        try:
            cleaned["value"] = self._parse(name, value)
        except ValueError:
            self.add_error("new_value", _("Enter a valid date (and time) for this field."))
        return cleaned

    def _parse(self, name: str, value: str) -> Any:
        if name == "occupants":
            return [part.strip() for part in value.split(";") if part.strip()]
        if not value:
            return None if name in ("rate", "amount_charged") else value
        if name == "expected_departure":
            return date.fromisoformat(value)
        if name == "arrival":
            return datetime.fromisoformat(value.replace("T", " ")).replace(tzinfo=self.tz)
        return value

    def changes(self) -> RegistrationData:
        """The one field to correct (an amendable name, checked by the form)."""
        return cast(RegistrationData, {self.cleaned_data["field"]: self.cleaned_data["value"]})


class DeskSearchForm(forms.Form):
    """The desk's one box: a room (or its start) or a guest's whole name; sent by POST."""

    term = forms.CharField(
        label=_("Room or guest name"),
        required=False,
        max_length=NAME_MAX_LENGTH,
        validators=[single_line],
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["term"].widget.attrs.update(
            {"autocomplete": "off", "spellcheck": "false", "enterkeyhint": "search"}
        )

    def clean_term(self) -> str:
        return " ".join(self.cleaned_data["term"].split())


class SearchForm(forms.Form):
    """A manager's search of the register; sent by POST so no name lands in a URL or a log."""

    name = forms.CharField(
        label=_("Guest name contains"),
        required=False,
        max_length=NAME_MAX_LENGTH,
        validators=[single_line],
    )
    room = _text("room", "Room")
    arrival_from = forms.DateField(
        label=_("Arrived on or after"), required=False, validators=[plausible_date]
    )
    arrival_to = forms.DateField(
        label=_("Arrived on or before"), required=False, validators=[plausible_date]
    )
    receipt_number = _text("receipt_number", "Receipt or folio number")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["autocomplete"] = "off"
        self.fields["arrival_from"].widget.input_type = "date"
        self.fields["arrival_to"].widget.input_type = "date"

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        for name in ("name", "room", "receipt_number"):
            if isinstance(cleaned.get(name), str):
                cleaned[name] = cleaned[name].strip()
        start, end = cleaned.get("arrival_from"), cleaned.get("arrival_to")
        if start and end and end < start:
            self.add_error("arrival_to", _("The end of the range must not precede its start."))
        if not self.errors and not self.criteria():
            raise forms.ValidationError(_("Give at least one thing to search by."))
        return cleaned

    def criteria(self) -> SearchCriteria:
        """The criteria given (names and values); the access log keeps only the names."""
        data = self.cleaned_data
        given: SearchCriteria = {}
        if data.get("name"):
            given["name"] = data["name"]
        if data.get("room"):
            given["room"] = data["room"]
        if data.get("arrival_from"):
            given["arrival_from"] = data["arrival_from"]
        if data.get("arrival_to"):
            given["arrival_to"] = data["arrival_to"]
        if data.get("receipt_number"):
            given["receipt_number"] = data["receipt_number"]
        return given


class ImportUploadForm(forms.Form):
    """A PMS export to preview; its size, encoding and rows are checked by `guests.pms_import`."""

    file = forms.FileField(
        label=_("CSV or XLSX file"),
        help_text=_(
            "CSV (UTF-8; comma, semicolon, tab or pipe separated) or an XLSX workbook, one "
            "registration per row, the first line naming the columns."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv,.xlsx"}),
    )

    profile = forms.ChoiceField(
        label=_("Import profile"),
        required=False,
        help_text=_("How your PMS's columns map onto the register (see Import profiles)."),
    )

    def __init__(self, *args, profiles=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["profile"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [
            ("", _("This product's own columns")),
            *((str(p.pk), p.name) for p in profiles),
        ]

    def file_name(self) -> str:
        name = self.cleaned_data["file"].name or ""
        return "".join(ch for ch in name.split("/")[-1].split("\\")[-1] if ch.isprintable())


SCAN_MAX_LENGTH = 4000  # an AAMVA barcode holds at most about 2,700 characters of data


class ScanForm(forms.Form):
    """What a keyboard-wedge scanner typed, or an ID number typed by hand; never stored."""

    scan = forms.CharField(
        label=_("Scan ID"),
        help_text=_("Scan the licence barcode or passport MRZ here, or type an ID number."),
        max_length=SCAN_MAX_LENGTH,
        strip=False,
        widget=forms.Textarea(
            attrs={"rows": 2, "autocomplete": "off", "spellcheck": "false", "data-wedge": ""}
        ),
    )


class ConcernCaseForm(forms.Form):
    """One step of a concern's case (`guests.concern_cases.concern_case_step` checks the rest)."""

    status = forms.ChoiceField(label=_("Status"), choices=ConcernStatus.choices)
    owner = forms.ChoiceField(label=_("Owner"), required=False)
    note = forms.CharField(
        label=_("Follow-up note"),
        required=False,
        max_length=NARRATIVE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What was done or decided. Kept as written: it cannot be edited later."),
    )

    def __init__(self, *args: Any, owners: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        owner = cast(forms.ChoiceField, self.fields["owner"])
        owner.choices = [
            ("", _("Nobody")),
            *[(str(u.pk), u.get_full_name() or u.username) for u in owners],
        ]


class ConcernStatusFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Case status"),
        choices=[("", _("Any status")), *ConcernStatus.choices],
        required=False,
    )
