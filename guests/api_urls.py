"""API routes of the guests app, mounted under /api/v1/."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from guests.api import ConcernReportViewSet, RegistrationIntakeView, RegistrationViewSet
from guests.import_profile_api import ImportProfileViewSet
from guests.pre_arrival_api import PreArrivalViewSet

router = SimpleRouter()
router.register(
    r"properties/(?P<property_pk>[^/.]+)/registrations",
    RegistrationViewSet,
    basename="registration",
)
router.register(
    r"properties/(?P<property_pk>[^/.]+)/concerns",
    ConcernReportViewSet,
    basename="concern",
)
router.register(
    r"properties/(?P<property_pk>[^/.]+)/pre-arrivals",
    PreArrivalViewSet,
    basename="pre-arrival",
)

router.register(
    r"properties/(?P<property_pk>[^/.]+)/import-profiles",
    ImportProfileViewSet,
    basename="import-profile",
)

urlpatterns = [
    path(
        "properties/<str:property_pk>/intake/",
        RegistrationIntakeView.as_view(),
        name="registration-intake",
    ),
    *router.urls,
]
