"""The records-request workflow: filing, the hotel's answers, withdrawal, exigency."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from audits import services
from audits.models import RecordsRequest, RecordsRequestEvent
from audits.request_steps import TransitionNotAllowed
from hotelcompliance.chain import ChainEntry, chain_verify
from hotelcompliance.holds import holds_cover
from hotelcompliance.outbox import OutboxEvent
from tests.audits.factories import days_ago, file_request

pytestmark = pytest.mark.django_db


def test_filing_copies_the_inspectors_agency_and_badge(hotel_a, ivan):
    request = file_request(hotel_a, ivan)

    assert request.status == "received"
    assert request.agency == "CT Department of Consumer Protection"
    assert request.badge_number == "DCP-1"
    assert request.inspector == ivan


def test_filing_places_a_hold_over_the_scope(hotel_a, ivan):
    request = file_request(hotel_a, ivan)

    hold = request.legal_hold
    assert hold.source == f"records_request:{request.pk}"
    assert (hold.period_start, hold.period_end) == (days_ago(20), days_ago(10))
    assert hold.rooms == ["101", "102"]
    assert holds_cover(hotel_a, arrival_date=days_ago(15), room="101")
    assert not holds_cover(hotel_a, arrival_date=days_ago(15), room="103")
    assert not holds_cover(hotel_a, arrival_date=days_ago(5), room="101")


def test_filing_queues_a_notice_with_the_request_id_only(hotel_a, ivan):
    request = file_request(hotel_a, ivan)

    event = OutboxEvent.objects.get()
    assert event.task_name == "audits.tasks.notify_managers_of_request"
    assert event.kwargs == {"request_id": str(request.pk)}


def test_only_an_inspector_at_the_property_may_file(hotel_a, hotel_b, maria, ivan):
    with pytest.raises(PermissionDenied):
        file_request(hotel_a, maria)
    with pytest.raises(PermissionDenied):
        file_request(hotel_b, ivan)
    assert RecordsRequest.objects.count() == 0


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"period_start": days_ago(5), "period_end": days_ago(10)}, "period_end"),
        ({"period_start": days_ago(-3), "period_end": days_ago(-5)}, "period_start"),
        ({"deadline": days_ago(1)}, "deadline"),
        ({"fields": []}, "fields"),
        ({"fields": ["guest_name", "password"]}, "fields"),
        ({"legal_basis": "because"}, "legal_basis"),
        ({"rooms": "101"}, "rooms"),
        ({"names": ["ok", "line\nbreak"]}, "names"),
        ({"exigent_reason": "not exigent"}, "exigent_reason"),
        ({"color": "red"}, "color"),
    ],
)
def test_filing_refuses_bad_input_and_saves_nothing(hotel_a, ivan, overrides, field):
    with pytest.raises(ValidationError) as error:
        file_request(hotel_a, ivan, **overrides)

    assert field in error.value.message_dict
    assert RecordsRequest.objects.count() == 0
    assert OutboxEvent.objects.count() == 0


def manager_flow(request, maria, *verbs):
    for verb in verbs:
        request = getattr(services, f"records_request_{verb}")(request=request, actor=maria)
    return request


def test_review_then_produce_keeps_the_hold_for_the_grace_period(hotel_a, ivan, maria):
    request = file_request(hotel_a, ivan)

    manager_flow(request, maria, "review", "produce")

    request.refresh_from_db()
    assert request.status == "produced"
    released = request.legal_hold.released_at
    expected = timezone.now() + timedelta(days=services.PRODUCED_HOLD_DAYS)
    assert abs((released - expected).total_seconds()) < 60
    assert holds_cover(hotel_a, arrival_date=days_ago(15), room="101")


def test_an_objection_needs_grounds_and_keeps_the_hold(hotel_a, ivan, maria):
    request = manager_flow(file_request(hotel_a, ivan), maria, "review")

    with pytest.raises(ValidationError, match="neutral decision-maker"):
        services.records_request_object(request=request, actor=maria, grounds="  ")
    services.records_request_object(request=request, actor=maria, grounds="No subpoena attached.")

    request.refresh_from_db()
    assert request.status == "objected"
    assert request.legal_hold.released_at is None
    assert request.events.last().reason == "No subpoena attached."


def test_clarification_needs_a_question_and_review_resumes(hotel_a, ivan, maria):
    request = file_request(hotel_a, ivan)

    with pytest.raises(ValidationError):
        services.records_request_clarify(request=request, actor=maria, question="")
    services.records_request_clarify(request=request, actor=maria, question="Which rooms?")
    services.records_request_review(request=request, actor=maria)

    assert request.status == "under_review"


def test_withdrawal_releases_the_hold(hotel_a, ivan):
    request = file_request(hotel_a, ivan)

    services.records_request_withdraw(request=request, actor=ivan)

    request.refresh_from_db()
    assert request.status == "withdrawn"
    assert request.legal_hold.released_at is not None
    assert not holds_cover(hotel_a, arrival_date=days_ago(15), room="101")


def test_only_the_filing_inspector_withdraws(hotel_a, ivan, maria):
    request = file_request(hotel_a, ivan)

    with pytest.raises(PermissionDenied):
        services.records_request_withdraw(request=request, actor=maria)


def test_only_managers_answer(hotel_a, ivan, sam, olga):
    request = file_request(hotel_a, ivan)

    for actor in (ivan, sam, olga):
        with pytest.raises(PermissionDenied):
            services.records_request_review(request=request, actor=actor)


@pytest.mark.parametrize(
    ("before", "verb"),
    [
        ((), "produce"),
        ((), "object"),
        (("withdraw",), "produce"),
        (("withdraw",), "review"),
        (("review", "produce"), "review"),
        (("review", "produce"), "withdraw"),
    ],
)
def test_a_step_out_of_order_is_refused_with_a_message(hotel_a, ivan, maria, before, verb):
    request = file_request(hotel_a, ivan)
    for step in before:
        actor = ivan if step == "withdraw" else maria
        getattr(services, f"records_request_{step}")(request=request, actor=actor)
    actor = ivan if verb == "withdraw" else maria
    kwargs = {"grounds": "Grounds."} if verb == "object" else {}

    with pytest.raises(TransitionNotAllowed, match="cannot be"):
        getattr(services, f"records_request_{verb}")(request=request, actor=actor, **kwargs)


def test_an_exigent_request_is_produced_at_once_and_notifies(hotel_a, ivan):
    request = file_request(
        hotel_a,
        ivan,
        legal_basis="exigent_circumstances",
        period_start=days_ago(2),
        period_end=days_ago(1),
        rooms=["101"],
        exigent_reason="A missing child may be in room 101 tonight.",
    )

    assert request.status == "produced"
    steps = list(request.events.values_list("from_status", "to_status", "reason"))
    assert steps == [
        ("", "received", ""),
        ("received", "produced", "A missing child may be in room 101 tonight."),
    ]
    assert OutboxEvent.objects.filter(
        task_name="audits.tasks.notify_managers_of_request", kwargs={"request_id": str(request.pk)}
    ).exists()
    assert request.legal_hold.released_at is not None  # scheduled: the grace period


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"exigent_reason": ""}, "exigent_reason"),
        ({"exigent_reason": "urgent"}, "exigent_reason"),
        ({"period_start": days_ago(10), "period_end": days_ago(1)}, "period_end"),
        ({"rooms": [], "names": []}, "rooms"),
    ],
)
def test_an_exigent_request_needs_a_reason_and_a_narrow_scope(hotel_a, ivan, overrides, field):
    data = {
        "legal_basis": "exigent_circumstances",
        "period_start": days_ago(2),
        "period_end": days_ago(1),
        "exigent_reason": "A missing child may be in room 101 tonight.",
        **overrides,
    }
    with pytest.raises(ValidationError) as error:
        file_request(hotel_a, ivan, **data)

    assert field in error.value.message_dict


def test_the_timeline_is_chained_without_personal_data(hotel_a, ivan, maria):
    request = file_request(hotel_a, ivan, names=["Jane Roe"])
    manager_flow(request, maria, "review")
    services.records_request_object(request=request, actor=maria, grounds="Jane Roe is a minor.")

    events = list(RecordsRequestEvent.objects.filter(request=request).order_by("at"))
    assert [e.to_status for e in events] == ["received", "under_review", "objected"]
    entries = ChainEntry.objects.filter(property=hotel_a, kind="records_request.event")
    assert {e.entry_hash for e in events} == {e.entry_hash for e in entries}
    assert all("Jane" not in str(entry.payload) for entry in ChainEntry.objects.all())
    assert chain_verify(hotel_a).ok


def test_timeline_events_are_append_only(hotel_a, ivan):
    event = file_request(hotel_a, ivan).events.get()

    with pytest.raises(RuntimeError):
        event.save()
    with pytest.raises(RuntimeError):
        event.delete()


def test_the_database_refuses_to_edit_the_timeline(hotel_a, ivan):
    from django.db import DatabaseError, transaction

    file_request(hotel_a, ivan)

    with pytest.raises(DatabaseError), transaction.atomic():
        RecordsRequestEvent.objects.update(reason="rewritten")


def test_the_notice_reaches_every_manager_without_names(hotel_a, ivan, maria, gina, mailoutbox):
    from audits.tasks import notify_managers_of_request

    request = file_request(hotel_a, ivan, names=["Jane Roe"])

    sent = notify_managers_of_request(request_id=str(request.pk))

    assert sent == 2
    assert sorted(m.to[0] for m in mailoutbox) == ["gina@example.test", "maria@example.test"]
    assert all("Jane" not in m.body and "Jane" not in m.subject for m in mailoutbox)


def test_a_notice_delivered_twice_is_sent_once(hotel_a, ivan, maria, mailoutbox):
    from audits.tasks import notify_managers_of_request

    request = file_request(hotel_a, ivan)
    event = OutboxEvent.objects.get()

    notify_managers_of_request(request_id=str(request.pk), event_id=str(event.pk))
    notify_managers_of_request(request_id=str(request.pk), event_id=str(event.pk))

    assert len(mailoutbox) == 1
