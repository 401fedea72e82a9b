"""Who may use each web route of the audits app (checked by tests/core/test_routes.py)."""

ROUTES = {
    "records_request_list": "role:records_request.respond (managers: the property's requests)",
    "records_request_new": "role:records_request.file (inspectors)",
    "records_request_paper": "role:records_request.respond (managers log a paper request)",
    "records_request_detail": "role:records_request.view (inspectors: their own; else 404)",
    "records_request_answer": "role:records_request.respond POST (review/produce/object/clarify)",
    "records_request_decide": "role:records_request.respond POST (objected requests only)",
    "records_request_exigent_review": "role:records_request.respond POST (exigent, once)",
    "records_request_withdraw": "role:records_request.file POST (the filing inspector only)",
    "records_request_document_add": "role:records_request.file POST (the filing inspector only)",
    "records_request_document": "role:records_request.view (managers, the filing inspector)",
    "poster_evidence": "role:report.view (GET) / role:report.create (POST)",
    "poster_evidence_photo": "role:report.view (404 for another property's)",
}
