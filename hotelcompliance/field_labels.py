"""What people call each field of a guest record (`rules.GUEST_FIELDS`), in their language.

Pages, forms and reports show these words, never the field's code (`guest_name`).
"""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

GUEST_FIELD_LABELS: dict[str, Promise] = {
    "guest_name": _("Guest name"),
    "address": _("Address"),
    "phone": _("Phone"),
    "email": _("Email"),
    "id_type": _("ID type"),
    "id_number": _("ID number"),
    "id_issuer": _("ID issuer"),
    "vehicle_plate": _("Vehicle plate"),
    "vehicle_state": _("Vehicle state"),
    "room": _("Room"),
    "adults": _("Adults"),
    "minors": _("Minors"),
    "occupants": _("Other occupants"),
    "arrival": _("Arrival"),
    "expected_departure": _("Expected departure"),
    "rate": _("Rate"),
    "rate_type": _("Rate type"),
    "amount_charged": _("Amount charged"),
    "payment_method": _("Payment method"),
    "receipt_number": _("Receipt number"),
    "external_ref": _("PMS reference"),
}


def guest_field_label(name: str) -> str:
    """The field's name for people; an unknown code as plain words."""
    label = GUEST_FIELD_LABELS.get(name)
    return str(label) if label is not None else name.replace("_", " ").capitalize()
