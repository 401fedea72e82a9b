"""Create the cast of a fault-test stack and print it as JSON: `python -m tests.faults.seed`.

A Connecticut hotel with a front-desk user (who checks guests in through the API with a token)
and two managers (each gets one email per concern report).
"""

import json

import django

django.setup()

from hotelcompliance.api_tokens import issue_token  # noqa: E402
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
        "desk_token": issue_token(desk)[1],
        "manager": managers[0].pk,
        "manager_token": issue_token(managers[0])[1],
        "manager_emails": [user.email for user in managers],
    }


if __name__ == "__main__":
    print(json.dumps(main()))
