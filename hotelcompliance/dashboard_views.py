"""The dashboard pages: one property's status at a glance, and the group's one row a property."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from audits.duty_snapshots import MonthPoint
from hotelcompliance import charts
from hotelcompliance.access_log import AccessEvent
from hotelcompliance.dashboard import (
    DUTY_KEYS,
    DUTY_LABELS,
    WeekPoint,
    property_dashboard,
    property_statuses,
    registrations_per_week,
    training_series,
)
from hotelcompliance.roles import Action, Role
from hotelcompliance.scoping import can
from hotelcompliance.tenancy import Membership, Property
from hotelcompliance.views import property_page
from hotelcompliance.web import AuthenticatedHttpRequest, current_property, primary_role


def _month(day: date) -> str:
    return date_format(day, "M Y")


def _week(day: date) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


def training_chart(points: list[MonthPoint], chart_id: str) -> dict[str, object]:
    """The compliance line and its table: the share trained and current at each month end."""
    known = [p for p in points if p.percent is not None]
    if known:
        desc = _(
            "Share of the employees the training duty covers who are trained and current, at "
            "each month end of the last twelve months; latest %(latest)s%% (%(month)s), lowest "
            "%(low)s%%, highest %(high)s%%."
        ) % {
            "latest": known[-1].percent,
            "month": _month(known[-1].month),
            "low": min(p.percent or 0 for p in known),
            "high": max(p.percent or 0 for p in known),
        }
    else:
        desc = _("No training figures have been kept yet.")
    svg = charts.line_chart(
        [charts.Point(_month(p.month), p.percent) for p in points],
        chart_id=chart_id,
        title=_("Training compliance over the last 12 months"),
        desc=desc,
    )
    rows = [
        (
            _month(p.month),
            "—" if p.percent is None else f"{p.percent}%",
            "—" if p.percent is None else f"{p.current} / {p.required}",
        )
        for p in points
    ]
    return {
        "svg": svg,
        "caption": _("Training compliance by month"),
        "headers": (_("Month"), _("Trained and current"), _("Employees")),
        "rows": rows,
    }


def registrations_chart(points: list[WeekPoint], chart_id: str) -> dict[str, object]:
    total = sum(p.registrations for p in points)
    busiest = max(points, key=lambda p: p.registrations)
    desc = _(
        "Check-ins per week over the last twelve weeks: %(total)s in all, the busiest week "
        "starting %(week)s with %(n)s."
    ) % {"total": total, "week": _week(busiest.week), "n": busiest.registrations}
    svg = charts.bar_chart(
        [charts.Point(_week(p.week), p.registrations) for p in points],
        chart_id=chart_id,
        title=_("Registrations per week"),
        desc=desc,
    )
    return {
        "svg": svg,
        "caption": _("Registrations per week"),
        "headers": (_("Week starting"), _("Registrations")),
        "rows": [(_week(p.week), str(p.registrations)) for p in points],
    }


@property_page(Action.TRAINING_VIEW)
def dashboard(request: HttpRequest, prop: Property) -> HttpResponse:
    """The current property's duties (judged now), what waits for the manager, two charts."""
    status = property_dashboard(prop)
    today = prop.today()
    recent_access = (
        AccessEvent.objects.filter(property=prop)
        .select_related("property")
        .order_by("-created_at")[:10]
    )
    return render(
        request,
        "core/dashboard.html",
        {
            "prop": prop,
            "status": status,
            "training_chart": training_chart(training_series([prop], today=today), "training"),
            "registrations_chart": registrations_chart(
                registrations_per_week([prop], today=today), "registrations"
            ),
            "recent_access": recent_access,
            "role": primary_role(request.user, prop),
            "can_concerns": can(request.user, prop, Action.CONCERN_VIEW),
            "can_requests": can(request.user, prop, Action.REQUEST_RESPOND),
        },
    )


def group_properties(user: User) -> list[Property]:
    """Every property of the organisations the user administers (none: not a group admin)."""
    organisations = Membership.objects.filter(user=user, role=Role.ORG_ADMIN).values("organisation")
    return list(
        Property.objects.filter(organisation__in=organisations)
        .select_related("organisation")
        .order_by("organisation__name", "name", "pk")
    )


@login_required
def group_dashboard(request: AuthenticatedHttpRequest) -> HttpResponse:
    """One row per property of the user's groups: each duty's state, what is waiting."""
    properties = group_properties(request.user)
    if not properties:
        raise PermissionDenied("Only group administrators see the group's dashboard.")
    here = current_property(request) or properties[0]
    today = here.today()
    return render(
        request,
        "core/group_dashboard.html",
        {
            "prop": here,
            "statuses": property_statuses(properties),
            "duty_columns": [(key, DUTY_LABELS[key]) for key in DUTY_KEYS],
            "not_judged": _("not judged yet"),
            "dashboard_url": reverse("dashboard"),
            "overdue_url": reverse("training_roster") + "?status=overdue",
            "due_soon_url": reverse("training_roster") + "?status=due_soon",
            "training_chart": training_chart(
                training_series(properties, today=today), "group-training"
            ),
            "registrations_chart": registrations_chart(
                registrations_per_week(properties, today=today), "group-registrations"
            ),
        },
    )
