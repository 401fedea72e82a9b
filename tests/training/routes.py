"""Who may use each route of the training app (checked by tests/core/test_routes.py)."""

ROUTES = {
    "training_roster": "role:training.view",
    "training_group": "role:training.view (each property listed needs training.view)",
    "training_employee": "role:training.view (404 for another property's employee)",
    "training_employee_new": "role:training.manage",
    "training_record_new": "role:training.manage (404 for another property's employee)",
    "training_roster_csv": "role:training.manage (access-logged export)",
    "training_certificate": "role:training.view (404 for another property's record; logged)",
    "training-record-certificate": "api role:training.view (404 for another property's record)",
    "training_import": "role:training.manage",
    "training_employee_remind": "role:training.manage, POST (404 for another property's employee)",
    "training_employee_edit": "role:training.manage (404 for another property's employee)",
    "training_employee_leaver": "role:training.manage, POST (404 for another property's employee)",
    "training_courses": "role:training.manage",
    "training_awareness": "role:training.manage (the property's own employees; logged)",
    "training_course_new": "role:training.manage",
    "training_course_edit": "role:training.manage (404 for a shared, retired or other property's)",
    "training_course_retire": "role:training.manage, POST (404 as for editing)",
    "training_submissions": "role:training.manage",
    "training_submission": "role:training.manage (404 for another property's certificate)",
    "training_submission_certificate": "role:training.manage (404 elsewhere; access-logged)",
    "training_import_preview": "role:training.manage (404 for another user's or property's file)",
    "training-employee-list": "api role:training.view / POST training.manage",
    "training-employee-detail": "api role:training.view / PATCH training.manage",
    "training-record-list": "api role:training.view / POST training.manage",
    "training-status": "api role:training.view",
    "course-list": "api role:training.view (404 for another tenant's property)",
    "training_certifications": "role:training.manage (POST certifies the year's trained staff)",
    "training_certifications_roster_pdf": (
        "role:training.manage + report.create (POST queues the signed annual-certification report)"
    ),
    "training_certification_pdf": (
        "role:training.manage + report.create (POST queues the signed personnel-file report; "
        "404 for another property's or an uncertified employee)"
    ),
    "training_employee_link_new": "role:training.manage (404 for another property's employee)",
    "training_employee_link_email": "role:training.manage (404 for another property's employee)",
    "training_employee_link_text": (
        "role:training.manage, POST (404 for another property's employee; kept and logged)"
    ),
    "training_employee_link_revoke": "role:training.manage (404 for another property's employee)",
    "training_employee_link_sheet": "role:training.manage (404 for another property's employee)",
    "employee_home": "public: the employee's signed link (404 when bad, revoked or expired)",
    "employee_language": "public: the employee's signed link",
    "employee_course": "public: the employee's signed link",
    "employee_awareness": "public: the employee's signed link",
    "employee_certificate_upload": "public: the employee's signed link",
    "employee_course_start": "public: the employee's signed link",
    "employee_course_section": "public: the employee's signed link",
    "employee_course_scenario": "public: the employee's signed link",
    "employee_course_check": "public: the employee's signed link",
    "employee_course_finish": "public: the employee's signed link",
    "employee_certificate": "public: the employee's signed link (another's certificate: 404)",
}
