"""API routes of the audits app, mounted under /api/v1/."""

from rest_framework.routers import SimpleRouter

from audits.api import PosterEvidenceViewSet, RecordsRequestViewSet

router = SimpleRouter()
router.register(
    r"properties/(?P<property_pk>[^/.]+)/records-requests",
    RecordsRequestViewSet,
    basename="records-request",
)
router.register(
    r"properties/(?P<property_pk>[^/.]+)/poster-evidence",
    PosterEvidenceViewSet,
    basename="poster-evidence",
)

urlpatterns = router.urls
