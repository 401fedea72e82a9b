"""Who may use each route of reports and verification (checked by tests/core/test_routes.py)."""

ROUTES = {
    "audit-report-list": (
        "api role:records_request.view (inspectors: produced for them) / POST report.create"
    ),
    "audit-report-detail": "api role:records_request.view (404: not theirs)",
    "audit-report-download": (
        "api role:records_request.view (403 after the inspector's grant expires)"
    ),
    "api-verify": "public (throttled; answers without guest data)",
    "report_list": "role:records_request.view (inspectors: produced for them)",
    "report_create": "role:report.create (POST)",
    "report_detail": "role:records_request.view (404: not theirs)",
    "report_status": "role:records_request.view (JSON for the progress bar)",
    "report_download": "role:records_request.view (403 after the inspector's grant expires)",
    "verify": "public (no guest data)",
}
