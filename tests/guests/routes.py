"""Who may use each guests API route (checked by tests/core/test_routes.py)."""

ROUTES = {
    "registration-list": "role:registration.view (GET), role:registration.create (POST); 404 "
    "for another tenant's property",
    "registration-detail": "role:registration.view (GET), role:registration.amend (PATCH); 404 "
    "for another tenant's registration",
    "registration-import": "role:registration.import (POST multipart, managers; logs an "
    "access event); 404 for another tenant's property",
    "registration-checkout": "role:registration.checkout; 404 for another tenant's registration",
    "registration-by-external-ref": "role:registration.create (PUT upsert; an amendment also "
    "needs registration.amend, else 403); 404 for another tenant's property",
    "registration-batch": "role:registration.create (POST, up to 500 stays, all or none; an "
    "amendment also needs registration.amend); 404 for another tenant's property",
    "registration-intake": "no bearer token: an HMAC signature by a live integration token of "
    "this property (401 otherwise), then role:registration.create of the token's user",
    "pre-arrival-list": "role:registration.create (POST: prepare a stay, get the guest's link; "
    "the same external_ref returns the first); 404 for another tenant's property",
    "pre-arrival-detail": "role:registration.create (GET; logs an access event); 404 for "
    "another tenant's pre-arrival",
    "pre-arrival-revoke": "role:registration.create (POST; 409 once ended); 404 for another "
    "tenant's pre-arrival",
    "import-profile-list": "role:registration.import (GET list, POST create: 400 with field "
    "errors); 404 for another tenant's property",
    "import-profile-detail": "role:registration.import (GET, PUT, PATCH; no DELETE); 404 for "
    "another tenant's profile",
    "import-profile-builtins": "role:registration.import (GET the built-in profiles)",
    "import-profile-copy": "role:registration.import (POST: copy a built-in into the property)",
    "concern-list": "role:concern.view (GET, managers), role:concern.create (POST); 404 for "
    "another tenant's property",
    "concern-detail": "role:concern.view (GET only; no PATCH/PUT/DELETE); 404 for another "
    "tenant's concern",
    "concern-case": "role:concern.view (POST, managers; appends a case step); 404 for another "
    "tenant's concern",
}
