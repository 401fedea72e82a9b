"""The managers' page of their property's integration tokens: create, see and revoke them."""

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from guests.models import ImportProfile
from hotelcompliance.api_tokens import ApiToken, issue_integration_token, revoke_integration_token
from hotelcompliance.form_once import EXPIRED, FIELD, once_claim, once_new, once_release
from hotelcompliance.roles import Action
from hotelcompliance.scoping import get_object_for_property
from hotelcompliance.tenancy import Property
from hotelcompliance.views import property_page

NAME_MAX_LENGTH = ApiToken._meta.get_field("name").max_length or 100
ONCE_SCOPE = "api_token_create"
ONCE_SECONDS = 24 * 3600


@property_page(Action.API_TOKENS_MANAGE)
def api_token_list(request: HttpRequest, prop: Property) -> HttpResponse:
    """Live integration tokens of the current property: never the key, only what names them."""
    tokens = (
        ApiToken.objects.live().integrations_of(prop).select_related("user", "import_profile")[:500]
    )
    return render(
        request,
        "core/api_tokens.html",
        {
            "prop": prop,
            "tokens": tokens,
            "now": timezone.now(),
            "once": once_new(),
            "profiles": _import_profiles(prop),
        },
    )


def _import_profiles(prop: Property) -> QuerySet[ImportProfile]:
    return ImportProfile.objects.for_property(prop)


@require_POST
@property_page(Action.API_TOKENS_MANAGE)
def api_token_create(request: HttpRequest, prop: Property) -> HttpResponse:
    """A new integration token for this property: its key and signing secret shown this once."""
    try:
        once = uuid.UUID(request.POST.get(FIELD, ""))
    except ValueError:
        messages.error(request, _(EXPIRED))
        return redirect("api_tokens")
    if not once_claim(ONCE_SCOPE, once, seconds=ONCE_SECONDS):
        # A double submit: its key was shown to the first one only; never a second token.
        messages.info(request, _("That token was already created; its key was shown once."))
        return redirect("api_tokens")
    name = request.POST.get("name", "").strip()
    if not name or len(name) > NAME_MAX_LENGTH or not name.isprintable():
        messages.error(
            request,
            _("Name the integration in one line of at most %(n)d characters.")
            % {"n": NAME_MAX_LENGTH},
        )
        once_release(ONCE_SCOPE, once)
        return redirect("api_tokens")
    profile = None
    profile_id = request.POST.get("import_profile", "")
    if profile_id:
        try:
            profile = _import_profiles(prop).filter(pk=profile_id).first()
        except (ValueError, ValidationError):
            profile = None
        if profile is None:
            messages.error(request, _("Choose one of this property's import profiles."))
            once_release(ONCE_SCOPE, once)
            return redirect("api_tokens")
    token, key, secret = issue_integration_token(
        actor=request.user, prop=prop, name=name, import_profile=profile
    )
    # Shown in this response only: pages are no-store, and only digests and ciphertext are kept.
    return render(
        request,
        "core/api_token_created.html",
        {"prop": prop, "token": token, "key": key, "secret": secret},
    )


@require_POST
@property_page(Action.API_TOKENS_MANAGE)
def api_token_revoke(request: HttpRequest, prop: Property, pk: int) -> HttpResponse:
    token = get_object_for_property(ApiToken.objects.filter(kind="integration"), prop, pk=pk)
    if revoke_integration_token(token=token, actor=request.user, prop=prop, request=request):
        messages.success(
            request,
            _("The token “%(name)s” is revoked: it no longer works.") % {"name": token.name},
        )
    else:
        messages.info(request, _("That token was already revoked."))
    return redirect("api_tokens")
