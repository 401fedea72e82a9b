"""Pages of a property's import profiles: the list (with the built-ins to copy) and the editor.

Managers only (`registration.import`). The editor previews the first rows of a sample file
as they would be stored (a dry run: nothing is kept, the file is dropped after the answer).
"""

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from guests import import_profile_services, import_profiles
from guests.import_profile_forms import ImportProfileForm
from guests.models import ImportProfile
from hotelcompliance.crypto import mask
from hotelcompliance.imports.errors import ImportFileError
from hotelcompliance.imports.result import ParsedRow
from hotelcompliance.roles import Action
from hotelcompliance.scoping import get_object_for_property
from hotelcompliance.tenancy import Property
from hotelcompliance.views import property_local_page
from hotelcompliance.web import AuthenticatedHttpRequest

PREVIEW_FIELDS = (
    "guest_name",
    "occupants",
    "room",
    "adults",
    "minors",
    "arrival",
    "expected_departure",
    "checked_out_at",
    "rate",
    "rate_type",
    "amount_charged",
    "payment_method",
    "receipt_number",
    "id_type",
    "id_number",
    "external_ref",
)


@property_local_page(Action.REGISTRATION_IMPORT)
def import_profile_list(request: AuthenticatedHttpRequest, prop: Property) -> HttpResponse:
    context = {
        "prop": prop,
        "profiles": ImportProfile.objects.for_property(prop),
        "builtins": import_profiles.builtins().values(),
    }
    return render(request, "guests/import_profiles.html", context)


@require_POST
@property_local_page(Action.REGISTRATION_IMPORT)
def import_profile_copy(request: AuthenticatedHttpRequest, prop: Property) -> HttpResponse:
    """Copy a built-in into the property's own profiles and open it in the editor."""
    try:
        profile = import_profile_services.profile_copy_builtin(
            prop=prop, key=request.POST.get("builtin", "")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("import_profile_list")
    messages.success(request, _("Copied. Adjust the columns to your export, then save."))
    return redirect("import_profile_edit", pk=profile.pk)


@property_local_page(Action.REGISTRATION_IMPORT)
def import_profile_edit(
    request: AuthenticatedHttpRequest, prop: Property, pk: UUID
) -> HttpResponse:
    """Edit a profile; "Preview" shows a sample's first rows as stored, "Save" keeps it."""
    profile = get_object_for_property(ImportProfile.objects.all(), prop, pk=pk)
    initial = ImportProfileForm.initial_for(profile)
    form = ImportProfileForm(request.POST or None, request.FILES or None, initial=initial)
    preview: dict[str, Any] | None = None
    if request.method == "POST" and form.is_valid():
        data = form.profile_data()
        try:
            if "preview" in request.POST:
                preview = _preview(prop, request, form, data)
            else:
                import_profile_services.profile_save(prop=prop, data=data, instance=profile)
                messages.success(request, _("The profile is saved."))
                return redirect("import_profile_edit", pk=profile.pk)
        except ValidationError as error:
            form.add_profile_errors(error.message_dict)
    context = {
        "prop": prop,
        "profile": profile,
        "form": form,
        "rows": form.rows(),
        "preview": preview,
        "preview_fields": PREVIEW_FIELDS,
    }
    return render(request, "guests/import_profile_edit.html", context)


def _preview(
    prop: Property, request: AuthenticatedHttpRequest, form: ImportProfileForm, data: dict[str, Any]
) -> dict[str, Any] | None:
    sample = form.cleaned_data.get("sample")
    if sample is None:
        import_profile_services.profile_checked(data)  # the profile's own errors, at least
        form.add_error("sample", _("Choose a sample file to preview."))
        return None
    try:
        result = import_profile_services.profile_preview(
            prop=prop, actor=request.user, data=data, file=sample
        )
    except ImportFileError as error:
        form.add_error("sample", error.message)
        return None
    return {"result": result, "rows": [_shown(row) for row in result.sample]}


def _shown(row: ParsedRow) -> dict[str, Any]:
    """A sample row as the page shows it: stored values, the ID number masked."""
    values: dict[str, Any] = {}
    for name in PREVIEW_FIELDS:
        value = row.values.get(name, "")
        if name == "id_number" and value:
            value = mask(str(value))
        elif name == "occupants" and isinstance(value, list):
            value = "; ".join(value)
        values[name] = value
    return {
        "line": row.line,
        "values": [values[name] for name in PREVIEW_FIELDS],
        "assumed": bool(row.values.get("arrival_time_assumed")),
        "errors": row.errors,
    }
