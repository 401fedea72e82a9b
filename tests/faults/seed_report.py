"""Queue a long register extract on a fault-test stack and print its id as JSON.

`python -m tests.faults.seed_report ROWS`: an inspector files a records request covering
ROWS registrations (bulk-inserted copies of one real check-in) and the manager produces it,
which queues its register extract (the build goes through the outbox, as in the product).
"""

import json
import sys
from datetime import datetime, time, timedelta

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from audits.reports.models import AuditReport  # noqa: E402
from audits.services import (  # noqa: E402
    records_request_file,
    records_request_produce,
    records_request_review,
)
from guests.models import Registration, RegistrationCounter  # noqa: E402
from guests.services import registration_create  # noqa: E402
from hotelcompliance.roles import Role  # noqa: E402
from hotelcompliance.tenancy import Property  # noqa: E402
from tests.factories import MembershipFactory, UserFactory  # noqa: E402
from tests.faults.load import checkin_body  # noqa: E402

FIELDS = ["guest_name", "room", "arrival", "expected_departure", "rate", "payment_method"]


def main(rows: int) -> dict:
    prop = Property.objects.get(name="Fault Inn")
    manager = get_user_model().objects.get(username="boss1")
    inspector = MembershipFactory(
        user=UserFactory(username="inspector"),
        property=prop,
        role=Role.INSPECTOR,
        agency="CT Department of Consumer Protection",
        badge_number="DCP-9",
    ).user
    today = timezone.localdate()
    body = checkin_body(1)
    arrival = timezone.make_aware(datetime.combine(today - timedelta(days=15), time(15)))
    body.update(arrival=arrival, expected_departure=arrival.date() + timedelta(days=2))
    first = registration_create(prop=prop, actor=manager, channel="api", data=body)
    with transaction.atomic():
        counter = RegistrationCounter.objects.select_for_update().get(property=prop)
        start = counter.last_number
        copies = []
        for n in range(1, rows):
            copy = Registration.objects.get(pk=first.pk) if n == 1 else copies[0]
            clone = Registration(
                **{
                    f.attname: getattr(copy, f.attname)
                    for f in Registration._meta.concrete_fields
                    if f.attname not in ("id", "number")
                }
            )
            clone.number = start + n
            clone.guest_name = f"Extract Guest {n}"
            clone.room = str(100 + n % 40)
            clone.arrival = arrival + timedelta(minutes=n % 5000)
            copies.append(clone)
        Registration.objects.bulk_create(copies, batch_size=2000)
        counter.last_number = start + rows - 1
        counter.save(update_fields=["last_number"])
    request = records_request_file(
        prop=prop,
        inspector=inspector,
        data={
            "legal_basis": "administrative_subpoena",
            "period_start": today - timedelta(days=20),
            "period_end": today - timedelta(days=5),
            "rooms": [],
            "names": [],
            "fields": FIELDS,
            "deadline": today + timedelta(days=14),
        },
    )
    records_request_review(request=request, actor=manager)
    records_request_produce(request=request, actor=manager)
    report = AuditReport.objects.get(records_request=request, kind="register_extract")
    return {"report": str(report.pk), "request": str(request.pk), "rows": rows}


if __name__ == "__main__":
    print(json.dumps(main(int(sys.argv[1]))))
