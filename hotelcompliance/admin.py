"""Django admin for superusers; append-only records are shown read-only."""

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest

from hotelcompliance.access_log import AccessEvent
from hotelcompliance.chain import ChainCheckpoint, ChainEntry
from hotelcompliance.outbox import OutboxEvent
from hotelcompliance.tenancy import Membership, Organisation, Property


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "legal_name", "contact_name"]
    search_fields = ["name", "legal_name"]


@admin.register(Property)
class PropertyAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "jurisdiction", "city", "licence_number"]
    list_filter = ["jurisdiction", "organisation"]
    search_fields = ["name", "city", "licence_number"]
    # All fields are editable, check_in_time / check_out_time included: the times a date-only
    # arrival or check-out in an import takes (guests/import_profiles.py).


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "property", "organisation", "agency"]
    list_filter = ["role"]
    search_fields = ["user__username", "agency", "badge_number"]


@admin.register(AccessEvent)
class AccessEventAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "actor_label", "kind", "object_type", "object_id", "property"]
    list_filter = ["kind", "object_type"]


@admin.register(ChainEntry)
class ChainEntryAdmin(ReadOnlyAdmin):
    list_display = ["property", "seq", "kind", "object_ref", "created_at"]
    list_filter = ["kind"]


@admin.register(ChainCheckpoint)
class ChainCheckpointAdmin(ReadOnlyAdmin):
    list_display = ["property", "seq", "reason", "created_at"]


@admin.register(OutboxEvent)
class OutboxEventAdmin(ReadOnlyAdmin):
    list_display = [
        "task_name",
        "status",
        "created_at",
        "dispatched_at",
        "dispatches",
        "settled_at",
        "last_error",
    ]
    list_filter = ["status", "task_name"]
