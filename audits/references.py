"""The hotel's reference for a records request: RR-<year>-<number>, counted per property and year.

A reference is what a manager and an inspector quote on the phone and on paper (a number that
reads aloud, unlike the request's UUID). It is given in the filing's own transaction, under a
lock on the property's row, so two filings never take the same number.
"""

from datetime import date

from django.db.models import QuerySet

from hotelcompliance.tenancy import Property

PREFIX = "RR"


def reference_prefix(year: int) -> str:
    return f"{PREFIX}-{year}-"


def reference_next(prop: Property, on: date, requests: QuerySet) -> str:
    """The next free reference of `prop` for the year of `on` (call inside a transaction)."""
    Property.objects.select_for_update().filter(pk=prop.pk).first()
    prefix = reference_prefix(on.year)
    taken = requests.filter(property=prop, reference__startswith=prefix).values_list(
        "reference", flat=True
    )
    last = max((int(ref.removeprefix(prefix)) for ref in taken), default=0)
    return f"{prefix}{last + 1:04d}"
