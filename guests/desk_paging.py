"""The desk's in-house list at any size: pages, a short-lived search, and the way back.

A large property has hundreds of guests in house: the desk shows them `DESK_PAGE_SIZE` at a
time (the page number is the only thing in the URL), and finds a guest by room (exact, or the
start of the room's name) or by whole name through the register's blind index
(`Registration.objects.named`), never by a substring of the name in SQL nor a name in a URL.

The term is POSTed once and kept in the session, per property, for `DESK_SEARCH_MINUTES`, so
the desk can page through the matches and come back after a check-out without the term ever
reaching a URL, a log line or the access log (which gets the fields searched only).
"""

import re
import uuid
from collections.abc import Callable, Mapping, MutableMapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext

from guests.models import Registration, RegistrationQuerySet

SESSION_KEY = "desk_search"
# The fields a desk search looks in: what the access log names, never the term.
SEARCH_FIELDS = ("name", "room")
TERM_MAX_LENGTH = 200
# The desk lists the latest check-outs only; the register's search finds the others.
RECENT_DEPARTURES_SHOWN = 20
_ANCHOR = re.compile(r"stay-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


@dataclass(frozen=True)
class DeskSearch:
    """A term the clerk searched for at one property, and until when it stands."""

    term: str
    until: datetime


def search_lifetime() -> timedelta:
    return timedelta(minutes=settings.DESK_SEARCH_MINUTES)


def search_remember(session: MutableMapping[str, Any], prop_id: int, term: str) -> None:
    """Keep `term` for this property for `DESK_SEARCH_MINUTES`; an empty term forgets it."""
    searches = dict(session.get(SESSION_KEY) or {})
    term = " ".join(term.split())[:TERM_MAX_LENGTH]
    if term:
        until = timezone.now() + search_lifetime()
        searches[str(prop_id)] = {"term": term, "until": until.isoformat()}
    else:
        searches.pop(str(prop_id), None)
    session[SESSION_KEY] = searches


def search_current(session: Mapping[str, Any], prop_id: int) -> DeskSearch | None:
    """The property's remembered search, unless it has run out (then it is as if none)."""
    stored = (session.get(SESSION_KEY) or {}).get(str(prop_id))
    if not isinstance(stored, dict):
        return None
    try:
        until = datetime.fromisoformat(stored["until"])
        term = str(stored["term"])
    except (KeyError, TypeError, ValueError):
        return None
    if not term or until <= timezone.now():
        return None
    return DeskSearch(term=term, until=until)


def search_filter(queryset: RegistrationQuerySet, term: str) -> RegistrationQuerySet:
    """Stays whose room is `term` or starts with it, or whose guest or occupant is named so.

    Room: case-insensitive exact or prefix match ("12" finds 12, 120, 121...). Name: a whole
    name, matched on the blind index (case, accents and spacing do not count).
    """
    return queryset.filter(Q(room__istartswith=term) | Q(pk__in=_named_ids(term)))


def _named_ids(term: str) -> QuerySet[Registration, Any]:
    return Registration.objects.named([term]).values("pk")


def page_number(raw: object) -> int:
    """The requested page as a positive number (anything else is page 1)."""
    try:
        number = int(str(raw))
    except ValueError:
        return 1
    return max(number, 1)


def in_house_page(queryset: RegistrationQuerySet, number: int) -> Page:
    """One page of the in-house list (room, then number): a count and a slice, two queries."""
    ordered = queryset.order_by("room", "number")
    return Paginator(ordered, settings.DESK_PAGE_SIZE).get_page(number)


@dataclass(frozen=True)
class DeskRow:
    """An in-house stay as the desk lists it, with where a check-out from it comes back to.

    Its links and labels are made here rather than by template tags: a page of fifty rows
    with three links and three labels each was most of the desk's rendering time.
    """

    registration: Registration
    anchor: str
    return_anchor: str
    detail_url: str
    card_url: str
    checkout_url: str
    card_label: str
    check_out_label: str
    check_out_confirm: str
    departure_text: str
    # "overdue" (expected before today), "today", or "" (later).
    departure_status: str


_ZERO = uuid.UUID(int=0)


def _url_maker(name: str) -> Callable[[uuid.UUID], str]:
    """One `reverse` per page: a URL made for the zero UUID, each row's UUID swapped in."""
    pattern = reverse(name, kwargs={"pk": _ZERO})
    return lambda pk: pattern.replace(str(_ZERO), str(pk))


def rows_of(registrations: list[Registration]) -> list[DeskRow]:
    """Each row's anchor, and the one to land on after checking it out (its neighbour's)."""
    detail = _url_maker("registration_detail")
    card = _url_maker("registration_card")
    checkout = _url_maker("registration_checkout")
    anchors = [anchor_of(r.pk) for r in registrations]
    today = timezone.localdate()
    # Few distinct departure dates on a page: each is formatted once.
    dates: dict[date, str] = {}
    rows = []
    for index, r in enumerate(registrations):
        neighbours = anchors[index + 1 : index + 2] or anchors[index - 1 : index] or ["in-house"]
        names = {"room": r.room or "—", "number": r.number}
        rows.append(
            DeskRow(
                registration=r,
                anchor=anchors[index],
                return_anchor=neighbours[0],
                detail_url=detail(r.pk),
                card_url=card(r.pk),
                checkout_url=checkout(r.pk),
                card_label=gettext("Print card of #%(number)s") % names,
                check_out_label=gettext("Check out #%(number)s, room %(room)s") % names,
                check_out_confirm=gettext(
                    "Check out room %(room)s (#%(number)s)? This cannot be undone."
                )
                % names,
                departure_text=dates.setdefault(
                    r.expected_departure, date_format(r.expected_departure)
                ),
                departure_status=_departure_status(r.expected_departure, today),
            )
        )
    return rows


def _departure_status(expected: date, today: date) -> str:
    if expected < today:
        return "overdue"
    return "today" if expected == today else ""


def anchor_of(pk: uuid.UUID) -> str:
    return f"stay-{pk}"


def return_url(page: object, anchor: object) -> str:
    """The desk at the page and row a check-out came from (only a number and a UUID anchor)."""
    number = page_number(page)
    query = f"?{urlencode({'page': number})}" if number > 1 else ""
    fragment = anchor if isinstance(anchor, str) and _ANCHOR.fullmatch(anchor) else "in-house"
    return f"{reverse('desk')}{query}#{fragment}"
