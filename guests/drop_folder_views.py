"""The manager's page of the property's drop folder: where the PMS drops files, which profile.

Managers only (`registration.import`). Saving makes the folder run on the saving manager's
behalf (`DropFolder.run_as`); the page lists the last files the folder took.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from guests import drop_folders
from guests.models import DropFolder, ImportProfile, RegistrationImport
from hotelcompliance.roles import Action
from hotelcompliance.tenancy import Property
from hotelcompliance.views import property_local_page
from hotelcompliance.web import AuthenticatedHttpRequest

RECENT_FILES = 20


@property_local_page(Action.REGISTRATION_IMPORT)
def drop_folder_edit(request: AuthenticatedHttpRequest, prop: Property) -> HttpResponse:
    drop = DropFolder.objects.for_property(prop).select_related("profile", "run_as").first()
    profiles = ImportProfile.objects.for_property(prop)
    errors: dict[str, list[str]] = {}
    values = {
        "path": drop.path if drop else "",
        "profile": str(drop.profile_id) if drop and drop.profile_id else "",
        "enabled": drop.enabled if drop else True,
    }
    if request.method == "POST":
        values = {
            "path": request.POST.get("path", ""),
            "profile": request.POST.get("profile", ""),
            "enabled": request.POST.get("enabled") == "on",
        }
        profile = None
        if values["profile"]:
            try:
                profile = profiles.filter(pk=values["profile"]).first()
            except (ValueError, ValidationError):
                profile = None
            if profile is None:
                errors["profile"] = [_("Choose one of this property's import profiles.")]
        if not errors:
            try:
                drop_folders.drop_folder_save(
                    prop=prop,
                    actor=request.user,
                    path=str(values["path"]),
                    profile=profile,
                    enabled=bool(values["enabled"]),
                )
            except ValidationError as error:
                errors = error.message_dict
            else:
                messages.success(
                    request, _("The drop folder is saved; it is scanned every minute.")
                )
                return redirect("drop_folder")
    root = drop_folders.drop_root()
    context = {
        "prop": prop,
        "drop": drop,
        "root": str(root) if root else "",
        "profiles": profiles,
        "values": values,
        "errors": errors,
        "recent": RegistrationImport.objects.for_property(prop).filter(source="drop_folder")[
            :RECENT_FILES
        ],
    }
    return render(request, "guests/drop_folder.html", context, status=400 if errors else 200)
