"""People at a property: invitations, roles and deactivation, decided here, not in the pages.

Managers add and remove their own front-desk clerks and fellow managers; group administrators
also grant group-wide roles and inspector accounts. A property always keeps at least one active
manager or group administrator who reaches it, so nobody can lock the hotel out of its own
records. Every change is written to the change log (`hotelcompliance.change_log`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.models import User
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from hotelcompliance.change_log import ChangeKind, change_record
from hotelcompliance.emails import absolute_url, make_message
from hotelcompliance.roles import Action, Role
from hotelcompliance.scoping import can
from hotelcompliance.tenancy import Membership, Property

if TYPE_CHECKING:
    from hotelcompliance.tenancy import AnyUser

# Roles that keep a property running: at least one active holder must always reach it.
KEEPER_ROLES = (Role.MANAGER, Role.ORG_ADMIN)


def assignable_roles(actor: AnyUser, prop: Property) -> list[str]:
    """The roles `actor` may grant at `prop`: managers their own desk and managers, admins all."""
    if can(actor, prop, Action.MEMBERS_MANAGE):
        return [Role.FRONT_DESK, Role.MANAGER, Role.INSPECTOR, Role.ORG_ADMIN]
    if can(actor, prop, Action.MEMBERS_INVITE):
        return [Role.FRONT_DESK, Role.MANAGER]
    return []


def members_of(prop: Property) -> QuerySet[Membership]:
    """Everyone who reaches the property: its own memberships and its group's."""
    return (
        Membership.objects.for_property(prop)
        .select_related("user", "property", "organisation")
        .order_by("user__username", "role")
    )


def member_get(*, actor: AnyUser, prop: Property, pk: int) -> Membership:
    """A membership reaching `prop` that `actor` may change; anything else is a 404 upstream."""
    membership = members_of(prop).filter(pk=pk).first()
    if membership is None:
        raise Membership.DoesNotExist
    _check_may_change(actor, prop, membership)
    return membership


def member_invite(
    *,
    actor: User,
    prop: Property,
    email: str,
    role: str,
    group_wide: bool = False,
    agency: str = "",
    badge_number: str = "",
) -> Membership:
    """Give `email` a role here (or group-wide); a new address gets an account and an email.

    An existing user with that address just gains the role. A new one gets an account without a
    password and an invitation to choose one (a one-time link, valid `PASSWORD_RESET_TIMEOUT`).
    """
    email = email.strip().lower()
    _check_may_grant(actor, prop, role, group_wide)
    with transaction.atomic():
        user = User.objects.filter(Q(email__iexact=email) | Q(username__iexact=email)).first()
        created = user is None
        if user is None:
            user = User(username=email, email=email)
            user.set_unusable_password()
            user.save()
        elif not user.is_active:
            raise ValidationError({"email": _("This user is deactivated; ask support to restore.")})
        membership = Membership(
            user=user,
            role=role,
            property=None if group_wide else prop,
            organisation_id=prop.organisation_id if group_wide else None,
            agency=agency,
            badge_number=badge_number,
        )
        membership.full_clean(validate_unique=False, validate_constraints=False)
        try:
            with transaction.atomic():
                membership.save()
        except IntegrityError:
            raise ValidationError({"role": _("This user already has that role here.")}) from None
        change_record(
            actor=actor,
            organisation=prop.organisation,
            prop=membership.property,
            kind=ChangeKind.MEMBER_INVITED,
            subject=user.username,
            changes={"role": (None, role), "group_wide": (None, group_wide)},
        )
        if created:
            transaction.on_commit(lambda: invitation_send(user=user, prop=prop, inviter=actor))
    return membership


def invitation_path(user: User) -> str:
    """The one-time path where an invited user chooses their password."""
    return reverse(
        "invite_accept",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )


def invitation_send(*, user: User, prop: Property, inviter: User) -> None:
    """Email the invitation (absolute link from `SITE_URL`)."""
    make_message(
        to=user.email,
        template="core/emails/invitation",
        context={
            "prop": prop,
            "inviter": inviter.get_full_name() or inviter.username,
            "link": absolute_url(invitation_path(user)),
        },
    ).send()


