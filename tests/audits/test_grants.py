"""The inspector's grant: what was produced is theirs for INSPECTOR_GRANT_DAYS, then it ends."""

import zoneinfo
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from audits.services import (
    records_request_object,
    records_request_produce,
    records_request_review,
)
from tests.audits.factories import days_ago, file_request

pytestmark = pytest.mark.django_db

EXIGENT = {
    "legal_basis": "exigent_circumstances",
    "period_start": days_ago(1),
    "period_end": days_ago(0),
    "rooms": ["101"],
    "exigent_reason": "A child reported missing was seen entering room 101 last night.",
}


def test_producing_starts_a_30_day_grant(hotel_a, ivan, maria):
    rr = file_request(hotel_a, ivan)
    records_request_review(request=rr, actor=maria)
    assert rr.produced_at is None and not rr.grant_active()

    before = timezone.now()
    records_request_produce(request=rr, actor=maria)
    rr.refresh_from_db()

    assert before <= rr.produced_at <= timezone.now()
    assert rr.access_expires_at == rr.produced_at + timedelta(days=30)
    assert rr.grant_active()
    assert rr.grant_active(at=rr.access_expires_at - timedelta(seconds=1))
    assert not rr.grant_active(at=rr.access_expires_at)


def test_the_grant_length_is_a_setting(hotel_a, ivan, maria, settings):
    settings.INSPECTOR_GRANT_DAYS = 7
    rr = file_request(hotel_a, ivan)
    records_request_review(request=rr, actor=maria)
    records_request_produce(request=rr, actor=maria)
    rr.refresh_from_db()

    assert rr.access_expires_at - rr.produced_at == timedelta(days=7)


def test_an_exigent_request_is_granted_at_once(hotel_a, ivan):
    rr = file_request(hotel_a, ivan, **EXIGENT)

    rr.refresh_from_db()
    assert rr.status == "produced"
    assert rr.produced_at is not None
    assert rr.access_expires_at == rr.produced_at + timedelta(days=30)
    assert rr.grant_active()


def test_nothing_produced_grants_nothing(hotel_a, ivan, maria):
    rr = file_request(hotel_a, ivan)
    records_request_review(request=rr, actor=maria)
    records_request_object(request=rr, actor=maria, grounds="Overbroad.")
    rr.refresh_from_db()

    assert rr.access_expires_at is None
    assert not rr.grant_active()


def test_the_api_and_the_pages_show_the_expiry(api_as, client, hotel_a, ivan, maria):
    rr = file_request(hotel_a, ivan)
    records_request_review(request=rr, actor=maria)
    records_request_produce(request=rr, actor=maria)
    rr.refresh_from_db()

    data = (
        api_as(ivan)
        .get(reverse("records-request-detail", kwargs={"property_pk": hotel_a.pk, "pk": rr.pk}))
        .json()
    )
    assert data["grant_active"] is True
    assert data["access_expires_at"]
    client.force_login(ivan)
    local = timezone.localtime(rr.access_expires_at, timezone=zoneinfo.ZoneInfo(hotel_a.timezone))
    shown = f"{local:%b} {local.day}, {local.year}"
    assert shown in client.get(reverse("inspector_home")).content.decode()
    page = client.get(reverse("records_request_detail", kwargs={"pk": rr.pk})).content.decode()
    assert 'id="access-expires"' in page and shown in page


def test_an_expired_grant_says_so(client, hotel_a, ivan, maria):
    rr = file_request(hotel_a, ivan)
    records_request_review(request=rr, actor=maria)
    records_request_produce(request=rr, actor=maria)
    type(rr).objects.filter(pk=rr.pk).update(access_expires_at=timezone.now() - timedelta(days=1))
    client.force_login(ivan)

    page = client.get(reverse("records_request_detail", kwargs={"pk": rr.pk})).content.decode()

    assert "access expired" in page
    assert "expired" in client.get(reverse("inspector_home")).content.decode()
