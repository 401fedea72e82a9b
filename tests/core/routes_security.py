"""Routes of the two-factor login (hotelcompliance/two_factor.py) and of API tokens."""

ROUTES = {
    "otp_verify": "login (password done; asks the second factor)",
    "otp_enrol": "login (password done; sets up the authenticator once)",
    "api_tokens": "role:api_tokens.manage (the current property's integration tokens)",
    "api_token_create": "role:api_tokens.manage (POST; key and secret shown once)",
    "api_token_revoke": "role:api_tokens.manage (POST; 404 for another property's token)",
}
