"""The project's routes plus the bare baseline endpoint (bench settings only)."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from tests.bench.baseline_app.api import BaselineRegistrationViewSet

router = SimpleRouter()
router.register("registrations", BaselineRegistrationViewSet, basename="bench-baseline")

urlpatterns = [
    path("bench/baseline/", include(router.urls)),
    path("", include("hotelcompliance.urls")),
]
