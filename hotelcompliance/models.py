"""Models of the shared core, defined in their own modules and collected here for Django."""

from hotelcompliance.access_log import AccessEvent
from hotelcompliance.api_tokens import ApiToken
from hotelcompliance.chain import ChainCheckpoint, ChainEntry, ChainHead
from hotelcompliance.change_log import ChangeRecord
from hotelcompliance.holds import LegalHold as LegalHold
from hotelcompliance.outbox import OutboxEvent, ProcessedEvent
from hotelcompliance.rooms import Room, RoomOverride
from hotelcompliance.signed_intake import SignedDelivery
from hotelcompliance.tenancy import Membership, Organisation, Property

__all__ = [
    "AccessEvent",
    "ApiToken",
    "ChainCheckpoint",
    "ChainEntry",
    "ChainHead",
    "ChangeRecord",
    "Membership",
    "Organisation",
    "OutboxEvent",
    "ProcessedEvent",
    "Property",
    "Room",
    "RoomOverride",
    "SignedDelivery",
]
