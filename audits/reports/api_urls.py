"""API routes of audit reports and verification, mounted under /api/v1/."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from audits.reports.api import AuditReportViewSet, VerifyView

router = SimpleRouter()
router.register(
    r"properties/(?P<property_pk>[^/.]+)/audit-reports", AuditReportViewSet, basename="audit-report"
)

urlpatterns = [path("verify/", VerifyView.as_view(), name="api-verify"), *router.urls]
