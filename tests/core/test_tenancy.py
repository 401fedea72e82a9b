"""Tenancy rules: memberships, stricter-only property settings, access events."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from hotelcompliance.access_log import AccessEvent, AccessKind, access_event_record
from hotelcompliance.chain import ChainEntry, chain_verify
from hotelcompliance.roles import Role
from hotelcompliance.scoping import can, get_property_for_user
from hotelcompliance.tenancy import Membership, Property
from tests.factories import PropertyFactory

pytestmark = pytest.mark.django_db


def test_a_property_may_be_stricter_than_its_pack(hotel_a):
    hotel_a.retention_days = 365
    hotel_a.refresher_months = 6

    hotel_a.full_clean()


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("retention_days", 90, "183"),
        ("refresher_months", 24, "12"),
    ],
)
def test_a_property_may_not_be_laxer_than_its_pack(hotel_a, field, value, words):
    setattr(hotel_a, field, value)

    with pytest.raises(ValidationError) as error:
        hotel_a.full_clean()

    assert field in error.value.message_dict
    assert words in " ".join(error.value.message_dict[field])


def test_a_laxer_minimum_minutes_names_the_model_field():
    prop = PropertyFactory.build(jurisdiction="US-TX", organisation=None)
    prop.minimum_training_minutes = 5

    with pytest.raises(ValidationError) as error:
        prop.clean()

    assert "minimum_training_minutes" in error.value.message_dict


def test_an_unknown_jurisdiction_is_refused(group_a):
    prop = Property(
        organisation=group_a,
        name="X",
        street="1",
        city="c",
        region="r",
        postal_code="1",
        jurisdiction="US-ZZ",
    )

    with pytest.raises(ValidationError) as error:
        prop.full_clean()

    assert "jurisdiction" in error.value.message_dict


def test_a_membership_names_one_scope_only(maria, hotel_a, group_a):
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(
            user=maria, role=Role.MANAGER, property=hotel_a, organisation=group_a
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=maria, role=Role.MANAGER)


def test_an_inspector_needs_an_agency_and_badge(maria, hotel_a):
    membership = Membership(user=maria, role=Role.INSPECTOR, property=hotel_a)

    with pytest.raises(ValidationError) as error:
        membership.clean()

    assert "agency" in error.value.message_dict


def test_a_group_admin_belongs_to_an_organisation(maria, hotel_a):
    membership = Membership(user=maria, role=Role.ORG_ADMIN, property=hotel_a)

    with pytest.raises(ValidationError) as error:
        membership.clean()

    assert "role" in error.value.message_dict


@pytest.mark.parametrize(
    ("who", "action", "allowed"),
    [
        ("sam", "registration.create", True),
        ("sam", "registration.reveal_id", False),
        ("sam", "training.view", False),
        ("maria", "registration.reveal_id", True),
        ("maria", "members.manage", False),
        ("gina", "members.manage", True),
        ("ivan", "registration.view", False),
        ("ivan", "records_request.file", True),
    ],
)
def test_the_role_table_decides(request, hotel_a, who, action, allowed):
    assert can(request.getfixturevalue(who), hotel_a, action) is allowed


def test_an_action_the_role_may_not_take_is_a_403(sam, hotel_a):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        get_property_for_user(sam, hotel_a.pk, "training.view")


def test_another_tenants_property_is_a_404_even_for_an_allowed_action(sam, hotel_b):
    from django.http import Http404

    with pytest.raises(Http404):
        get_property_for_user(sam, hotel_b.pk, "registration.create")


def test_a_deactivated_user_reaches_nothing(maria, hotel_a):
    maria.is_active = False
    maria.save()

    assert not Property.objects.for_user(maria).exists()


def test_an_access_event_names_fields_not_values_and_joins_the_chain(maria, hotel_a, rf):
    request = rf.get("/", REMOTE_ADDR="203.0.113.9")

    event = access_event_record(
        actor=maria,
        prop=hotel_a,
        kind=AccessKind.VIEW_UNMASKED,
        object_type="registration",
        object_id="42",
        fields=["id_number"],
        reason="guest disputes the charge",
        request=request,
    )

    assert event.roles == ["manager"]
    assert event.ip_address == "203.0.113.9"
    assert event.fields == ["id_number"]
    entry = ChainEntry.objects.get(property=hotel_a, object_ref=f"access:{event.pk}")
    assert entry.payload["fields"] == ["id_number"]
    assert chain_verify(hotel_a).ok


def test_access_events_cannot_be_edited_or_deleted(maria, hotel_a):
    event = access_event_record(
        actor=maria, prop=hotel_a, kind=AccessKind.EXPORT, object_type="register"
    )

    with pytest.raises(Exception, match="append-only"), transaction.atomic():
        AccessEvent.objects.filter(pk=event.pk).update(reason="nothing to see")
    with (
        pytest.raises(Exception, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM core_accessevent")
