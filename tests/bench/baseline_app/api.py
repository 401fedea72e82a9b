"""A stock `ModelViewSet`: what DRF gives for free, on the same auth and throttles."""

from rest_framework import serializers, viewsets

from hotelcompliance.tenancy import Property
from tests.bench.baseline_app.models import BaselineRegistration


class BaselineRegistrationSerializer(serializers.ModelSerializer):
    class Meta:
        model = BaselineRegistration
        exclude = ["property", "registered_by"]


class BaselineRegistrationViewSet(viewsets.ModelViewSet):
    serializer_class = BaselineRegistrationSerializer
    queryset = BaselineRegistration.objects.all()

    def perform_create(self, serializer) -> None:
        prop = Property.objects.for_user(self.request.user).first()
        serializer.save(property=prop, registered_by=self.request.user)
