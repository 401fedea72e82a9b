"""Reads of the register, each one logged as it happens (concern reports: `guests.concerns`).

Every read of personal data goes through a function here that fetches the property's rows
and writes one access event for the page or API call: the object's id, or the count of rows
and the names of the filters used, never a name, a room or a searched value. Views and API
endpoints call these; none writes an access event itself.
"""

import dataclasses
import uuid
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.conf import settings
from django.core.paginator import Page
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from guests import desk_paging, pre_arrivals
from guests.completeness import stay_missing_fields
from guests.desk_paging import DeskRow, DeskSearch
from guests.models import Registration, RegistrationQuerySet
from guests.pre_arrival_models import PreArrival
from guests.types import SearchCriteria
from hotelcompliance import crypto
from hotelcompliance.access_log import (
    AccessKind,
    access_download_record,
    access_event_record,
    access_list_record,
    access_view_record,
)
from hotelcompliance.roles import Action
from hotelcompliance.scoping import can, get_object_for_property
from hotelcompliance.tenancy import Property

LIST_FIELDS = (
    "id",
    "number",
    "room",
    "guest_name",
    "adults",
    "minors",
    "arrival",
    "expected_departure",
    "checked_out_at",
    # What `completeness.stay_missing_fields` reads, so the desk can say "incomplete".
    "amount_charged",
    "payment_method",
    "receipt_number",
)


def desk_recent_departures() -> timedelta:
    """How long a departed guest stays on the desk's lists (`DESK_RECENT_DEPARTURES_HOURS`)."""
    return timedelta(hours=settings.DESK_RECENT_DEPARTURES_HOURS)


def desk_window(queryset: RegistrationQuerySet, prop: Property) -> RegistrationQuerySet:
    """What the desk pages show: today's arrivals, the in-house, the recently departed.

    "Today" is the property's local day; "recent" is checked out at most
    `DESK_RECENT_DEPARTURES_HOURS` ago (the boundary itself included).
    """

    tz = prop.tz
    now = timezone.now()
    today = timezone.localdate(now, timezone=tz)
    start = datetime.combine(today, time.min, tzinfo=tz)
    end = datetime.combine(today + timedelta(days=1), time.min, tzinfo=tz)
    return queryset.filter(
        Q(arrival__gte=start, arrival__lt=end)
        | Q(checked_out_at__isnull=True, arrival__lte=now)
        | Q(checked_out_at__gte=now - desk_recent_departures())
    )


@dataclass(frozen=True)
class DeskLists:
    arrivals: list[Registration]
    # The page of the in-house list shown (`guests.desk_paging`), its rows, and the page.
    in_house: list[Registration]
    recently_departed: list[Registration]
    # Ids of the listed stays still waiting for their PMS's details (`guests.completeness`).
    incomplete: frozenset[uuid.UUID] = frozenset()
    in_house_page: Page | None = None
    in_house_rows: list[DeskRow] = dataclasses.field(default_factory=list)
    # Set when the in-house list is narrowed by a remembered desk search.
    search: DeskSearch | None = None
    # More departed in the window than the desk lists (`desk_paging.RECENT_DEPARTURES_SHOWN`).
    more_departed: bool = False
    # Pre-arrivals due today (`guests.pre_arrivals.expected_arrivals`), apart from the in-house.
    expected_arrivals: list[PreArrival] = dataclasses.field(default_factory=list)


LISTS = ("arrivals", "in_house", "recently_departed")


def desk_lists_read(*, prop: Property, request, page: int = 1) -> DeskLists:
    """The desk home's lists, in the active (property's) time zone; one event for all.

    The in-house list is one page (`DESK_PAGE_SIZE`), narrowed by the clerk's remembered
    search if any; a search is logged as one, with the fields searched and never the term.
    The number of queries does not depend on the size of the register.
    """
    registrations = Registration.objects.for_property(prop).only(*LIST_FIELDS)
    today = prop.today()
    since = timezone.now() - desk_recent_departures()
    search = desk_paging.search_current(request.session, prop.pk)
    in_house = registrations.in_house()
    if search is not None:
        in_house = desk_paging.search_filter(in_house, search.term)
    shown = desk_paging.in_house_page(in_house, page)
    # The latest few check-outs only (one more read to know there are others).
    departed = list(
        registrations.filter(checked_out_at__gte=since).order_by("-checked_out_at")[
            : desk_paging.RECENT_DEPARTURES_SHOWN + 1
        ]
    )
    in_house_list = list(shown.object_list)
    lists = DeskLists(
        arrivals=list(registrations.arriving_on(today, prop.tz).order_by("arrival", "number")),
        in_house=in_house_list,
        recently_departed=departed[: desk_paging.RECENT_DEPARTURES_SHOWN],
        more_departed=len(departed) > desk_paging.RECENT_DEPARTURES_SHOWN,
        in_house_page=shown,
        in_house_rows=desk_paging.rows_of(in_house_list),
        search=search,
        expected_arrivals=pre_arrivals.expected_arrivals(prop),
    )
    pack = prop.rule_pack()
    listed = (*lists.arrivals, *lists.in_house, *lists.recently_departed)
    lists = dataclasses.replace(
        lists, incomplete=frozenset(r.pk for r in listed if stay_missing_fields(r, pack))
    )
    counts = {
        "arrivals": len(lists.arrivals),
        "in_house": shown.paginator.count,
        "recently_departed": len(lists.recently_departed),
        "expected_arrivals": len(lists.expected_arrivals),
    }
    if search is not None:
        access_list_record(
            request,
            prop,
            AccessKind.SEARCH,
            "desk_lists",
            counts=counts,
            fields=desk_paging.SEARCH_FIELDS,
            reason_prefix="desk search",
        )
    else:
        access_list_record(
            request,
            prop,
            AccessKind.VIEW,
            "desk_lists",
            counts=counts,
            fields=sorted((*LISTS, "expected_arrivals")),
        )
    return lists


