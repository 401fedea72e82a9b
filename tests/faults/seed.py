"""Create the cast of a fault-test stack and print it as JSON: `python -m tests.faults.seed`.

A Connecticut hotel with a front-desk user (who checks guests in through the API with a token)
and two managers (each gets one email per concern report).
"""

import json

import django

django.setup()

from rest_framework.authtoken.models import Token  # noqa: E402

from hotelcompliance.roles import Role  # noqa: E402
from tests.factories import (  # noqa: E402
    MembershipFactory,
    OrganisationFactory,
    PropertyFactory,
    UserFactory,
)


def main() -> dict:
    prop = PropertyFactory(organisation=OrganisationFactory(name="Fault Group"), name="Fault Inn")
    desk = UserFactory(username="desk")
    MembershipFactory(user=desk, property=prop, role=Role.FRONT_DESK)
    managers = []
    for name in ("boss1", "boss2"):
        user = UserFactory(username=name)
        MembershipFactory(user=user, property=prop, role=Role.MANAGER)
        managers.append(user)
    return {
        "property": prop.pk,
        "desk": desk.pk,
        "desk_token": Token.objects.create(user=desk).key,
        "manager": managers[0].pk,
        "manager_token": Token.objects.create(user=managers[0]).key,
        "manager_emails": [user.email for user in managers],
    }


if __name__ == "__main__":
    print(json.dumps(main()))
