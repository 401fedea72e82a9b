from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from guests.models import Registration
from guests.services import registration_checkout
from hotelcompliance.chain import ChainEntry, chain_verify
from tests.guests.factories import make_registration


def test_checkout_records_the_time_once_and_chains_it(hotel_a, sam):
    registration = make_registration(hotel_a, sam)

    registration_checkout(registration=registration, actor=sam)

    stored = Registration.objects.get(pk=registration.pk)
    assert stored.checked_out_at is not None
    assert stored.checked_out_at == registration.checked_out_at
    kinds = ChainEntry.objects.filter(
        property=hotel_a, object_ref=f"registration:{registration.pk}"
    ).values_list("kind", flat=True)
    assert sorted(kinds) == ["checkout", "registration"]


def test_checking_out_twice_is_refused(hotel_a, sam, maria):
    registration = make_registration(hotel_a, sam)
    registration_checkout(registration=registration, actor=sam)
    first = Registration.objects.get(pk=registration.pk).checked_out_at
    entries = ChainEntry.objects.count()

    stale = Registration.objects.get(pk=registration.pk)
    stale.checked_out_at = None  # a second clerk's page loaded before the first check-out
    with pytest.raises(ValidationError) as caught:
        registration_checkout(registration=stale, actor=maria)

    assert caught.value.message_dict == {
        "checked_out_at": ["This registration has already been checked out."]
    }
    assert Registration.objects.get(pk=registration.pk).checked_out_at == first
    assert ChainEntry.objects.count() == entries


def test_a_backdated_checkout_must_fall_between_arrival_and_now(hotel_a, sam):
    registration = make_registration(hotel_a, sam)

    for at in (registration.arrival - timedelta(minutes=1), timezone.now() + timedelta(hours=1)):
        with pytest.raises(ValidationError):
            registration_checkout(registration=registration, actor=sam, at=at)
    at = registration.arrival + timedelta(minutes=30)
    registration_checkout(registration=registration, actor=sam, at=at)

    assert Registration.objects.get(pk=registration.pk).checked_out_at == at


def test_the_chain_verifies_after_check_ins_and_checkouts(hotel_a, hotel_b, sam, olga):
    registrations = [make_registration(hotel_a, sam, room=str(100 + n)) for n in range(5)]
    make_registration(hotel_b, olga)
    for registration in registrations[:3]:
        registration_checkout(registration=registration, actor=sam)

    verdict = chain_verify(hotel_a)
    assert verdict.ok, str(verdict)
    assert verdict.entries_checked == 8
    assert chain_verify(hotel_b).ok
