"""Employees' mobile numbers: one stored shape (E.164: `+` and 8 to 15 digits), masked
wherever a list shows them.

A number is typed the way people write it (`(555) 010-4477`, `+52 55 1234 5678`); it is kept
in one shape so a text message's address is always the same. Ten digits with no `+` are read
as a North American number (`+1`), since the packs are US states.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

E164 = re.compile(r"\+[1-9][0-9]{7,14}")
# What people type between the digits: spaces, dots, dashes, brackets.
_SEPARATORS = re.compile(r"[\s.\-()/]")
NOT_A_PHONE = _(
    "Give a mobile number with its country code, e.g. +1 555 010 4477 "
    "(ten digits are read as a US number)."
)


def phone_normalize(raw: str) -> str:
    """The number in E.164 (`+15550104477`), or "" for none; ValidationError otherwise."""
    text = _SEPARATORS.sub("", raw or "")
    if not text:
        return ""
    if text.startswith("00"):
        text = "+" + text[2:]
    elif text.isdigit() and len(text) == 10:
        text = "+1" + text
    elif text.isdigit() and len(text) == 11 and text.startswith("1"):
        text = "+" + text
    if not E164.fullmatch(text):
        raise ValidationError(NOT_A_PHONE, code="phone")
    return text


def validate_phone(value: str) -> None:
    """The model's check: empty, or already in E.164 (the services normalize first)."""
    if value and not E164.fullmatch(value):
        raise ValidationError(NOT_A_PHONE, code="phone")


def phone_masked(value: str) -> str:
    """`+1 ••• ••• 4477`: enough to tell numbers apart in a list, not to dial one."""
    if not value:
        return ""
    return f"{value[:2]} ••• ••• {value[-4:]}"
