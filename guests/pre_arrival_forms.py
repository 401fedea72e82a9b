"""Forms of pre-arrival registration: the desk prepares a stay, the guest fills it, the clerk
confirms it. They bound what a browser sends; `guests.pre_arrivals` and, at check-in,
`guests.services.registration_create` keep the rules.
"""

from __future__ import annotations

import copy
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from guests.forms import PERSONAL, CheckInForm
from guests.pre_arrival_models import PreArrival
from guests.pre_arrivals import guest_fields, registration_external_ref
from hotelcompliance.rules import RulePack
from hotelcompliance.validators import plausible_date, single_line


def _date(label: Any, **kwargs: Any) -> forms.DateField:
    return forms.DateField(
        label=label,
        input_formats=["%Y-%m-%d"],
        validators=[plausible_date],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        **kwargs,
    )


class PreArrivalForm(forms.Form):
    """The desk prepares a stay: who, when, and what it already knows of the room and rate."""

    guest_name = forms.CharField(
        label=_("Lead guest's name"), max_length=200, validators=[single_line]
    )
    expected_arrival = _date(_("Expected arrival"))
    expected_departure = _date(_("Expected departure"))
    email = forms.EmailField(
        label=_("Guest's email"),
        required=False,
        max_length=254,
        help_text=_("The link is emailed here; leave empty to show the QR code instead."),
    )
    phone = forms.CharField(
        label=_("Guest's phone"), required=False, max_length=40, validators=[single_line]
    )
    language = forms.ChoiceField(label=_("Guest's language"), choices=settings.LANGUAGES)
    room = copy.deepcopy(CheckInForm.base_fields["room"])
    rate = copy.deepcopy(CheckInForm.base_fields["rate"])
    rate_type = copy.deepcopy(CheckInForm.base_fields["rate_type"])
    payment_method = copy.deepcopy(CheckInForm.base_fields["payment_method"])
    receipt_number = copy.deepcopy(CheckInForm.base_fields["receipt_number"])
    send = forms.BooleanField(label=_("Email the link now"), required=False, initial=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("guest_name", "email", "phone"):
            self.fields[name].widget.attrs["autocomplete"] = "off"
        self.fields["guest_name"].widget.attrs["autofocus"] = True

    def pre_arrival_data(self) -> dict[str, Any]:
        data = {name: value for name, value in self.cleaned_data.items() if name != "send"}
        return {name: value for name, value in data.items() if value not in (None, "")}


# The guest's own words for the fields (the desk form's labels are the clerk's).
GUEST_LABELS = {
    "guest_name": _("Your full name"),
    "address": _("Your home address"),
    "phone": _("Your phone"),
    "email": _("Your email"),
    "id_type": _("Type of photo ID"),
    "id_number": _("Photo ID number"),
    "id_issuer": _("Issued by (state or country)"),
    "vehicle_plate": _("Vehicle plate"),
    "vehicle_state": _("Vehicle state"),
    "adults": _("Adults staying"),
    "minors": _("Children staying"),
    "occupants": _("The others staying with you"),
}


class GuestDetailsForm(forms.Form):
    """The guest's own form: only the fields the property's rule pack requires of a guest.

    Built from the check-in form's own fields (labels, limits, validators), each required;
    the ID number is never shown back, so a blank one keeps the number given before.
    """

    def __init__(self, *args: Any, pack: RulePack, pre_arrival: PreArrival, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.has_id_number = bool(pre_arrival.id_number)
        for name in guest_fields(pack):
            field = copy.deepcopy(CheckInForm.base_fields[name])
            field.required = not (name == "id_number" and self.has_id_number)
            field.label = GUEST_LABELS[name]
            if name in PERSONAL:
                field.widget.attrs["autocomplete"] = "off"
            self.fields[name] = field
        if "phone" in self.fields:
            self.fields["phone"].widget.attrs["inputmode"] = "tel"
        if "id_number" in self.fields and self.has_id_number:
            self.fields["id_number"].help_text = _(
                "You gave it already; leave empty to keep it, or type it again to change it."
            )

    def clean_occupants(self) -> list[str]:
        lines = self.cleaned_data.get("occupants", "").splitlines()
        return [line.strip() for line in lines if line.strip()]

    @staticmethod
    def initial_of(pre_arrival: PreArrival, names: tuple[str, ...]) -> dict[str, Any]:
        """What the guest gave before (never the ID number), to change rather than retype."""
        initial: dict[str, Any] = {}
        for name in names:
            if name == "id_number":
                continue
            value = getattr(pre_arrival, name)
            if name == "occupants":
                value = "\n".join(value or [])
            if value not in (None, ""):
                initial[name] = value
        return initial


class PreArrivalCheckInForm(CheckInForm):
    """The check-in form for a prepared stay: the registration keeps the stay's reference."""

    def __init__(self, *args: Any, pre_arrival: PreArrival, action_url: str, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.pre_arrival = pre_arrival
        self.action_url = action_url

    def external_ref(self) -> str:
        return registration_external_ref(self.pre_arrival)
