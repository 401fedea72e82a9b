"""Web routes of the training app."""

from django.urls import path

from training import (
    awareness_views,
    catalog_views,
    employee_pages,
    link_views,
    self_service_views,
    views,
)

urlpatterns = [
    path("training/", views.roster, name="training_roster"),
    path("training/group/", views.group, name="training_group"),
    path("training/roster.csv", views.roster_csv, name="training_roster_csv"),
    path("training/import/", views.import_upload, name="training_import"),
    path("training/import/<uuid:pk>/", views.import_preview, name="training_import_preview"),
    path(
        "training/records/<int:pk>/certificate/",
        views.record_certificate,
        name="training_certificate",
    ),
    path("training/awareness/", awareness_views.awareness_page, name="training_awareness"),
    path("training/courses/", catalog_views.course_list, name="training_courses"),
    path("training/courses/new/", catalog_views.course_new, name="training_course_new"),
    path("training/courses/<int:pk>/", catalog_views.course_edit, name="training_course_edit"),
    path(
        "training/courses/<int:pk>/retire/",
        catalog_views.course_retire_view,
        name="training_course_retire",
    ),
    path("training/certificates/", catalog_views.submission_list, name="training_submissions"),
    path(
        "training/certificates/<int:pk>/",
        catalog_views.submission_decide,
        name="training_submission",
    ),
    path(
        "training/certificates/<int:pk>/file/",
        catalog_views.submission_certificate,
        name="training_submission_certificate",
    ),
    path("training/employees/new/", views.employee_new, name="training_employee_new"),
    path("training/employees/<int:pk>/", views.employee_detail, name="training_employee"),
    path(
        "training/employees/<int:pk>/edit/",
        employee_pages.employee_edit_page,
        name="training_employee_edit",
    ),
    path(
        "training/employees/<int:pk>/leaver/",
        employee_pages.employee_leaver,
        name="training_employee_leaver",
    ),
    path(
        "training/employees/<int:pk>/remind/",
        views.employee_remind,
        name="training_employee_remind",
    ),
    path("training/employees/<int:pk>/records/new/", views.record_new, name="training_record_new"),
    path(
        "training/employees/<int:pk>/link/",
        link_views.employee_link_new,
        name="training_employee_link_new",
    ),
    path(
        "training/employees/<int:pk>/link/email/",
        link_views.employee_link_email,
        name="training_employee_link_email",
    ),
    path(
        "training/employees/<int:pk>/link/text/",
        link_views.employee_link_text_new,
        name="training_employee_link_text",
    ),
    path(
        "training/employees/<int:pk>/link/revoke/",
        link_views.employee_link_end,
        name="training_employee_link_revoke",
    ),
    path(
        "training/employees/<int:pk>/link/sheet/",
        link_views.employee_link_sheet,
        name="training_employee_link_sheet",
    ),
    path(
        "training/certifications/<int:year>/",
        views.certifications,
        name="training_certifications",
    ),
    path(
        "training/certifications/<int:year>/roster/report/",
        views.certifications_roster_pdf,
        name="training_certifications_roster_pdf",
    ),
    path(
        "training/certifications/<int:year>/employees/<int:pk>/report/",
        views.certification_pdf,
        name="training_certification_pdf",
    ),
]

# The employee's own pages, through their personal link (no login).
urlpatterns += [
    path("e/<str:token>/", self_service_views.employee_home, name="employee_home"),
    path(
        "e/<str:token>/language/",
        self_service_views.employee_language,
        name="employee_language",
    ),
    path("e/<str:token>/course/", self_service_views.employee_course, name="employee_course"),
    path(
        "e/<str:token>/awareness/",
        self_service_views.employee_awareness,
        name="employee_awareness",
    ),
    path(
        "e/<str:token>/certificate-upload/",
        self_service_views.employee_upload,
        name="employee_certificate_upload",
    ),
    path(
        "e/<str:token>/course/start/",
        self_service_views.employee_course_start,
        name="employee_course_start",
    ),
    path(
        "e/<str:token>/certificates/<uuid:pk>/",
        self_service_views.employee_certificate,
        name="employee_certificate",
    ),
    path(
        "e/<str:token>/course/finish/",
        self_service_views.employee_course_finish,
        name="employee_course_finish",
    ),
    path(
        "e/<str:token>/course/<slug:lesson_id>/section/<slug:item_id>/",
        self_service_views.employee_course_section,
        name="employee_course_section",
    ),
    path(
        "e/<str:token>/course/<slug:lesson_id>/scenario/<slug:item_id>/",
        self_service_views.employee_course_scenario,
        name="employee_course_scenario",
    ),
    path(
        "e/<str:token>/course/<slug:lesson_id>/check/",
        self_service_views.employee_course_check,
        name="employee_course_check",
    ),
]