def member_change_role(*, actor: User, prop: Property, membership: Membership, role: str) -> None:
    """Change a membership's role, within what `actor` may grant, keeping a keeper here."""
    if role == membership.role:
        return
    _check_may_change(actor, prop, membership)
    _check_may_grant(actor, prop, role, group_wide=membership.property_id is None)
    if role == Role.INSPECTOR and not (membership.agency and membership.badge_number):
        raise ValidationError(
            {"role": _("An inspector needs an agency and a badge number: invite them anew.")}
        )
    old = membership.role
    with transaction.atomic():
        _lock_keepers(prop)
        if old in KEEPER_ROLES and role not in KEEPER_ROLES:
            _check_keeper_remains(prop, without=membership)
        membership.role = role
        try:
            with transaction.atomic():
                membership.save(update_fields=["role"])
        except IntegrityError:
            membership.role = old
            raise ValidationError({"role": _("This user already has that role here.")}) from None
        change_record(
            actor=actor,
            organisation=prop.organisation,
            prop=membership.property,
            kind=ChangeKind.MEMBER_ROLE_CHANGED,
            subject=membership.user.username,
            changes={"role": (old, role)},
        )


def member_remove(*, actor: User, prop: Property, membership: Membership) -> None:
    """Take a role away (the user's other roles and their records stay)."""
    _check_may_change(actor, prop, membership)
    with transaction.atomic():
        _lock_keepers(prop)
        if membership.role in KEEPER_ROLES:
            _check_keeper_remains(prop, without=membership)
        change_record(
            actor=actor,
            organisation=prop.organisation,
            prop=membership.property,
            kind=ChangeKind.MEMBER_REMOVED,
            subject=membership.user.username,
            changes={"role": (membership.role, None)},
        )
        membership.delete()


def user_deactivate(*, actor: User, prop: Property, user: User) -> None:
    """Stop a user from logging in anywhere; their memberships and records stay for the audit.

    Only a user whose every role is one `actor` may change here can be deactivated, and never
    the actor themself.
    """
    if user.pk == actor.pk:
        raise ValidationError(_("You cannot deactivate your own account."))
    memberships = list(Membership.objects.filter(user=user))
    reachable = {m.pk for m in members_of(prop)}
    if not memberships or any(m.pk not in reachable for m in memberships):
        raise PermissionDenied(_("This user also works elsewhere: ask a group administrator."))
    for membership in memberships:
        _check_may_change(actor, prop, membership)
    with transaction.atomic():
        _lock_keepers(prop)
        user.is_active = False
        if any(m.role in KEEPER_ROLES for m in memberships):
            _check_keeper_remains(prop, without_user=user)
        user.save(update_fields=["is_active"])
        change_record(
            actor=actor,
            organisation=prop.organisation,
            prop=prop,
            kind=ChangeKind.USER_DEACTIVATED,
            subject=user.username,
            changes={"active": (True, False)},
        )


def _check_may_grant(actor: AnyUser, prop: Property, role: str, group_wide: bool) -> None:
    allowed = assignable_roles(actor, prop)
    if role not in allowed:
        raise ValidationError({"role": _("You cannot grant this role.")})
    if role == Role.ORG_ADMIN and not group_wide:
        raise ValidationError({"role": _("A group administrator belongs to the whole group.")})
    if group_wide and not can(actor, prop, Action.MEMBERS_MANAGE):
        raise ValidationError({"group_wide": _("Only a group administrator grants group roles.")})


def _check_may_change(actor: AnyUser, prop: Property, membership: Membership) -> None:
    """A manager changes the property's own desk and manager roles; an admin changes any."""
    if can(actor, prop, Action.MEMBERS_MANAGE):
        return
    own_level = membership.property_id == prop.pk and membership.role in (
        Role.FRONT_DESK,
        Role.MANAGER,
    )
    if not (can(actor, prop, Action.MEMBERS_INVITE) and own_level):
        raise PermissionDenied(_("Only a group administrator can change this role."))


def _lock_keepers(prop: Property) -> None:
    """Serialise role changes at a property, so two removals cannot each leave the other."""
    Property.objects.select_for_update().filter(pk=prop.pk).first()


def _check_keeper_remains(
    prop: Property, *, without: Membership | None = None, without_user: User | None = None
) -> None:
    keepers = Membership.objects.managers_of(prop)
    if without is not None:
        keepers = keepers.exclude(pk=without.pk)
    if without_user is not None:
        keepers = keepers.exclude(user=without_user)
    if not keepers.exists():
        raise ValidationError(
            _("%(property)s would have no manager left: give someone else the role first.")
            % {"property": prop.name}
        )
