"""Web routes of the guests app: the front desk. Only UUIDs in paths, never personal data."""

from django.urls import path

from guests import drop_folder_views, import_profile_views, pre_arrival_views, room_pages, views

urlpatterns = [
    path("desk/", views.desk, name="desk"),
    path("desk/find/", views.desk_find, name="desk_find"),
    path("desk/check-in/", views.check_in, name="check_in"),
    path("desk/check-in/scan/", views.check_in_scan, name="check_in_scan"),
    path(
        "desk/registrations/<uuid:pk>/",
        views.registration_detail,
        name="registration_detail",
    ),
    path(
        "desk/registrations/<uuid:pk>/card.pdf",
        views.registration_card,
        name="registration_card",
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
    # Pre-arrival registration (guests/pre_arrivals.py).
    path("desk/pre-arrivals/new/", pre_arrival_views.pre_arrival_new, name="pre_arrival_new"),
    path(
        "desk/pre-arrivals/<uuid:pk>/",
        pre_arrival_views.pre_arrival_detail,
        name="pre_arrival_detail",
    ),
    path(
        "desk/pre-arrivals/<uuid:pk>/email/",
        pre_arrival_views.pre_arrival_email,
        name="pre_arrival_email",
    ),
    path(
        "desk/pre-arrivals/<uuid:pk>/revoke/",
        pre_arrival_views.pre_arrival_revoke,
        name="pre_arrival_revoke",
    ),
    path(
        "desk/pre-arrivals/<uuid:pk>/check-in/",
        pre_arrival_views.pre_arrival_check_in,
        name="pre_arrival_check_in",
    ),
    # The guest's own page: no account, the signed token is the capability.
    path("arrive/<str:token>/", pre_arrival_views.pre_arrival_guest, name="pre_arrival_guest"),
    path("desk/import/drop-folder/", drop_folder_views.drop_folder_edit, name="drop_folder"),
    path(
        "desk/import/profiles/",
        import_profile_views.import_profile_list,
        name="import_profile_list",
    ),
    path(
        "desk/import/profiles/copy/",
        import_profile_views.import_profile_copy,
        name="import_profile_copy",
    ),
    path(
        "desk/import/profiles/<uuid:pk>/",
        import_profile_views.import_profile_edit,
        name="import_profile_edit",
    ),
    path("desk/concerns/", views.concern_list, name="concern_list"),
    path("desk/concerns/new/", views.concern_new, name="concern_new"),
    path("desk/concerns/filed/", views.concern_filed, name="concern_filed"),
    path("desk/concerns/<uuid:pk>/", views.concern_detail, name="concern_detail"),
    path("desk/concerns/<uuid:pk>/case/", views.concern_case_step, name="concern_case_step"),
]
