"""Read-only admin for the register: numbers and rooms only, never personal data in lists."""

from django.contrib import admin

from guests.models import ConcernReport, ImportProfile, PurgeRecord, Registration
from hotelcompliance.admin import ReadOnlyAdmin


@admin.register(Registration)
class RegistrationAdmin(ReadOnlyAdmin):
    list_display = ["number", "property", "room", "arrival", "channel"]
    list_filter = ["channel", "property"]
    list_select_related = ["property"]
    date_hierarchy = "arrival"
    # The detail page shows no ID number, not even encrypted; revealing one is a logged action.
    exclude = ["id_number", "id_number_lookup"]


@admin.register(ConcernReport)
class ConcernReportAdmin(ReadOnlyAdmin):
    """Evidence: read-only here too; the narrative shows on the detail page only."""

    list_display = ["created_at", "property", "reported_by"]
    list_filter = ["property"]
    list_select_related = ["property", "reported_by"]
    date_hierarchy = "created_at"


@admin.register(PurgeRecord)
class PurgeRecordAdmin(ReadOnlyAdmin):
    """What each retention purge destroyed: counts and dates only."""

    list_display = ["run_at", "property", "dry_run", "registrations", "held", "checkpoint_seq"]
    list_filter = ["dry_run", "property"]
    list_select_related = ["property"]


@admin.register(ImportProfile)
class ImportProfileAdmin(ReadOnlyAdmin):
    """Read-only here: a mapping is edited (and checked) on the profile pages."""

    list_display = ["name", "property", "builtin", "updated_at"]
    list_filter = ["property"]
