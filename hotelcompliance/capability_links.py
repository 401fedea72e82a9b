"""Signed capability links: a URL that lets someone without an account reach one row.

The token is a row's UUID signed with the site's key under a per-purpose salt, so it names
no person, cannot be forged, and one purpose's token is refused by another's page. No
timestamp is signed in: the row decides when the link ends (its expiry, its revocation), so
the same row always gives the same token and revoking it takes effect at once. The pages that
open such a link write an access event for every use (`training.employee_links`,
`guests.pre_arrivals`).
"""

from __future__ import annotations

import uuid

from django.core import signing


def capability_token(salt: str, row_id: uuid.UUID) -> str:
    """The URL-safe signed token naming `row_id` for the purpose `salt` (stable per row)."""
    return signing.Signer(salt=salt).sign(row_id.hex)


def capability_row_id(salt: str, token: str) -> uuid.UUID | None:
    """The row id a token names for `salt`; None for a forged, mangled or foreign token."""
    try:
        row_hex = signing.Signer(salt=salt).unsign(token)
    except signing.BadSignature:
        return None
    if len(row_hex) != 32 or not all(c in "0123456789abcdef" for c in row_hex):
        return None
    return uuid.UUID(hex=row_hex)
