"""Report pages and the public verify page."""

from django.urls import path

from audits.reports import views

urlpatterns = [
    path("reports/", views.report_list, name="report_list"),
    path("reports/new/", views.report_create, name="report_create"),
    path("reports/<uuid:pk>/", views.report_detail, name="report_detail"),
    path("reports/<uuid:pk>/status/", views.report_status, name="report_status"),
    path("reports/<uuid:pk>/download/", views.report_download, name="report_download"),
    path("verify/", views.verify_page, name="verify"),
]
