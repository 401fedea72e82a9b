"""Pages to run a property without Django admin: its people, its settings, its change log."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hotelcompliance.change_log import ChangeRecord
from hotelcompliance.form_errors import form_errors_place
from hotelcompliance.people import (
    assignable_roles,
    member_change_role,
    member_get,
    member_invite,
    member_remove,
    members_of,
    user_deactivate,
)
from hotelcompliance.people_forms import (
    PROPERTY_SETTINGS_FIELDS,
    InviteForm,
    PropertySettingsForm,
    RoleForm,
)
from hotelcompliance.property_settings import property_settings_update
from hotelcompliance.roles import Action
from hotelcompliance.scoping import can
from hotelcompliance.tenancy import Membership, Property
from hotelcompliance.views import property_page
from hotelcompliance.web import AuthenticatedHttpRequest

CHANGES_SHOWN = 200


@property_page(Action.MEMBERS_INVITE)
def people(request: AuthenticatedHttpRequest, prop: Property) -> HttpResponse:
    """Everyone who reaches the property, with what the manager may change about them."""
    roles = assignable_roles(request.user, prop)
    group_admin = can(request.user, prop, Action.MEMBERS_MANAGE)
    rows = []
    for membership in members_of(prop):
        own_level = membership.property_id == prop.pk and membership.role in roles
        rows.append(
            {
                "membership": membership,
                "changeable": group_admin or own_level,
                "group_wide": membership.property_id is None,
                "invited": not membership.user.has_usable_password(),
                "role_form": RoleForm(initial={"role": membership.role}, roles=roles),
            }
        )
    return render(
        request,
        "core/people.html",
        {
            "prop": prop,
            "rows": rows,
            "invite_form": InviteForm(roles=roles, group_admin=group_admin),
        },
    )


@property_page(Action.MEMBERS_INVITE)
def people_invite(request: AuthenticatedHttpRequest, prop: Property) -> HttpResponse:
    group_admin = can(request.user, prop, Action.MEMBERS_MANAGE)
    form = InviteForm(
        request.POST or None, roles=assignable_roles(request.user, prop), group_admin=group_admin
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            membership = member_invite(
                actor=request.user,
                prop=prop,
                email=data["email"],
                role=data["role"],
                group_wide=data.get("group_wide", False),
                agency=data.get("agency", ""),
                badge_number=data.get("badge_number", ""),
            )
        except ValidationError as error:
            form_errors_place(form, error)
        else:
            messages.success(
                request,
                _("%(user)s is now %(role)s.")
                % {"user": membership.user.username, "role": membership.get_role_display()},
            )
            return redirect("people")
    return render(request, "core/people_invite.html", {"prop": prop, "form": form})


@require_POST
@property_page(Action.MEMBERS_INVITE)
def people_role(request: AuthenticatedHttpRequest, prop: Property, pk: int) -> HttpResponse:
    membership = _membership(request, prop, pk)
    form = RoleForm(request.POST, roles=assignable_roles(request.user, prop))
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for e in form.errors.get("role", [])))
        return redirect("people")
    try:
        member_change_role(
            actor=request.user, prop=prop, membership=membership, role=form.cleaned_data["role"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(user)s is now %(role)s.")
            % {"user": membership.user.username, "role": membership.get_role_display()},
        )
    return redirect("people")


@require_POST
@property_page(Action.MEMBERS_INVITE)
def people_remove(request: AuthenticatedHttpRequest, prop: Property, pk: int) -> HttpResponse:
    membership = _membership(request, prop, pk)
    label = membership.get_role_display()
    try:
        member_remove(actor=request.user, prop=prop, membership=membership)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(user)s is no longer %(role)s.")
            % {"user": membership.user.username, "role": label},
        )
    return redirect("people")


@require_POST
@property_page(Action.MEMBERS_INVITE)
def people_deactivate(request: AuthenticatedHttpRequest, prop: Property, pk: int) -> HttpResponse:
    user = User.objects.filter(pk=pk, memberships__in=members_of(prop).values("pk")).first()
    if user is None:
        raise Http404
    try:
        user_deactivate(actor=request.user, prop=prop, user=user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("%(user)s is deactivated and can no longer log in.") % {"user": user}
        )
    return redirect("people")


def _membership(request: AuthenticatedHttpRequest, prop: Property, pk: int) -> Membership:
    try:
        return member_get(actor=request.user, prop=prop, pk=pk)
    except Membership.DoesNotExist:
        raise Http404 from None
    except PermissionDenied:
        raise


@property_page(Action.PROPERTY_MANAGE)
def property_settings(request: AuthenticatedHttpRequest, prop: Property) -> HttpResponse:
    form = PropertySettingsForm(request.POST or None, instance=Property.objects.get(pk=prop.pk))
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in PROPERTY_SETTINGS_FIELDS}
        try:
            property_settings_update(actor=request.user, prop=prop, data=data)
        except ValidationError as error:
            form_errors_place(form, error)
        else:
            messages.success(request, _("The settings of %(name)s are saved.") % data)
            return redirect("property_settings")
    return render(request, "core/property_settings.html", {"prop": prop, "form": form})


@property_page(Action.MEMBERS_INVITE)
def change_log(request: HttpRequest, prop: Property) -> HttpResponse:
    """The last changes of people and settings at the property, newest first."""
    changes = ChangeRecord.objects.for_property(prop)[:CHANGES_SHOWN]
    return render(request, "core/change_log.html", {"prop": prop, "changes": changes})


class InviteAcceptView(auth_views.PasswordResetConfirmView):
    """An invited user chooses their password through the one-time link of their invitation."""

    template_name = "registration/invite_accept.html"
    success_url = reverse_lazy("invite_done")
    post_reset_login = False


class InviteDoneView(auth_views.PasswordResetCompleteView):
    template_name = "registration/invite_done.html"
