"""`Membership.objects.managers_of(prop)`: who hears about a property's concerns and requests."""

import pytest

from hotelcompliance.roles import Role
from hotelcompliance.tenancy import Membership
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def _users(prop) -> set[str]:
    return {m.user.username for m in Membership.objects.managers_of(prop).select_related("user")}


def test_property_managers_and_group_admins_reach_the_property(hotel_a, maria, gina):
    assert _users(hotel_a) == {"maria", "gina"}


def test_front_desk_and_inspectors_are_not_managers(hotel_a, maria, sam, ivan):
    assert _users(hotel_a) == {"maria"}


def test_an_inactive_manager_is_left_out(hotel_a, maria, gina):
    gina.is_active = False
    gina.save()

    assert _users(hotel_a) == {"maria"}


def test_another_propertys_manager_is_left_out(hotel_a, hotel_b, maria, olga):
    assert _users(hotel_a) == {"maria"}
    assert _users(hotel_b) == {"olga"}


def test_another_organisations_admin_is_left_out(hotel_a, hotel_b, gina):
    assert _users(hotel_a) == {"gina"}
    assert _users(hotel_b) == set()


def test_an_organisation_level_manager_reaches_every_property_of_it(hotel_a, group_a):
    user = UserFactory(username="mo")
    MembershipFactory(user=user, property=None, organisation=group_a, role=Role.MANAGER)

    assert _users(hotel_a) == {"mo"}


def test_emails_are_each_address_once_and_never_blank(hotel_a, group_a, maria, gina):
    maria.email = "managers@hotel-a.test"
    maria.save()
    gina.email = ""
    gina.save()
    twin = UserFactory(username="twin", email="managers@hotel-a.test")
    MembershipFactory(user=twin, property=hotel_a, role=Role.MANAGER)
    both = UserFactory(username="both", email="both@group-a.test")
    MembershipFactory(user=both, property=hotel_a, role=Role.MANAGER)
    MembershipFactory(user=both, property=None, organisation=group_a, role=Role.ORG_ADMIN)

    assert Membership.objects.managers_of(hotel_a).emails() == [
        "both@group-a.test",
        "managers@hotel-a.test",
    ]
