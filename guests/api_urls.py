"""API routes of the guests app, mounted under /api/v1/."""

from rest_framework.routers import SimpleRouter

from guests.api import ConcernReportViewSet, RegistrationViewSet

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

urlpatterns = router.urls
