"""Text messages of an employee's link: the message, the `sms:` address, the backend.

No SMS provider is reachable from this product today, so a manager sends the text from their
own phone: the page gives an `sms:` address that opens the phone's messaging app with the
number and the text filled in, and the text to copy. The `SMS_BACKEND` setting names a class
that is handed every such message as well, so a provider can be plugged in later without
touching the views: `send(message) -> bool` (True when it delivered the text itself).

`ConsoleBackend` (the default) logs that a text was prepared and its length, never the number
or the link (the link is the employee's credential, the number personal data).
"""

import logging
from dataclasses import dataclass
from typing import Protocol
from urllib.parse import quote

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class TextMessage:
    """One text to one number; `reference` is the kept row's id (for a provider's receipts)."""

    to: str
    body: str
    reference: str


class SmsBackend(Protocol):
    def send(self, message: TextMessage) -> bool: ...


class ConsoleBackend:
    """For development: logs that a text was prepared, without personal data."""

    def send(self, message: TextMessage) -> bool:
        logger.info(
            "Link text %s prepared: %d characters, for the manager's phone to send",
            message.reference,
            len(message.body),
        )
        return False


class ManualBackend:
    """Nothing is handed on: the manager's phone is the only sender."""

    def send(self, message: TextMessage) -> bool:
        return False


def sms_backend() -> SmsBackend:
    """An instance of the configured backend (`SMS_BACKEND`)."""
    backend: SmsBackend = import_string(settings.SMS_BACKEND)()
    return backend


def sms_uri(to: str, body: str) -> str:
    """`sms:+15550104477?body=...`: the form iOS and Android messaging apps both open."""
    return f"sms:{to}?body={quote(body, safe='')}"
