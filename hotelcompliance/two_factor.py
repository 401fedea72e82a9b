"""TOTP two-factor login (django-otp) for the roles that see the most: managers, group
administrators and inspectors.

After the password, such a user either enters a 6-digit code from an enrolled authenticator
or, the first time, enrols one (QR code plus the secret as text). Until then every page
except these and logout redirects to the code page, and the API refuses their session.
Failed codes count against the django-axes lockout and django-otp's own growing delay.
`TWO_FACTOR_REQUIRED` (default: on unless DEBUG) switches the requirement.
"""

from __future__ import annotations

import base64
import io
from base64 import b32encode
from collections.abc import Callable

import qrcode
import qrcode.image.svg
from django import forms
from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser, User
from django.contrib.auth.signals import user_login_failed
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import login as otp_login
from django_otp.middleware import is_verified as otp_is_verified
from django_otp.plugins.otp_totp.models import TOTPDevice

from hotelcompliance.lockout import lockout_response
from hotelcompliance.roles import Role
from hotelcompliance.web import AuthenticatedHttpRequest

TWO_FACTOR_ROLES = frozenset({Role.MANAGER, Role.ORG_ADMIN, Role.INSPECTOR})
OTP_REQUIRED_MESSAGE = (
    "Two-factor verification required: enter your authenticator code on the web "
    "(/accounts/two-factor/) or use an API token obtained with a code."
)
CODE_REFUSED = _(
    "That code is wrong, expired or already used. Wait for the next code and try again."
)


def two_factor_required(user: User | AnonymousUser) -> bool:
    """Tell whether this user must pass a second factor (setting on, and a high-trust role)."""
    if not getattr(settings, "TWO_FACTOR_REQUIRED", False):
        return False
    if not user.is_authenticated:
        return False
    cached = getattr(user, "_two_factor_required", None)
    if cached is None:
        cached = user.memberships.filter(role__in=TWO_FACTOR_ROLES).exists()
        user._two_factor_required = cached  # type: ignore[attr-defined]  # per-request cache
    return cached


def confirmed_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def code_check(request: HttpRequest, user: User, device: TOTPDevice, code: str) -> bool:
    """Check a code; a refusal is a failed login for axes (the device throttles as well)."""
    if device.verify_token(code):
        return True
    user_login_failed.send(
        sender=__name__, credentials={"username": user.get_username()}, request=request
    )
    return False


def is_locked_out(request: HttpRequest, user: User) -> bool:
    from axes.handlers.proxy import AxesProxyHandler

    return AxesProxyHandler.is_locked(request, {"username": user.get_username()})


class CodeForm(forms.Form):
    code = forms.RegexField(
        label=_("6-digit code"),
        regex=r"^\s*\d{6}\s*$",
        max_length=10,
        error_messages={"invalid": _("Enter the 6 digits shown by your authenticator app.")},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def clean_code(self) -> str:
        return self.cleaned_data["code"].strip()


def _next_url(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("home")


def _with_next(url_name: str, next_url: str) -> str:
    return f"{reverse(url_name)}?{urlencode({'next': next_url})}"


def _locked(request: HttpRequest) -> HttpResponse:
    logout(request)
    return lockout_response(request)


@sensitive_post_parameters("code")
@never_cache
@login_required
def otp_verify(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Ask for the current code from the user's enrolled authenticator."""
    device = confirmed_device(request.user)
    if device is None:
        return redirect(_with_next("otp_enrol", _next_url(request)))
    if otp_is_verified(request.user):
        return redirect(_next_url(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if is_locked_out(request, request.user):
            return _locked(request)
        if code_check(request, request.user, device, form.cleaned_data["code"]):
            otp_login(request, device)
            return redirect(_next_url(request))
        if is_locked_out(request, request.user):
            return _locked(request)
        form.add_error("code", CODE_REFUSED)
    return render(
        request, "registration/otp_verify.html", {"form": form, "next": _next_url(request)}
    )


def qr_data_uri(text: str) -> str:
    """An SVG QR code as a data: URI, drawn on the server (no script, CSP-safe)."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


@sensitive_post_parameters("code")
@never_cache
@login_required
def otp_enrol(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Set up an authenticator: scan the QR code (or type the secret), then confirm a code."""
    if confirmed_device(request.user) is not None:
        return redirect(_with_next("otp_verify", _next_url(request)))
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(
            user=request.user, name="Authenticator app", confirmed=False
        )
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if is_locked_out(request, request.user):
            return _locked(request)
        if code_check(request, request.user, device, form.cleaned_data["code"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            TOTPDevice.objects.filter(user=request.user, confirmed=False).delete()
            otp_login(request, device)
            return redirect(_next_url(request))
        if is_locked_out(request, request.user):
            return _locked(request)
        form.add_error("code", CODE_REFUSED)
    secret = b32encode(device.bin_key).decode()
    context = {
        "form": form,
        "next": _next_url(request),
        "qr_code": qr_data_uri(device.config_url),
        "secret": secret,
        "secret_groups": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
    }
    return render(request, "registration/otp_enrol.html", context)


class TwoFactorMiddleware:
    """Hold users who still owe a second factor on the code pages; refuse their API session.

    Goes after django-otp's OTPMiddleware, which tells whether this session passed a code.
    Token-authenticated API calls are not held here: a token is only issued against a code.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and two_factor_required(user)
            and not otp_is_verified(user)
            and not self._exempt(request)
        ):
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {"detail": OTP_REQUIRED_MESSAGE, "code": "otp_required", "fields": {}},
                    status=403,
                )
            target = "otp_verify" if confirmed_device(user) else "otp_enrol"
            return redirect(_with_next(target, request.get_full_path()))
        return self.get_response(request)

    @staticmethod
    def _exempt(request: HttpRequest) -> bool:
        path = request.path
        exempt = {
            reverse(name)
            for name in ("otp_verify", "otp_enrol", "logout", "api-token", "set_language")
        }
        if path in exempt:
            return True
        if path == reverse("healthz") or path.startswith("/" + settings.STATIC_URL.lstrip("/")):
            return True
        if path.startswith("/api/"):
            # A token call never carries the session's missing factor.
            return request.META.get("HTTP_AUTHORIZATION", "").startswith("Token ")
        return False
