"""Forms of the people and property-settings pages; the rules live in `people` and services."""

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from hotelcompliance.roles import Role
from hotelcompliance.tenancy import Property
from hotelcompliance.validators import single_line

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise


def _role_choices(roles: list[str]) -> list[tuple[str, "str | _StrPromise"]]:
    labels = dict(Role.choices)
    return [(role, labels[role]) for role in roles]


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("Email"), max_length=254)
    role = forms.ChoiceField(label=_("Role"))
    group_wide = forms.BooleanField(
        label=_("For the whole group"),
        required=False,
        help_text=_("Every property of the group, not only this one."),
    )
    agency = forms.CharField(
        label=_("Agency"),
        max_length=200,
        required=False,
        validators=[single_line],
        help_text=_("Inspectors only."),
    )
    badge_number = forms.CharField(
        label=_("Badge number"),
        max_length=64,
        required=False,
        validators=[single_line],
        help_text=_("Inspectors only."),
    )

    def __init__(self, *args: Any, roles: list[str], group_admin: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        role = self.fields["role"]
        assert isinstance(role, forms.ChoiceField)
        role.choices = _role_choices(roles)
        if not group_admin:
            for name in ("group_wide", "agency", "badge_number"):
                del self.fields[name]


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"))

    def __init__(self, *args: Any, roles: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        role = self.fields["role"]
        assert isinstance(role, forms.ChoiceField)
        role.choices = _role_choices(roles)


PROPERTY_SETTINGS_FIELDS = (
    "name",
    "street",
    "city",
    "region",
    "postal_code",
    "timezone",
    "licence_number",
    "registration_number",
    "rooms",
)


class PropertySettingsForm(forms.ModelForm):
    class Meta:
        model = Property
        fields = PROPERTY_SETTINGS_FIELDS
        labels = {
            "name": _("Name"),
            "street": _("Street address"),
            "city": _("City"),
            "region": _("State or region"),
            "postal_code": _("Postal code"),
            "licence_number": _("Licence number"),
            "registration_number": _("Registration number"),
            "rooms": _("Number of rooms"),
            "timezone": _("Time zone"),
        }
        help_texts = {
            "street": _("The public address printed on reports and certificates."),
        }
