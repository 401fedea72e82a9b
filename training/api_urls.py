"""API routes of the training app, mounted under /api/v1/."""

from django.urls import path

from training import api

employees = "properties/<int:property_pk>/employees/"
records = "properties/<int:property_pk>/training-records/"

urlpatterns = [
    path(
        employees,
        api.EmployeeViewSet.as_view({"get": "list", "post": "create"}),
        name="training-employee-list",
    ),
    path(
        f"{employees}<int:pk>/",
        api.EmployeeViewSet.as_view({"get": "retrieve", "patch": "partial_update"}),
        name="training-employee-detail",
    ),
    path(
        records,
        api.TrainingRecordViewSet.as_view({"get": "list", "post": "create"}),
        name="training-record-list",
    ),
    path(
        f"{records}<int:pk>/certificate/",
        api.TrainingRecordCertificateView.as_view(),
        name="training-record-certificate",
    ),
    path(
        "properties/<int:property_pk>/training-status/",
        api.TrainingStatusView.as_view(),
        name="training-status",
    ),
    path("courses/", api.CourseViewSet.as_view({"get": "list"}), name="course-list"),
]
