"""Read-only admin for the register: numbers and rooms only, never personal data in lists."""

from django.contrib import admin

from guests.models import Registration
from hotelcompliance.admin import ReadOnlyAdmin


@admin.register(Registration)
class RegistrationAdmin(ReadOnlyAdmin):
    list_display = ["number", "property", "room", "arrival", "channel"]
    list_filter = ["channel", "property"]
    list_select_related = ["property"]
    date_hierarchy = "arrival"
    # The detail page shows no ID number, not even encrypted; revealing one is a logged action.
    exclude = ["id_number", "id_number_lookup"]
