"""A form acts on the property it showed.

Every property-scoped page form carries the property it was rendered for, signed
(`{% form_property %}`), and `property_page` checks it on submit: a clerk who switched to
another property in a second tab gets a 409 offering to switch back, and nothing is saved.
"""

from django.core import signing
from django.http import HttpRequest

from hotelcompliance.tenancy import Property

FIELD_NAME = "form_property"
SALT = "hotelcompliance.form_property"


def form_property_sign(prop: Property) -> str:
    """The signed property id a form carries (not secret, only unforgeable)."""
    return signing.dumps(prop.pk, salt=SALT, compress=False)


def form_property_data(prop: Property) -> dict[str, str]:
    """The hidden field as form data: what the template tag renders, for test clients too."""
    return {FIELD_NAME: form_property_sign(prop)}


def form_property_of(request: HttpRequest) -> int | None:
    """The property id the submitted form was rendered for; None if absent or forged."""
    value = request.POST.get(FIELD_NAME, "")
    if not value:
        return None
    try:
        property_id = signing.loads(value, salt=SALT)
    except signing.BadSignature:
        return None
    return property_id if isinstance(property_id, int) else None
