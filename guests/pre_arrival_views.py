"""Pre-arrival pages: the desk prepares a stay and confirms it; the guest fills their link.

Desk pages go through `property_local_page` like every desk page (another property's
pre-arrival is a 404). The guest's page needs no account: the signed token in the URL is the
capability, so the page is never cached, never indexed and sends no referrer elsewhere. A link
that ended (expired, used, revoked) gets a page saying so, with status 410; a forged one 404.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from guests import pre_arrivals, views
from guests.models import Registration
from guests.pre_arrival_forms import GuestDetailsForm, PreArrivalCheckInForm, PreArrivalForm
from guests.pre_arrival_models import PreArrival
from hotelcompliance.form_errors import form_errors_place
from hotelcompliance.form_once import once_new, once_renew
from hotelcompliance.roles import Action
from hotelcompliance.tenancy import Property
from hotelcompliance.two_factor import qr_data_uri
from hotelcompliance.views import property_local_page

# The desk's words for why a guest's link does not open, and the answer's status.
REFUSALS = {
    pre_arrivals.INVALID: 404,
    pre_arrivals.EXPIRED: 410,
    pre_arrivals.USED: 410,
    pre_arrivals.REVOKED: 410,
}


@property_local_page(Action.REGISTRATION_CREATE)
def pre_arrival_new(request: HttpRequest, prop: Property) -> HttpResponse:
    """Prepare a stay and, if asked, email its link; then show the link and its QR code."""
    today = prop.today()
    form = PreArrivalForm(
        request.POST or None,
        initial={"expected_arrival": today, "language": translation.get_language()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            pre_arrival, _created = pre_arrivals.pre_arrival_create(
                prop=prop, actor=request.user, data=form.pre_arrival_data()
            )
        except ValidationError as error:
            form_errors_place(form, error)
        else:
            if form.cleaned_data.get("send") and pre_arrivals.pre_arrival_send(pre_arrival):
                messages.success(request, _("The link is being emailed to the guest."))
            else:
                messages.success(request, _("The stay is prepared: give the guest this link."))
            return redirect("pre_arrival_detail", pk=pre_arrival.pk)
    return render(request, "guests/pre_arrival_new.html", {"prop": prop, "form": form})


@property_local_page(Action.REGISTRATION_CREATE)
def pre_arrival_detail(request: HttpRequest, prop: Property, pk: Any) -> HttpResponse:
    pre_arrival = pre_arrivals.pre_arrival_read(prop=prop, pk=pk, request=request, page="detail")
    context: dict[str, Any] = {"prop": prop, "pre_arrival": pre_arrival}
    if pre_arrival.is_open():
        url = pre_arrivals.link_url(pre_arrival)
        context["link_url"] = url  # (not dict.update(k=...): it reads as a queryset write)
        context["link_qr"] = qr_data_uri(url)
    return render(request, "guests/pre_arrival_detail.html", context)


@require_POST
@property_local_page(Action.REGISTRATION_CREATE)
def pre_arrival_email(request: HttpRequest, prop: Property, pk: Any) -> HttpResponse:
    pre_arrival = pre_arrivals.pre_arrival_read(prop=prop, pk=pk, request=request, page="email")
    if pre_arrivals.pre_arrival_send(pre_arrival):
        messages.success(request, _("The link is being emailed to the guest."))
    else:
        messages.error(request, _("There is no working link to email, or no email address."))
    return redirect("pre_arrival_detail", pk=pre_arrival.pk)


@require_POST
@property_local_page(Action.REGISTRATION_CREATE)
def pre_arrival_revoke(request: HttpRequest, prop: Property, pk: Any) -> HttpResponse:
    pre_arrival = pre_arrivals.pre_arrival_read(prop=prop, pk=pk, request=request, page="revoke")
    ended = pre_arrivals.pre_arrival_revoke(
        pre_arrival=pre_arrival, actor=request.user, request=request
    )
    if ended:
        messages.success(request, _("The link no longer works."))
    else:
        messages.error(request, _("The link had already ended."))
    return redirect("pre_arrival_detail", pk=pre_arrival.pk)


@property_local_page(Action.REGISTRATION_CREATE)
def pre_arrival_check_in(request: HttpRequest, prop: Property, pk: Any) -> HttpResponse:
    """The check-in form pre-filled from the pre-arrival: the clerk checks the ID and confirms.

    The submit goes through `pre_arrivals.pre_arrival_check_in`, hence `registration_create`.
    """
    pre_arrival = pre_arrivals.pre_arrival_read(prop=prop, pk=pk, request=request, page="check-in")
    done = _registration_of(prop, pre_arrival)
    if done is not None:
        return _already_registered(request, done)
    if not pre_arrival.is_open():
        messages.error(request, _("This pre-arrival was already checked in, revoked or expired."))
        return redirect("pre_arrival_detail", pk=pre_arrival.pk)
    now = timezone.localtime().replace(second=0, microsecond=0)
    form_kwargs: dict[str, Any] = {
        "pack": prop.rule_pack(),
        "today": now.date(),
        "prop": prop,
        "pre_arrival": pre_arrival,
        "action_url": reverse("pre_arrival_check_in", kwargs={"pk": pre_arrival.pk}),
    }
    if request.method != "POST":
        pre_arrivals.pre_arrival_check_in_read(pre_arrival=pre_arrival, request=request)
        initial = {**pre_arrivals.check_in_initial(pre_arrival, now), "token": once_new()}
        return views._check_in_page(
            request, prop, PreArrivalCheckInForm(initial=initial, **form_kwargs)
        )
    form = PreArrivalCheckInForm(request.POST, **form_kwargs)
    if not form.is_valid():
        once_renew(form)
        return views._check_in_page(request, prop, form)
    try:
        registration = pre_arrivals.pre_arrival_check_in(
            pre_arrival=pre_arrival, actor=request.user, data=form.registration_data()
        )
    except ValidationError as error:
        done = _registration_of(prop, pre_arrival)  # two submits racing: the first stands
        if done is not None:
            return _already_registered(request, done)
        form_errors_place(form, error)
        return views._check_in_page(request, prop, form)
    messages.success(request, _("Registered #%(number)s") % {"number": registration.number})
    return redirect("registration_detail", pk=registration.pk)


def _registration_of(prop: Property, pre_arrival: PreArrival) -> Registration | None:
    ref = pre_arrivals.registration_external_ref(pre_arrival)
    return Registration.objects.for_property(prop).filter(external_ref=ref).first()


def _already_registered(request: HttpRequest, registration: Registration) -> HttpResponse:
    messages.info(
        request,
        _("Already registered #%(number)s: this stay was checked in.")
        % {"number": registration.number},
    )
    return redirect("registration_detail", pk=registration.pk)


# --- The guest's page (no account) -------------------------------------------------------------


@sensitive_post_parameters("id_number")
def pre_arrival_guest(request: HttpRequest, token: str) -> HttpResponse:
    """The guest's own form, in English or Spanish, on any phone; every use logged."""
    page = "submit" if request.method == "POST" else "view"
    opened = pre_arrivals.pre_arrival_open(token=token, request=request, page=page)
    language = _language(request, opened.pre_arrival)
    with translation.override(language):
        if opened.pre_arrival is None:
            response = render(
                request,
                "guests/arrive/ended.html",
                {"refusal": opened.refusal},
                status=REFUSALS[opened.refusal],
            )
        else:
            response = _guest_form(request, opened.pre_arrival)
    response["Content-Language"] = language
    response["Cache-Control"] = "no-store, private"
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex"
    return response


