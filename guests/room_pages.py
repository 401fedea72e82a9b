"""Managers' room pages: type or paste the property's rooms once, then edit or retire them.

Thin views over `hotelcompliance.rooms`; another property's room is a 404.
"""

import uuid

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from guests import room_checks
from hotelcompliance.form_errors import form_errors_place
from hotelcompliance.roles import Action
from hotelcompliance.rooms import (
    FLOOR_MAX_LENGTH,
    ROOM_NUMBER_MAX_LENGTH,
    Room,
    room_update,
    rooms_add,
)
from hotelcompliance.scoping import get_object_for_property
from hotelcompliance.tenancy import Property
from hotelcompliance.views import property_local_page

# Who keeps the room list: whoever imports the register (managers, group administrators).
ROOMS_ACTION = Action.REGISTRATION_IMPORT
ROOM_LIST_MAX_CHARACTERS = 100_000


class RoomListForm(forms.Form):
    rooms = forms.CharField(
        label=gettext_lazy("Rooms to add"),
        help_text=gettext_lazy(
            "One room per line, or CSV lines room,floor (a header line is skipped). Rooms "
            "already listed are kept; one taken out of use is put back in use."
        ),
        max_length=ROOM_LIST_MAX_CHARACTERS,
        widget=forms.Textarea(attrs={"rows": 6, "spellcheck": "false"}),
    )


class RoomEditForm(forms.Form):
    number = forms.CharField(label=gettext_lazy("Room"), max_length=ROOM_NUMBER_MAX_LENGTH)
    floor = forms.CharField(
        label=gettext_lazy("Floor"), max_length=FLOOR_MAX_LENGTH, required=False
    )
    active = forms.BooleanField(label=gettext_lazy("In use (offered at the desk)"), required=False)


@property_local_page(ROOMS_ACTION)
def room_list(request: HttpRequest, prop: Property) -> HttpResponse:
    form = RoomListForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            added = rooms_add(prop=prop, text=form.cleaned_data["rooms"])
        except ValidationError as error:
            form_errors_place(form, error)
        else:
            messages.success(
                request,
                _("Rooms added: %(created)s; back in use: %(back)s; already listed: %(same)s.")
                % {"created": added.created, "back": added.reactivated, "same": added.unchanged},
            )
            return redirect("room_list")
    occupied = room_checks.in_house_rooms(prop)
    rooms = list(Room.objects.for_property(prop).order_by("-active", "number"))
    context = {
        "prop": prop,
        "form": form,
        "rooms": [(room, room.number in occupied) for room in rooms],
    }
    return render(request, "guests/rooms.html", context)


@property_local_page(ROOMS_ACTION)
def room_edit(request: HttpRequest, prop: Property, pk: uuid.UUID) -> HttpResponse:
    room = get_object_for_property(Room.objects.all(), prop, pk=pk)
    initial = {"number": room.number, "floor": room.floor, "active": room.active}
    form = RoomEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            room_update(
                room=room,
                number=form.cleaned_data["number"],
                floor=form.cleaned_data["floor"],
                active=form.cleaned_data["active"],
            )
        except ValidationError as error:
            form_errors_place(form, error)
        else:
            messages.success(request, _("Room %(room)s saved.") % {"room": room.number})
            return redirect("room_list")
    return render(request, "guests/room_edit.html", {"prop": prop, "form": form, "room": room})
