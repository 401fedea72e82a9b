"""Fast bulk data in the bench database: `INSERT ... SELECT generate_series` in one statement.

Every row of a load shares one precomputed ciphertext of the ID number (the associated data is
per column, not per row, so it decrypts like any other); no chain entries are made (listing and
purging never read them).
"""

from __future__ import annotations

from django.db import connection

from hotelcompliance import crypto
from hotelcompliance.tenancy import Property

ID_NUMBER = "X1234567"

REGISTRATIONS_SQL = """
INSERT INTO guests_registration (
    id, property_id, number, guest_name, address, phone, email, id_type, id_number,
    id_number_lookup, id_issuer, vehicle_plate, vehicle_state, room, adults, minors, occupants,
    arrival, expected_departure, checked_out_at, rate, rate_type, amount_charged,
    payment_method, receipt_number, registered_by_id, channel, external_ref, created_at,
    entry_hash
)
SELECT
    gen_random_uuid(), %(prop)s, gs, 'Guest ' || gs, '1 Main Street, Hartford CT', '',
    '', 'passport', %(token)s, %(lookup)s, 'CT', '', '', (100 + gs %% 200)::text, 1, 0,
    '[]'::jsonb, a.arrival, (a.arrival + interval '2 days')::date,
    CASE WHEN %(checked_out)s THEN a.arrival + interval '1 day' END, 149.00, 'nightly',
    298.00, 'card', 'F-' || gs, %(user)s, 'desk', '', a.arrival, repeat('0', 64)
FROM generate_series(1, %(rows)s) AS gs,
     LATERAL (SELECT %(newest)s::timestamptz - (%(rows)s - gs) * %(step)s::interval AS arrival) a
"""


def load_registrations(
    prop: Property,
    user_id: int,
    rows: int,
    *,
    newest: str,
    step: str = "5 minutes",
    checked_out: bool = True,
) -> None:
    """Insert `rows` registrations numbered 1..rows, arrivals `step` apart up to `newest`."""
    aad = "guests.registration.id_number"
    params = {
        "prop": prop.pk,
        "token": crypto.encrypt(ID_NUMBER, aad=aad),
        "lookup": crypto.lookup_hash(ID_NUMBER),
        "checked_out": checked_out,
        "user": user_id,
        "rows": rows,
        "newest": newest,
        "step": step,
    }
    with connection.cursor() as cursor:
        cursor.execute(REGISTRATIONS_SQL, params)
        cursor.execute(
            "INSERT INTO guests_registrationcounter (property_id, last_number) VALUES (%s, %s) "
            "ON CONFLICT (property_id) DO UPDATE SET last_number = EXCLUDED.last_number",
            [prop.pk, rows],
        )
        cursor.execute("ANALYZE guests_registration")
