"""Test-only helpers for tampering with the database the way an attacker with SQL access would."""

from contextlib import contextmanager

from django.db import connection

from hotelcompliance.db_triggers import CORE_TABLES, create_sql, drop_sql


@contextmanager
def append_only_triggers_disabled(tables=CORE_TABLES):
    vendor = connection.vendor
    with connection.cursor() as cursor:
        for spec in tables:
            for statement in drop_sql(vendor, spec):
                cursor.execute(statement)
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            for spec in tables:
                for statement in create_sql(vendor, spec):
                    cursor.execute(statement)
