"""People and places without Django admin: invitations, roles, deactivation, settings, the log."""

import re

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, transaction

from hotelcompliance.change_log import ChangeKind, ChangeRecord
from hotelcompliance.people import (
    assignable_roles,
    member_change_role,
    member_invite,
    member_remove,
    user_deactivate,
)
from hotelcompliance.property_settings import property_settings_update
from hotelcompliance.roles import Role
from hotelcompliance.tenancy import Membership
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_manager_grants_desk_and_manager_roles_an_admin_all(maria, gina, hotel_a):
    assert assignable_roles(maria, hotel_a) == [Role.FRONT_DESK, Role.MANAGER]
    assert Role.ORG_ADMIN in assignable_roles(gina, hotel_a)
    assert Role.INSPECTOR in assignable_roles(gina, hotel_a)


def test_inviting_a_new_address_makes_an_account_and_emails_a_one_time_link(
    maria, hotel_a, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        membership = member_invite(
            actor=maria, prop=hotel_a, email="New.Clerk@Example.test", role=Role.FRONT_DESK
        )
    user = membership.user
    assert user.username == "new.clerk@example.test"
    assert not user.has_usable_password()
    assert membership.property == hotel_a
    [message] = mailoutbox
    assert message.to == ["new.clerk@example.test"]
    assert re.search(r"https?://[^/\s]+/accounts/invite/[^/]+/[^/]+/", message.body)
    record = ChangeRecord.objects.get()
    assert (record.kind, record.actor, record.property) == (
        ChangeKind.MEMBER_INVITED,
        maria,
        hotel_a,
    )


def test_an_existing_user_just_gains_the_role_without_an_email(
    maria, hotel_a, mailoutbox, django_capture_on_commit_callbacks
):
    existing = UserFactory(username="lee", email="lee@example.test")
    with django_capture_on_commit_callbacks(execute=True):
        membership = member_invite(
            actor=maria, prop=hotel_a, email="lee@example.test", role=Role.MANAGER
        )
    assert membership.user == existing
    assert mailoutbox == []


def test_a_manager_cannot_grant_group_roles_or_inspector_accounts(maria, hotel_a):
    with pytest.raises(ValidationError) as error:
        member_invite(actor=maria, prop=hotel_a, email="x@example.test", role=Role.ORG_ADMIN)
    assert "role" in error.value.message_dict
    with pytest.raises(ValidationError):
        member_invite(
            actor=maria, prop=hotel_a, email="x@example.test", role=Role.FRONT_DESK, group_wide=True
        )
    assert not User.objects.filter(username="x@example.test").exists()


def test_the_same_role_twice_is_a_field_error_and_changes_nothing(maria, sam, hotel_a):
    sam.email = "sam@example.test"
    sam.save()
    with pytest.raises(ValidationError) as error:
        member_invite(actor=maria, prop=hotel_a, email="sam@example.test", role=Role.FRONT_DESK)
    assert "role" in error.value.message_dict
    assert ChangeRecord.objects.count() == 0


def test_an_inspector_invitation_needs_agency_and_badge(gina, hotel_a):
    with pytest.raises(ValidationError) as error:
        member_invite(actor=gina, prop=hotel_a, email="i@example.test", role=Role.INSPECTOR)
    assert "agency" in error.value.message_dict
    assert not User.objects.filter(username="i@example.test").exists()


def test_role_change_is_logged_with_old_and_new(maria, sam, hotel_a):
    membership = Membership.objects.get(user=sam)
    member_change_role(actor=maria, prop=hotel_a, membership=membership, role=Role.MANAGER)
    membership.refresh_from_db()
    assert membership.role == Role.MANAGER
    record = ChangeRecord.objects.get()
    assert record.changes == {"role": [Role.FRONT_DESK, Role.MANAGER]}
    assert ("Role", "Front desk", "Manager") in record.readable_changes()


def test_the_last_manager_cannot_be_demoted_removed_or_deactivated(maria, gina, hotel_a):
    # gina (group administrator) also keeps Hotel A: take her away first.
    Membership.objects.filter(user=gina).delete()
    own = Membership.objects.get(user=maria)
    with pytest.raises(ValidationError, match="no manager left"):
        member_change_role(actor=maria, prop=hotel_a, membership=own, role=Role.FRONT_DESK)
    with pytest.raises(ValidationError, match="no manager left"):
        member_remove(actor=maria, prop=hotel_a, membership=own)
    own.refresh_from_db()
    assert own.role == Role.MANAGER


def test_a_manager_cannot_touch_a_group_wide_role(maria, gina, hotel_a):
    with pytest.raises(PermissionDenied):
        member_remove(actor=maria, prop=hotel_a, membership=Membership.objects.get(user=gina))


def test_deactivating_ends_the_session_and_keeps_the_memberships(maria, sam, hotel_a, client):
    client.force_login(sam)
    assert client.get("/desk/").status_code == 200
    user_deactivate(actor=maria, prop=hotel_a, user=sam)
    sam.refresh_from_db()
    assert not sam.is_active
    assert Membership.objects.filter(user=sam).exists()
    assert client.get("/desk/")["Location"].startswith("/accounts/login/")
    with pytest.raises(ValidationError):
        user_deactivate(actor=maria, prop=hotel_a, user=maria)


def test_a_user_who_also_works_elsewhere_is_for_the_group_admin(maria, hotel_a, hotel_b):
    both = UserFactory()
    MembershipFactory(user=both, property=hotel_a, role=Role.FRONT_DESK)
    MembershipFactory(user=both, property=hotel_b, role=Role.FRONT_DESK)
    with pytest.raises(PermissionDenied):
        user_deactivate(actor=maria, prop=hotel_a, user=both)


def test_property_settings_change_is_logged_and_a_bad_value_saves_nothing(maria, hotel_a):
    property_settings_update(actor=maria, prop=hotel_a, data={"licence_number": "LIC-77"})
    hotel_a.refresh_from_db()
    assert hotel_a.licence_number == "LIC-77"
    record = ChangeRecord.objects.get()
    assert record.kind == ChangeKind.PROPERTY_CHANGED
    assert record.changes["licence_number"][1] == "LIC-77"
    with pytest.raises(ValidationError) as error:
        property_settings_update(
            actor=maria, prop=hotel_a, data={"timezone": "Mars/Olympus", "city": "X"}
        )
    assert "timezone" in error.value.message_dict
    hotel_a.refresh_from_db()
    assert hotel_a.city != "X"
    assert ChangeRecord.objects.count() == 1


def test_change_records_are_append_only_in_the_database(maria, hotel_a):
    property_settings_update(actor=maria, prop=hotel_a, data={"licence_number": "LIC-1"})
    with pytest.raises(DatabaseError), transaction.atomic():
        ChangeRecord.objects.update(subject="forged")
    with pytest.raises(DatabaseError), transaction.atomic():
        ChangeRecord.objects.all().delete()


# --- Pages --------------------------------------------------------------------------------------


def test_people_page_lists_everyone_who_reaches_the_property(client, maria, sam, gina, olga):
    client.force_login(maria)
    page = client.get("/people/").content.decode()
    assert "sam" in page and "gina" in page
    assert "olga" not in page
    assert "Only a group administrator can change this." in page  # gina's group-wide role


def test_invite_page_shows_field_errors_and_saves_nothing(client, maria):
    client.force_login(maria)
    response = client.post("/people/invite/", {"email": "not an email", "role": "front_desk"})
    assert response.status_code == 200
    assert "Enter a valid email address." in response.content.decode()
    assert not User.objects.filter(username="not an email").exists()


def test_invite_then_accept_then_log_in(
    client, maria, hotel_a, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(maria)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/people/invite/", {"email": "rosa@example.test", "role": "front_desk"}, follow=True
        )
    assert "rosa@example.test is now Front desk." in response.content.decode()
    link = re.search(r"https?://[^/\s]+(/accounts/invite/\S+/)", mailoutbox[0].body).group(1)
    client.logout()
    form_page = client.get(link, follow=True)
    assert "Choose your password" in form_page.content.decode()
    password = "a-long-new-password-2026"
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": password, "new_password2": password},
        follow=True,
    )
    assert "Your password is saved" in done.content.decode()
    login = client.post("/accounts/login/", {"username": "rosa@example.test", "password": password})
    assert login.status_code == 302 and "_auth_user_id" in client.session
    client.logout()
    again = client.get(link, follow=True)
    assert "This invitation link no longer works" in again.content.decode()


