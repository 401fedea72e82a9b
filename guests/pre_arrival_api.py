"""The PMS's side of pre-arrival registration: prepare a stay, get the guest's link, revoke it.

`POST /api/v1/properties/<id>/pre-arrivals/` with the reservation (its `external_ref` makes a
retry return the first pre-arrival, 200 instead of 201); the answer carries the link to send
the guest and when it stops working, never the personal data sent. When the PMS later syncs
the same `external_ref` as a registration, the pre-arrival is ended as checked in.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from guests import pre_arrivals
from guests.models import PaymentMethod, RateType
from guests.pre_arrival_models import PreArrival, PreArrivalStatus
from guests.serializers import StrictCharField
from hotelcompliance.api.errors import Conflict
from hotelcompliance.api.scoped import PropertyScopedMixin
from hotelcompliance.roles import Action
from hotelcompliance.validators import plausible_date


def _text(**kwargs: Any) -> StrictCharField:
    return StrictCharField(required=False, allow_blank=True, trim_whitespace=False, **kwargs)


def _choice(choices: Any) -> serializers.ChoiceField:
    return serializers.ChoiceField(choices=choices, required=False, allow_blank=True)


class PreArrivalWriteSerializer(serializers.Serializer):
    """A reservation to prepare; types only, the service checks the rest."""

    guest_name = StrictCharField(trim_whitespace=False)
    expected_arrival = serializers.DateField(validators=[plausible_date])
    expected_departure = serializers.DateField(validators=[plausible_date])
    email = _text(help_text="Where the desk may email the link; optional.")
    phone = _text()
    language = serializers.ChoiceField(choices=settings.LANGUAGES, required=False)
    external_ref = _text(help_text="The PMS's reservation id: a retry with it returns the first.")
    room = _text()
    rate = serializers.DecimalField(max_digits=10, decimal_places=2, required=False)
    rate_type = _choice(RateType.choices)
    payment_method = _choice(PaymentMethod.choices)
    receipt_number = _text(help_text="The folio number, if the PMS has one already.")
    adults = serializers.IntegerField(required=False)
    minors = serializers.IntegerField(required=False)
    send_email = serializers.BooleanField(
        required=False, default=False, help_text="Email the link to `email` now."
    )


class PreArrivalSerializer(serializers.ModelSerializer):
    """A pre-arrival as the PMS sees it: its state and link, none of the guest's details."""

    link = serializers.SerializerMethodField(help_text="The guest's link while it works.")
    link_expires_at = serializers.SerializerMethodField()
    status = serializers.ChoiceField(choices=PreArrivalStatus.choices)

    class Meta:
        model = PreArrival
        fields = [
            "id",
            "status",
            "external_ref",
            "expected_arrival",
            "expected_departure",
            "filled_at",
            "registration",
            "link",
            "link_expires_at",
        ]
        read_only_fields = fields

    def get_link(self, obj: PreArrival) -> str | None:
        return pre_arrivals.link_url(obj) if obj.is_open() else None

    def get_link_expires_at(self, obj: PreArrival) -> str:
        return obj.link_ends_at().isoformat()


@extend_schema_view(
    create=extend_schema(
        request=PreArrivalWriteSerializer,
        responses={201: PreArrivalSerializer, 200: PreArrivalSerializer},
    ),
    revoke=extend_schema(request=None, responses={200: PreArrivalSerializer}),
)
class PreArrivalViewSet(PropertyScopedMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Pre-arrivals of the property: prepared by the PMS or the desk, filled by the guest."""

    queryset = PreArrival.objects.select_related("property")
    serializer_class = PreArrivalSerializer
    required_actions = {
        "create": Action.REGISTRATION_CREATE,
        "retrieve": Action.REGISTRATION_CREATE,
        "revoke": Action.REGISTRATION_CREATE,
    }

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = PreArrivalWriteSerializer(data=request.data)
        if not serializer.is_valid():
            raise exceptions.ValidationError(serializer.errors)
        data = dict(serializer.validated_data)
        send = data.pop("send_email", False)
        pre_arrival, created = pre_arrivals.pre_arrival_create(
            prop=self.property, actor=request.user, data=data
        )
        if created and send:
            pre_arrivals.pre_arrival_send(pre_arrival)
        return Response(
            PreArrivalSerializer(pre_arrival).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        pre_arrival = pre_arrivals.pre_arrival_read(
            prop=self.property, pk=kwargs["pk"], request=request, page="api"
        )
        return Response(PreArrivalSerializer(pre_arrival).data)

    @action(detail=True, methods=["post"])
    def revoke(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        pre_arrival = self.get_object()
        if not pre_arrivals.pre_arrival_revoke(
            pre_arrival=pre_arrival, actor=request.user, request=request
        ):
            raise Conflict(_("This pre-arrival had already ended."))
        return Response(PreArrivalSerializer(pre_arrival).data)
