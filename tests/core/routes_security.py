"""Routes of the two-factor login (hotelcompliance/two_factor.py)."""

ROUTES = {
    "otp_verify": "login (password done; asks the second factor)",
    "otp_enrol": "login (password done; sets up the authenticator once)",
}
