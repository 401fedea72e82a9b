"""Demo register: about three weeks of stays per property, through the real check-in service.

Going through `registration_create` means the demo's numbering, encryption and hash chain
are the product's own, so `verify_chain` passes on a fresh demo. A fixed random seed keeps
names and rooms stable; dates follow today, so the register always looks current.
"""

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from guests.models import Channel, Registration
from guests.services import CLERK_ARRIVAL_BEHIND, registration_checkout, registration_create
from guests.types import RegistrationData
from hotelcompliance.demo import DemoContext
from hotelcompliance.tenancy import Property

DAYS = 21
FIRST_NAMES = [
    "James", "Maria", "Wei", "Aisha", "Carlos", "Emily", "Darnell", "Priya", "Liam", "Sofia",
    "Mohammed", "Hannah", "Jamal", "Olivia", "Hiroshi", "Grace", "Mateo", "Chloe", "Andre",
    "Fatima", "Noah", "Isabella", "Kwame", "Ava", "Dmitri", "Lucia", "Ethan", "Mei", "Tyler",
    "Rosa", "Samuel", "Nadia", "Kevin", "Ingrid", "Marcus", "Yasmin", "Patrick", "Ana",
]  # fmt: skip
LAST_NAMES = [
    "Johnson", "Garcia", "Chen", "Okafor", "Rodriguez", "Sullivan", "Washington", "Patel",
    "O'Brien", "Rossi", "Haddad", "Kowalski", "Brooks", "Nguyen", "Tanaka", "Murphy",
    "Hernandez", "Lefebvre", "Williams", "Rahman", "Andersen", "Costa", "Mensah", "Fischer",
    "Ivanova", "Morales", "Kim", "Bennett", "Santos", "Schmidt", "Lopez", "Dubois",
]  # fmt: skip
CITIES = [
    ("Boston", "MA", "02116"), ("Providence", "RI", "02903"), ("Hartford", "CT", "06103"),
    ("Stamford", "CT", "06901"), ("Albany", "NY", "12207"), ("Brooklyn", "NY", "11201"),
    ("Philadelphia", "PA", "19103"), ("Newark", "NJ", "07102"), ("Austin", "TX", "78701"),
    ("Houston", "TX", "77002"), ("Dallas", "TX", "75201"), ("Chicago", "IL", "60601"),
    ("Denver", "CO", "80202"), ("Atlanta", "GA", "30303"), ("Portland", "ME", "04101"),
]  # fmt: skip
STREETS = [
    "Maple Avenue", "Elm Street", "Park Place", "Washington Street", "Oak Lane", "Main Street",
    "Harbor Road", "Lincoln Avenue", "Cedar Court", "Highland Drive", "River Road",
]  # fmt: skip
PAYMENTS = ["card"] * 14 + ["cash"] * 3 + ["voucher", "check", "other"]
NIGHTS = [1, 1, 1, 1, 2, 2, 2, 3, 3, 4, 5, 7]
BASE_RATE = [Decimal("159"), Decimal("129"), Decimal("189")]  # per demo property


def seed(context: DemoContext) -> None:
    """Add the demo register to every demo property that has none yet."""
    rng = random.Random(2026)  # noqa: S311 - demo data, not security
    now = timezone.now()
    for index, prop in enumerate(context.properties):
        # Draw even for skipped properties, so each property's data never depends on the others.
        prop_rng = random.Random(rng.random())  # noqa: S311
        if Registration.objects.filter(property=prop).exists():
            continue
        clerk = context.users["frontdesk"] if index == 0 else context.users["manager"]
        with transaction.atomic():
            _seed_property(
                prop,
                clerk,
                # Older stays need a manager's role here (the group administrator elsewhere).
                context.users["manager" if index == 0 else "groupadmin"],
                prop_rng,
                now,
                BASE_RATE[index % len(BASE_RATE)],
            )