def registration_get(prop: Property, pk) -> Registration:
    """The property's registration, unlogged: for writes, which record themselves."""
    queryset = Registration.objects.select_related("registered_by")
    return get_object_for_property(queryset, prop, pk=pk)


def registration_read(*, prop: Property, pk, request, page: str = "detail") -> Registration:
    """One registration shown to someone: another property's is a 404 (and not logged)."""
    registration = registration_get(prop, pk)
    registration_view_record(registration=registration, request=request, page=page)
    return registration


def registration_view_record(*, registration: Registration, request, page: str) -> None:
    """Log that this registration (masked) was shown: on a page or from the API."""
    access_view_record(request, registration, "registration", page)


def registration_card_read(*, prop: Property, pk, request) -> tuple[Registration, bytes]:
    """The stay's printable card (masked ID), drawn now and not kept; the download is logged."""
    from guests.registration_card import registration_card_pdf

    registration = registration_get(prop, pk)
    pdf = registration_card_pdf(registration)
    access_download_record(
        request, prop, "registration_card", registration.pk, reason="registration card"
    )
    return registration, pdf


def registration_id_reveal(*, registration: Registration, reason: str, request) -> str:
    """The clear ID number, for this response only, once who asked and why is logged."""
    access_event_record(
        actor=request.user,
        prop=registration.property,
        kind=AccessKind.VIEW_UNMASKED,
        object_type="registration",
        object_id=str(registration.pk),
        fields=["id_number"],
        reason=reason,
        request=request,
    )
    return registration.id_number


def registration_search(
    *, prop: Property, criteria: SearchCriteria, limit: int, request
) -> list[Registration]:
    """Up to `limit` + 1 matches (newest arrival first); the event names criteria, not values."""
    with transaction.atomic():
        results = list(_matching(prop, criteria)[: limit + 1])
        access_list_record(
            request,
            prop,
            AccessKind.SEARCH,
            "registration",
            counts={"results": min(len(results), limit)},
            fields=sorted(criteria),
        )
    return results


def _matching(prop: Property, criteria: SearchCriteria):
    tz = prop.tz
    queryset = Registration.objects.for_property(prop).only(*LIST_FIELDS, "receipt_number")
    if "name" in criteria:
        queryset = queryset.filter(guest_name__icontains=criteria["name"])
    if "room" in criteria:
        queryset = queryset.filter(room__iexact=criteria["room"])
    if "receipt_number" in criteria:
        queryset = queryset.filter(receipt_number__iexact=criteria["receipt_number"])
    if "arrival_from" in criteria:
        start = datetime.combine(criteria["arrival_from"], time.min, tzinfo=tz)
        queryset = queryset.filter(arrival__gte=start)
    if "arrival_to" in criteria:
        end = datetime.combine(criteria["arrival_to"] + timedelta(days=1), time.min, tzinfo=tz)
        queryset = queryset.filter(arrival__lt=end)
    return queryset.order_by("-arrival", "-number")


def registration_api_queryset(queryset: RegistrationQuerySet, *, prop: Property, user):
    """The API's list: the whole register for those who may search it, the desk's window else."""
    if can(user, prop, Action.REGISTRATION_SEARCH):
        return queryset
    return desk_window(queryset, prop)


def registration_api_list_record(*, prop: Property, rows: int, filters: list[str], request):
    """A page of the register leaves the building through the API: one export event."""
    access_list_record(
        request,
        prop,
        AccessKind.EXPORT,
        "registration_list",
        counts={"rows": rows},
        fields=filters,
        reason_prefix="API list page",
    )


RETURNING_GUEST_FIELDS = ("address", "phone", "email", "vehicle_plate", "vehicle_state")


def returning_guest_read(*, prop: Property, id_number: str, request) -> Registration | None:
    """The latest stay at this property under this ID number, found by its lookup hash.

    The register is never decrypted to search; the stay found is a read of personal data
    (its contact and vehicle are offered to the clerk), so it is logged by id only.
    """
    hashes = crypto.lookup_hashes(id_number)
    if not hashes:
        return None
    queryset = Registration.objects.for_property(prop).filter(id_number_lookup__in=hashes)
    last = queryset.only("id", "property", "arrival", *RETURNING_GUEST_FIELDS).first()
    if last is not None:
        access_view_record(request, last, "registration", "returning_guest")
    return last
