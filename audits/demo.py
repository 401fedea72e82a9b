"""Demo records requests and reports, so `make run` shows the inspector workflow end to end.

At the first demo property: one request produced (producing it queues its register
extract; a compliance pack is shared with the inspector too) and one still waiting for
review. The reports are queued through the outbox like any other, so the background worker
started by `make run` builds them and the report pages show real progress.
"""

from datetime import timedelta

from django.db import transaction

from audits.models import RecordsRequest
from audits.reports.services import report_request
from audits.services import records_request_file, records_request_produce, records_request_review
from hotelcompliance.demo import DemoContext


def seed(context: DemoContext) -> None:
    prop = context.properties[0]
    if RecordsRequest.objects.filter(property=prop).exists():
        return
    inspector, manager = context.users["inspector"], context.users["manager"]
    today = prop.today()
    with transaction.atomic():
        produced = records_request_file(
            prop=prop,
            inspector=inspector,
            data={
                "legal_basis": "administrative_subpoena",
                "period_start": today - timedelta(days=21),
                "period_end": today - timedelta(days=14),
                "rooms": ["101", "102", "103", "104", "105", "201", "202"],
                "names": [],
                "fields": [
                    "guest_name",
                    "room",
                    "arrival",
                    "expected_departure",
                    "adults",
                    "minors",
                ],
                "deadline": today + timedelta(days=10),
            },
        )
        records_request_review(request=produced, actor=manager, reason="Subpoena checked.")
        records_request_produce(
            request=produced, actor=manager, reason="Scope limited to the subpoena's rooms."
        )
        report_request(
            prop=prop,
            actor=manager,
            kind="compliance_pack",
            period_start=today - timedelta(days=90),
            period_end=today,
            records_request=produced,
        )
        records_request_file(
            prop=prop,
            inspector=inspector,
            data={
                "legal_basis": "consent",
                "period_start": today - timedelta(days=7),
                "period_end": today - timedelta(days=1),
                "rooms": ["310"],
                "names": [],
                "fields": ["guest_name", "room", "arrival"],
                "deadline": today + timedelta(days=14),
            },
        )