def test_role_form_and_messages(client, maria, sam):
    client.force_login(maria)
    membership = Membership.objects.get(user=sam)
    response = client.post(f"/people/{membership.pk}/role/", {"role": "manager"}, follow=True)
    assert "sam is now Manager." in response.content.decode()
    response = client.post(f"/people/{membership.pk}/role/", {"role": "org_admin"}, follow=True)
    membership.refresh_from_db()
    assert membership.role == Role.MANAGER


def test_settings_page_saves_and_change_log_shows_words(client, maria, hotel_a):
    client.force_login(maria)
    data = {
        "name": hotel_a.name,
        "street": hotel_a.street,
        "city": hotel_a.city,
        "region": hotel_a.region,
        "postal_code": hotel_a.postal_code,
        "timezone": hotel_a.timezone,
        "licence_number": "LIC-9",
        "registration_number": "",
        "rooms": 120,
    }
    response = client.post("/settings/", data, follow=True)
    assert f"The settings of {hotel_a.name} are saved." in response.content.decode()
    log = client.get("/changes/").content.decode()
    assert "Number of rooms" in log and "LIC-9" in log
    assert "licence_number" not in log


def test_settings_page_bad_input_is_a_field_error(client, maria, hotel_a):
    client.force_login(maria)
    response = client.post("/settings/", {"name": "", "rooms": "-3"})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