def _seed_property(
    prop: Property,
    clerk: User,
    manager: User,
    rng: random.Random,
    now: datetime,
    base_rate: Decimal,
) -> None:
    tz = prop.tz
    today = timezone.localtime(now, tz).date()
    rooms = [f"{floor}{n:02d}" for floor in range(1, 6) for n in range(1, 25)][: prop.rooms]
    free_from = dict.fromkeys(rooms, today - timedelta(days=DAYS + 1))
    receipt = rng.randint(100, 900)
    for day_offset in range(DAYS, -1, -1):
        day = today - timedelta(days=day_offset)
        for _ in range(rng.randint(4, 8)):
            arrival = datetime.combine(day, time(rng.randint(13, 22), rng.randint(0, 59)), tz)
            if arrival > now:
                arrival = now - timedelta(minutes=rng.randint(5, 240))
                if timezone.localtime(arrival, tz).date() != day:
                    continue  # too early in the day for more arrivals today
            nights = rng.choice(NIGHTS)
            departure = day + timedelta(days=nights)
            free = [room for room in rooms if free_from[room] <= day]
            if not free:
                continue
            room = rng.choice(free)
            free_from[room] = departure
            receipt += 1
            data = _guest(rng, arrival, departure, room, nights, base_rate, receipt, day)
            channel = Channel.DESK
            if rng.random() < 0.1:  # a few pushed by the property-management system
                channel = Channel.API
                data["external_ref"] = f"PMS-{day:%y%m%d}-{receipt:05d}"
            # Older stays are typed in by the manager: a clerk records only recent arrivals.
            recent = now - arrival < CLERK_ARRIVAL_BEHIND - timedelta(hours=1)
            registration = registration_create(
                prop=prop, actor=clerk if recent else manager, channel=channel, data=data
            )
            leaving = datetime.combine(departure, time(10, rng.randint(0, 59)), tz)
            if leaving < now:
                registration_checkout(registration=registration, actor=clerk, at=leaving)


def _guest(
    rng: random.Random,
    arrival: datetime,
    departure: date,
    room: str,
    nights: int,
    base_rate: Decimal,
    receipt: int,
    day: date,
) -> RegistrationData:
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    city, state, postal = rng.choice(CITIES)
    weekly = nights == 7
    nightly = max(Decimal("109"), min(Decimal("289"), base_rate + rng.randint(-20, 60)))
    if day.weekday() in (4, 5):
        nightly = min(Decimal("289"), nightly + 40)  # weekend rate
    rate = (nightly * 6).quantize(Decimal("1")) if weekly else nightly
    adults = rng.choice([1, 1, 1, 2, 2, 2, 2, 3, 4])
    minors = rng.choice([0, 0, 0, 0, 1, 2]) if adults >= 2 else 0
    # The party as the desk records it: the other adults, then the minors, marked.
    occupants = [
        {"name": f"{rng.choice(FIRST_NAMES)} {last}", "minor": index >= adults - 1}
        for index in range(adults + minors - 1)
    ]
    data: RegistrationData = {
        "guest_name": f"{first} {last}",
        "address": f"{rng.randint(2, 980)} {rng.choice(STREETS)}, {city}, {state} {postal}",
        "phone": f"+1 {rng.randint(201, 989)} 555 {rng.randint(100, 199):04d}",
        "room": room,
        "adults": adults,
        "minors": minors,
        "occupants": occupants,
        "arrival": arrival,
        "expected_departure": departure,
        "rate": rate,
        "rate_type": "weekly" if weekly else "nightly",
        "amount_charged": rate if weekly else rate * nights,
        "payment_method": rng.choice(PAYMENTS),
        "receipt_number": f"F-{day.year}-{receipt:05d}",
    }
    if rng.random() < 0.5:
        data["email"] = f"{first}.{last}@example.com".lower().replace("'", "")
    if rng.random() < 0.3:
        data["id_type"] = "drivers_licence"
        letter = rng.choice("ABDKLMS")
        data["id_number"] = f"{letter}{rng.randint(100, 999)}-{rng.randint(0, 999):03d}"
        data["id_issuer"] = state
    if rng.random() < 0.35:
        letters = "".join(rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ") for _ in range(3))
        data["vehicle_plate"] = f"{letters}-{rng.randint(1000, 9999)}"
        data["vehicle_state"] = state
    return data
