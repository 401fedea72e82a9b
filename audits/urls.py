"""Web routes of the audits app: records requests and poster evidence. Only UUIDs in paths."""

from django.urls import path

from audits import views

urlpatterns = [
    path("records-requests/", views.request_list, name="records_request_list"),
    path("records-requests/new/", views.request_new, name="records_request_new"),
    path("records-requests/paper/", views.request_paper, name="records_request_paper"),
    path("records-requests/<uuid:pk>/", views.request_detail, name="records_request_detail"),
    path(
        "records-requests/<uuid:pk>/answer/<slug:verb>/",
        views.request_answer,
        name="records_request_answer",
    ),
    path(
        "records-requests/<uuid:pk>/decide/",
        views.request_decide,
        name="records_request_decide",
    ),
    path(
        "records-requests/<uuid:pk>/exigent-review/",
        views.request_exigent_review,
        name="records_request_exigent_review",
    ),
    path(
        "records-requests/<uuid:pk>/withdraw/",
        views.request_withdraw,
        name="records_request_withdraw",
    ),
    path(
        "records-requests/<uuid:pk>/documents/",
        views.document_add,
        name="records_request_document_add",
    ),
    path(
        "records-requests/<uuid:pk>/documents/<uuid:document_pk>/",
        views.document_download,
        name="records_request_document",
    ),
    path("poster-evidence/", views.poster_evidence, name="poster_evidence"),
    path(
        "poster-evidence/<uuid:pk>/photo/",
        views.poster_evidence_photo,
        name="poster_evidence_photo",
    ),
]
