"""Web routes of the guests app: the front desk. Only UUIDs in paths, never personal data."""

from django.urls import path

from guests import room_pages, views

urlpatterns = [
    path("desk/", views.desk, name="desk"),
    path("desk/check-in/", views.check_in, name="check_in"),
    path("desk/check-in/scan/", views.check_in_scan, name="check_in_scan"),
    path(
        "desk/registrations/<uuid:pk>/",
        views.registration_detail,
        name="registration_detail",
    ),
    path(
        "desk/registrations/<uuid:pk>/reveal-id/",
        views.registration_reveal_id,
        name="registration_reveal_id",
    ),
    path(
        "desk/registrations/<uuid:pk>/check-out/",
        views.checkout,
        name="registration_checkout",
    ),
    path(
        "desk/registrations/<uuid:pk>/correct/",
        views.registration_correct,
        name="registration_correct",
    ),
    path("desk/search/", views.registration_search, name="registration_search"),
    path("desk/import/", views.registration_import, name="registration_import"),
    path(
        "desk/import/<uuid:pk>/",
        views.registration_import_preview,
        name="registration_import_preview",
    ),
    path("desk/rooms/", room_pages.room_list, name="room_list"),
    path("desk/rooms/<uuid:pk>/", room_pages.room_edit, name="room_edit"),
    path("desk/concerns/", views.concern_list, name="concern_list"),
    path("desk/concerns/new/", views.concern_new, name="concern_new"),
    path("desk/concerns/filed/", views.concern_filed, name="concern_filed"),
    path("desk/concerns/<uuid:pk>/", views.concern_detail, name="concern_detail"),
]
