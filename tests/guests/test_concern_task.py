"""The managers' email about a concern: one each, once per outbox event, no personal data."""

import pytest
from django.urls import reverse

from guests.tasks import notify_managers_of_concern
from hotelcompliance.outbox import OutboxEvent
from hotelcompliance.roles import Role
from tests.factories import MembershipFactory, UserFactory
from tests.guests.concern_data import NARRATIVE, make_concern
from tests.guests.factories import make_registration

pytestmark = pytest.mark.django_db


@pytest.fixture
def concern(hotel_a, sam):
    stay = make_registration(hotel_a, sam, guest_name="Ada Lovelace")
    return make_concern(hotel_a, sam, registration=stay.pk)


def run_queued_event():
    event = OutboxEvent.objects.get(task_name="guests.tasks.notify_managers_of_concern")
    return notify_managers_of_concern(**event.kwargs, event_id=str(event.id))


def test_each_manager_and_group_admin_gets_one_email(mailoutbox, concern, maria, gina, sam, ivan):
    assert run_queued_event() == 2

    assert sorted(address for m in mailoutbox for address in m.to) == [
        "gina@example.test",
        "maria@example.test",
    ]
    assert all(len(message.to) == 1 for message in mailoutbox)


def test_a_redelivered_event_sends_nothing_twice(mailoutbox, concern, maria):
    event = OutboxEvent.objects.get()

    notify_managers_of_concern(**event.kwargs, event_id=str(event.id))
    notify_managers_of_concern(**event.kwargs, event_id=str(event.id))

    assert len(mailoutbox) == 1


def test_the_email_names_the_property_time_signs_and_link_but_no_guest_or_narrative(
    mailoutbox, concern, maria
):
    run_queued_event()

    message = mailoutbox[0]
    html = message.alternatives[0][0]
    assert "Hotel A" in message.subject
    for body in (message.body, html):
        assert "Hotel A" in body
        assert reverse("concern_detail", kwargs={"pk": concern.pk}) in body
        assert "Control or lack of freedom" in body
        assert "Guest or person condition and behaviour" in body
        assert "1-888-373-7888" in body
    everything = message.subject + message.body + html
    assert "Lovelace" not in everything and "Ada" not in everything
    assert NARRATIVE not in everything and "girl" not in everything
    assert "Someone else speaks for them" not in everything  # groups only, not the detail


def test_no_email_goes_to_inactive_managers_or_those_without_an_address(
    mailoutbox, hotel_a, concern
):
    MembershipFactory(user=UserFactory(is_active=False), property=hotel_a, role=Role.MANAGER)
    MembershipFactory(user=UserFactory(email=""), property=hotel_a, role=Role.MANAGER)

    assert run_queued_event() == 0
    assert mailoutbox == []


def test_another_propertys_manager_is_not_told(mailoutbox, concern, olga):
    run_queued_event()

    assert mailoutbox == []
