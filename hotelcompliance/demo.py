"""The demo hotel group: two Connecticut properties and one in Texas, with four users."""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db import transaction

from hotelcompliance.roles import Role
from hotelcompliance.tenancy import Membership, Organisation, Property

DEMO_PASSWORD = "hotel-demo-2026"  # noqa: S105 - published demo credential, DEBUG only

PROPERTIES = [
    {
        "name": "Harborview Inn New Haven",
        "street": "155 Temple Street",
        "city": "New Haven",
        "region": "CT",
        "postal_code": "06510",
        "timezone": "America/New_York",
        "jurisdiction": "US-CT",
        "licence_number": "CT-LODG-004512",
        "rooms": 86,
    },
    {
        "name": "Mystic River Lodge",
        "street": "12 Greenmanville Avenue",
        "city": "Mystic",
        "region": "CT",
        "postal_code": "06355",
        "timezone": "America/New_York",
        "jurisdiction": "US-CT",
        "licence_number": "CT-LODG-007731",
        "rooms": 42,
    },
    {
        "name": "Riverwalk Suites San Antonio",
        "street": "410 East Commerce Street",
        "city": "San Antonio",
        "region": "TX",
        "postal_code": "78205",
        "timezone": "America/Chicago",
        "jurisdiction": "US-TX",
        "licence_number": "TX-HOT-22871",
        "rooms": 120,
    },
]


@dataclass
class DemoContext:
    organisation: Organisation
    properties: list[Property]
    users: dict[str, User]
    logins: list[tuple[str, str]] = field(default_factory=list)


@transaction.atomic
def seed_tenancy() -> DemoContext:
    organisation, _ = Organisation.objects.get_or_create(
        name="Shoreline Hospitality Group",
        defaults={
            "legal_name": "Shoreline Hospitality Group LLC",
            "business_address": "300 Church Street, New Haven, CT 06510",
            "phone": "+1 203 555 0140",
            "email": "compliance@shoreline-hospitality.example",
            "contact_name": "Dana Whitaker",
        },
    )
    properties = [
        Property.objects.get_or_create(organisation=organisation, name=data["name"], defaults=data)[
            0
        ]
        for data in PROPERTIES
    ]
    first = properties[0]
    users = {
        "frontdesk": _user("frontdesk", "Jordan", "Reyes"),
        "manager": _user("manager", "Priya", "Natarajan"),
        "groupadmin": _user("groupadmin", "Dana", "Whitaker"),
        "inspector": _user("inspector", "Michael", "Carter"),
    }
    _member(users["frontdesk"], Role.FRONT_DESK, prop=first)
    _member(users["manager"], Role.MANAGER, prop=first)
    _member(users["groupadmin"], Role.ORG_ADMIN, organisation=organisation)
    _member(
        users["inspector"],
        Role.INSPECTOR,
        prop=first,
        agency="Connecticut Department of Consumer Protection",
        badge_number="DCP-4471",
    )
    logins = [
        ("frontdesk", f"front desk at {first.name}"),
        ("manager", f"manager at {first.name}"),
        ("groupadmin", f"group administrator of {organisation.name}"),
        ("inspector", "inspector, CT Department of Consumer Protection"),
    ]
    return DemoContext(organisation, properties, users, logins)


def _user(username: str, first_name: str, last_name: str) -> User:
    user, created = get_user_model().objects.get_or_create(
        username=username,
        defaults={
            "first_name": first_name,
            "last_name": last_name,
            "email": f"{username}@shoreline-hospitality.example",
        },
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user


def _member(
    user: User,
    role: str,
    *,
    prop: Property | None = None,
    organisation: Organisation | None = None,
    **extra: str,
) -> Membership:
    membership, _ = Membership.objects.get_or_create(
        user=user, role=role, property=prop, organisation=organisation, defaults=extra
    )
    return membership