def _guest_form(request: HttpRequest, pre_arrival: PreArrival) -> HttpResponse:
    prop = pre_arrival.property
    pack = prop.rule_pack()
    names = pre_arrivals.guest_fields(pack)
    thanks = False
    if request.method == "POST":
        form = GuestDetailsForm(request.POST, pack=pack, pre_arrival=pre_arrival)
        if form.is_valid():
            try:
                pre_arrival = pre_arrivals.pre_arrival_fill(
                    pre_arrival=pre_arrival, data=form.cleaned_data
                )
            except ValidationError as error:
                form_errors_place(form, error)
            else:
                thanks = True
                form = GuestDetailsForm(
                    initial=GuestDetailsForm.initial_of(pre_arrival, names),
                    pack=pack,
                    pre_arrival=pre_arrival,
                )
    else:
        form = GuestDetailsForm(
            initial=GuestDetailsForm.initial_of(pre_arrival, names),
            pack=pack,
            pre_arrival=pre_arrival,
        )
    context = {
        "prop": prop,
        "pack": pack,
        "pre_arrival": pre_arrival,
        "form": form,
        "thanks": thanks,
        "filled": pre_arrival.filled_at is not None,
    }
    return render(request, "guests/arrive/form.html", context)


def _language(request: HttpRequest, pre_arrival: PreArrival | None) -> str:
    """The guest's own choice (the language switch's cookie), else the desk's for them."""
    from django.conf import settings

    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    codes = {code for code, _name in settings.LANGUAGES}
    if chosen in codes:
        return chosen
    if pre_arrival is not None and pre_arrival.language in codes:
        return pre_arrival.language
    return translation.get_language() or settings.LANGUAGE_CODE
