"""Who may use each route of the audits app (checked by tests/core/test_routes.py)."""

ROUTES = {
    "records-request-list": "api role:records_request.view (inspectors: their own) / POST file",
    "records-request-detail": "api role:records_request.view (404: not theirs)",
    "records-request-review": "api role:records_request.respond",
    "records-request-produce": "api role:records_request.respond",
    "records-request-object": "api role:records_request.respond (grounds required)",
    "records-request-clarify": "api role:records_request.respond (question required)",
    "records-request-withdraw": "api role:records_request.file (the filing inspector only)",
    "records-request-decide": "api role:records_request.respond (objected requests only)",
    "records-request-exigent-review": (
        "api role:records_request.respond (exigent productions, once)"
    ),
    "records-request-documents": "api role:records_request.file (the filing inspector only)",
    "poster-evidence-list": "api role:report.view / POST role:report.create",
}
