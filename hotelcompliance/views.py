"""Pages of the core: role homes, the property switcher, the rules page, login."""

import logging
import time
from functools import wraps

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hotelcompliance.form_property import form_property_of
from hotelcompliance.middleware import SESSION_STARTED_KEY
from hotelcompliance.roles import Action
from hotelcompliance.scoping import can, get_property_for_user
from hotelcompliance.tenancy import Property
from hotelcompliance.web import (
    SESSION_PROPERTY_KEY,
    AuthenticatedHttpRequest,
    current_property,
    home_url_for,
    my_properties,
)

logger = logging.getLogger(__name__)
SAFE_METHODS = ("GET", "HEAD", "OPTIONS", "TRACE")


def property_page(action: str):
    """Give the view the current property, if the user's role there allows the action.

    A submitted form must have been rendered for that same property (`{% form_property %}`):
    otherwise the answer is a 409 and the view never runs, so nothing is saved.
    """

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            prop = current_property(request)
            if prop is None:
                return redirect("no_access")
            if request.method not in SAFE_METHODS and form_property_of(request) != prop.pk:
                return form_property_refused(request, prop)
            if not can(request.user, prop, action):
                raise PermissionDenied("Your role does not allow this page here.")
            request.page_property = prop  # type: ignore[attr-defined]  # what `{% form_property %}` signs into the page's forms
            return view(request, prop, *args, **kwargs)

        wrapper.property_scoped = True
        return wrapper

    return decorator


def form_property_refused(request: HttpRequest, current: Property) -> HttpResponse:
    """The 409 for a form of another property (or of none): say so, offer to switch back."""
    shown_id = form_property_of(request)
    shown = next((p for p in my_properties(request) if p.pk == shown_id), None)
    back = request.META.get("HTTP_REFERER", "")
    if not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = reverse("home")
    logger.warning(
        "form refused: rendered for property %s, submitted at property %s",
        shown_id if shown is not None else "unknown",
        current.pk,
    )
    context = {"shown": shown, "current": current, "next": back}
    return render(request, "core/form_property_refused.html", context, status=409)


def property_local_page(action: str):
    """`property_page`, with the property's time zone active for the whole request.

    Pages that show or take times (the desk, records requests) speak the property's time.
    """

    def decorator(view):
        @property_page(action)
        @wraps(view)
        def wrapper(request: HttpRequest, prop: Property, *args, **kwargs) -> HttpResponse:
            with timezone.override(prop.tz):
                return view(request, prop, *args, **kwargs)

        return wrapper

    return decorator


class LoginView(auth_views.LoginView):
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        self.request.session[SESSION_STARTED_KEY] = time.time()
        return response


@login_required
def home(request: HttpRequest) -> HttpResponse:
    return redirect(home_url_for(request.user, current_property(request)))


@require_POST
@login_required
def switch_property(request: HttpRequest) -> HttpResponse:
    """Make another property current; `next` (a page of this site) is where to go then."""
    prop = get_property_for_user(request.user, request.POST.get("property"), Action.PROPERTY_VIEW)
    request.session[SESSION_PROPERTY_KEY] = prop.pk
    messages.success(request, _("Now working at %(name)s.") % {"name": prop.name})
    after = request.POST.get("next", "")
    if after and url_has_allowed_host_and_scheme(
        after, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(after)
    return redirect(home_url_for(request.user, prop))


@login_required
def no_access(request: HttpRequest) -> HttpResponse:
    if current_property(request) is not None:
        return redirect("home")
    return render(request, "core/no_access.html", status=403)


@property_page(Action.REQUEST_FILE)
def inspector_home(request: AuthenticatedHttpRequest, prop: Property) -> HttpResponse:
    """The inspector's own requests at the current property, and the way to file one."""
    from audits.models import RecordsRequest

    properties = [p for p in my_properties(request) if can(request.user, p, Action.REQUEST_FILE)]
    memberships = request.user.memberships.filter(role="inspector")
    today = prop.today()
    requests = [
        rr.with_countdown(today)
        for rr in RecordsRequest.objects.for_property(prop).filed_by(request.user)[:200]
    ]
    return render(
        request,
        "core/inspector_home.html",
        {
            "prop": prop,
            "properties": properties,
            "membership": memberships.first(),
            "requests": requests,
        },
    )


@property_page(Action.PROPERTY_VIEW)
def rules(request: HttpRequest, prop: Property) -> HttpResponse:
    return render(request, "core/rules.html", {"prop": prop, "pack": prop.rule_pack()})
