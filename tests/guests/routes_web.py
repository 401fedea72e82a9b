"""Who may use the guests app's web routes (merged into the route table by tests/core)."""

ROUTES = {
    "desk": "role:registration.create",
    "desk_find": "role:registration.create (POST; the term is kept in the session, never in a URL)",
    "check_in": "role:registration.create",
    "check_in_scan": "role:registration.create (POST; the scan is never stored or logged)",
    "registration_detail": "role:registration.view (404 for another tenant's registration)",
    "registration_reveal_id": "role:registration.reveal_id (POST; logs an access event)",
    "registration_card": "role:registration.view (the stay's PDF card; 404 for another "
    "tenant's; logs a download event)",
    "registration_checkout": "role:registration.checkout (POST; 404 for another tenant's)",
    "registration_correct": "role:registration.amend (managers; 404 for another tenant's)",
    "registration_search": "role:registration.search (managers; POST form, no query string)",
    "registration_import": "role:registration.import (managers; upload, checked and previewed)",
    "registration_import_preview": "role:registration.import (managers; only the uploader's, "
    "404 otherwise; POST confirms and logs an access event)",
    "room_list": "role:registration.import (managers; the property's rooms, added by list)",
    "room_edit": "role:registration.import (managers; 404 for another tenant's room)",
    "pre_arrival_new": "role:registration.create (prepare a stay; emails its link)",
    "pre_arrival_detail": "role:registration.create (the link and QR code; 404 for another "
    "tenant's; logs an access event)",
    "pre_arrival_email": "role:registration.create (POST; queues the link's email)",
    "pre_arrival_revoke": "role:registration.create (POST; logs a revoke event)",
    "pre_arrival_check_in": "role:registration.create (the check-in form pre-filled; logs the "
    "unmasked read; POST checks in through registration_create)",
    "pre_arrival_guest": "public: the signed pre-arrival link (no account; every use logged)",
    "import_profile_list": "role:registration.import (managers; the property's profiles and "
    "the built-ins)",
    "import_profile_copy": "role:registration.import (POST; copies a built-in profile)",
    "drop_folder": "role:registration.import (managers; the property's one drop folder, "
    "a path under IMPORT_DROP_ROOT; POST saves it to run on the saver's behalf)",
    "import_profile_edit": "role:registration.import (managers; 404 for another tenant's "
    "profile; POST previews a sample (not kept) or saves)",
    "concern_new": "role:concern.create",
    "concern_filed": "role:concern.create (the confirmation after a report)",
    "concern_list": "role:concern.view (managers)",
    "concern_detail": "role:concern.view (managers; 404 for another tenant's concern)",
    "concern_case_step": "role:concern.view (POST, managers; appends a case step; 404 for "
    "another tenant's concern)",
}
