"""Least-privilege roles: the application's role appends, only the purge's role destroys.

CI connects as the superuser `postgres`, which owns the tables (the "owner" role). These tests
create an application and a purge role (names unique to the test database: roles are
cluster-wide), apply `manage.py db_roles`, `SET ROLE` to them and prove what each may do.
PostgreSQL only: they fail, not skip, under REQUIRE_SERVICES=1.
"""

import re
import zoneinfo
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, connections, transaction
from django.utils import timezone

from guests.models import Amendment, ConcernReport, IdempotencyKey, PurgeRecord, Registration
from guests.retention import purge_database, purge_expired
from guests.services import (
    registration_amend,
    registration_checkout,
    registration_create_idempotent,
)
from hotelcompliance.access_log import AccessKind, access_event_record
from hotelcompliance.chain import ChainCheckpoint, ChainEntry, chain_verify, chain_verify_contents
from hotelcompliance.db_roles import setup_sql, table_policies
from hotelcompliance.db_triggers import purge_allowed_function_sql
from tests.conftest import REQUIRE_SERVICES
from tests.guests.concern_data import make_concern
from tests.guests.factories import arriving, checkin_data, make_registration

APPEND_ONLY = sorted(p.table for p in table_policies() if p.append_only)


@dataclass(frozen=True)
class Roles:
    app: str
    purge: str


def require_postgresql() -> None:
    if connection.vendor != "postgresql":
        if REQUIRE_SERVICES:
            pytest.fail("REQUIRE_SERVICES=1 but DATABASE_URL is not PostgreSQL")
        pytest.skip("Database roles are PostgreSQL's; set DATABASE_URL to run these")


def role_names() -> Roles:
    suffix = re.sub(r"[^a-z0-9_]", "_", connection.settings_dict["NAME"].lower())[:40]
    return Roles(app=f"hc_app_{suffix}", purge=f"hc_purge_{suffix}")


def execute(sql: str, params=()) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


@pytest.fixture
def roles(db) -> Roles:
    """The two roles, set up by the command, inside the test's transaction (rolled back)."""
    require_postgresql()
    names = role_names()
    execute(f'CREATE ROLE "{names.app}" NOLOGIN')
    execute(f'CREATE ROLE "{names.purge}" NOLOGIN')
    call_command("db_roles", "--app-role", names.app, "--purge-role", names.purge)
    return names


@contextmanager
def acting_as(role: str):
    """Run the block as `role` (SET LOCAL: it ends with the test's transaction anyway)."""
    execute(f'SET LOCAL ROLE "{role}"')
    try:
        yield
    finally:
        execute("RESET ROLE")


def refused(sql: str, params=()) -> str:
    """Run `sql` in a savepoint; it must fail. Returns the database's message."""
    with pytest.raises(DatabaseError) as error, transaction.atomic():
        execute(sql, params)
    return str(error.value)


def local_today(prop):
    return timezone.localdate(timezone=zoneinfo.ZoneInfo(prop.timezone))


def old_stay(prop, actor):
    day = local_today(prop) - timedelta(days=200)
    data = checkin_data(
        prop, arrival=arriving(prop, day), expected_departure=day + timedelta(days=2)
    )
    registration, _ = registration_create_idempotent(
        prop=prop, actor=actor, channel="api", data=data, digest="d" * 64, idempotency_key="k-1"
    )
    registration_checkout(
        registration=registration, actor=actor, at=registration.arrival + timedelta(hours=20)
    )
    registration_amend(registration=registration, actor=actor, changes={"room": "9"}, reason="x")
    make_concern(prop, actor, registration=str(registration.pk))
    return registration


def test_the_setup_covers_every_append_only_table():
    assert set(APPEND_ONLY) >= {
        "core_chainentry",
        "core_chaincheckpoint",
        "core_accessevent",
        "guests_amendment",
        "guests_concernreport",
        "guests_concernformtoken",
        "guests_purgerecord",
        "audits_recordsrequestevent",
    }
    statements = setup_sql(app_role="hc_app", purge_role="hc_purge")
    for table in APPEND_ONLY:
        assert f'REVOKE UPDATE, DELETE ON "public"."{table}" FROM "hc_app"' in statements
    assert 'REVOKE DELETE ON "public"."guests_registration" FROM "hc_app"' in statements


def test_the_command_prints_its_sql_and_refuses_odd_names(capsys):
    call_command("db_roles", "--app-role", "hc_app", "--purge-role", "hc_purge", "--sql")
    assert 'GRANT "hc_app" TO "hc_purge";' in capsys.readouterr().out

    with pytest.raises(CommandError, match="plain role name"):
        call_command("db_roles", "--app-role", 'x"; DROP', "--purge-role", "p", "--sql")
    with pytest.raises(CommandError, match="two different roles"):
        call_command("db_roles", "--app-role", "same", "--purge-role", "same", "--sql")


@pytest.mark.django_db
def test_the_command_refuses_a_superuser_app_role():
    require_postgresql()
    with pytest.raises(CommandError, match="superuser"):
        call_command("db_roles", "--app-role", "postgres", "--purge-role", role_names().purge)


@pytest.mark.django_db
def test_the_app_role_runs_the_register(roles, hotel_a, maria, sam):
    with acting_as(roles.app):
        registration = make_registration(hotel_a, sam)
        registration_amend(
            registration=registration, actor=maria, changes={"room": "202"}, reason="Moved"
        )
        registration_checkout(registration=registration, actor=sam)
        make_concern(hotel_a, sam, registration=str(registration.pk))
        access_event_record(
            actor=maria, prop=hotel_a, kind=AccessKind.SEARCH, object_type="registration"
        )
        assert chain_verify(hotel_a).ok
        assert chain_verify_contents(hotel_a) == []


@pytest.mark.django_db
@pytest.mark.parametrize("table", APPEND_ONLY)
def test_the_app_role_can_neither_update_nor_delete_an_append_only_table(roles, table):
    with acting_as(roles.app):
        assert "permission denied" in refused(f'UPDATE "{table}" SET property_id = property_id')
        assert "permission denied" in refused(f'DELETE FROM "{table}"')
        assert "permission denied" in refused(f'TRUNCATE "{table}"')


@pytest.mark.django_db
def test_the_app_role_cannot_switch_the_guards_off(roles):
    with acting_as(roles.app):
        for table in [*APPEND_ONLY, "guests_registration"]:
            assert "must be owner" in refused(f'ALTER TABLE "{table}" DISABLE TRIGGER ALL')
        assert "must be owner" in refused(
            'DROP TRIGGER "guests_amendment_append_only" ON "guests_amendment"'
        )
        assert re.search(
            "must be owner|permission denied", refused(purge_allowed_function_sql(None))
        )
        assert "permission denied" in refused(
            "CREATE FUNCTION public.hc_lookalike() RETURNS boolean"
            " LANGUAGE sql AS $$ SELECT TRUE $$"
        )
        assert "permission denied" in refused("SET session_replication_role = replica")
        # (SET ROLE itself is judged by the session's login, postgres here: see the last test.)
        # Only the purge destroys registrations.
        assert "permission denied" in refused("DELETE FROM guests_registration")


@pytest.mark.django_db
def test_a_forged_checkpoint_unlocks_no_deletion(roles, hotel_a, maria):
    with acting_as(roles.app):
        registration = make_registration(hotel_a, maria)
        registration_amend(
            registration=registration, actor=maria, changes={"room": "9"}, reason="x"
        )
        head = ChainEntry.objects.filter(property=hotel_a).order_by("-seq").first()
        # The app role may append a checkpoint (the purge's own path does, on one role)...
        ChainCheckpoint.objects.create(
            property=hotel_a, seq=head.seq, entry_hash=head.entry_hash, reason="retention purge"
        )
        assert "permission denied" in refused("DELETE FROM guests_amendment")
        assert "permission denied" in refused(
            "UPDATE guests_concernreport SET registration_id = NULL"
        )
    # ...and even with DELETE granted by mistake, the triggers ask for the purge's role.
    execute(f'GRANT DELETE ON guests_amendment, core_chainentry TO "{roles.app}"')
    with acting_as(roles.app):
        assert "append-only" in refused("DELETE FROM guests_amendment")
        assert "append-only" in refused(
            "DELETE FROM core_chainentry WHERE property_id = %s", [hotel_a.pk]
        )
    execute(f'GRANT UPDATE ON guests_concernreport TO "{roles.app}"')
    concern = make_concern(hotel_a, maria, registration=str(registration.pk))
    with acting_as(roles.app):
        assert "append-only" in refused(
            "UPDATE guests_concernreport SET registration_id = NULL WHERE id = %s", [concern.pk]
        )
    assert Amendment.objects.filter(registration=registration).count() == 1


@pytest.mark.django_db
def test_the_purge_succeeds_as_the_purge_role_and_fails_as_the_app_role(roles, hotel_a, maria):
    with acting_as(roles.app):
        registration = old_stay(hotel_a, maria)
        kept = make_registration(hotel_a, maria)
        with pytest.raises(DatabaseError), transaction.atomic():
            purge_expired(prop=hotel_a, today=local_today(hotel_a))
    assert Registration.objects.filter(pk=registration.pk).exists()

    with acting_as(roles.purge):
        report = purge_expired(prop=hotel_a, today=local_today(hotel_a))

    assert (report.registrations, report.amendments, report.idempotency_keys) == (1, 1, 1)
    assert report.concerns_unlinked == 1
    assert not Registration.objects.filter(pk=registration.pk).exists()
    assert Registration.objects.filter(pk=kept.pk).exists()
    assert not IdempotencyKey.objects.exists()
    assert ConcernReport.objects.get().registration_id is None
    assert PurgeRecord.objects.get(dry_run=False).registrations == 1
    assert chain_verify(hotel_a).ok
    assert chain_verify_contents(hotel_a) == []


# --- the purge's own connection (PURGE_DATABASE_URL) ---------------------------------------------


@contextmanager
def purge_connection_as(role: str):
    """A `purge` database alias logging in as `role`, as PURGE_DATABASE_URL configures it.

    Django's test case refuses to open connections for aliases it was not told of when it
    started; connecting explicitly (not lazily) is allowed.
    """
    connections.settings["purge"] = {
        **connections["default"].settings_dict,
        "USER": role,
        "PASSWORD": "purge-test",
    }
    connections["purge"].connect()
    try:
        yield
    finally:
        connections["purge"].close()
        del connections["purge"]
        del connections.settings["purge"]


@contextmanager
def app_login(role: str):
    """A plain connection logging in as `role`, as DATABASE_URL would."""
    settings = connections["default"].settings_dict
    conn = psycopg.connect(
        host=settings["HOST"] or "127.0.0.1",
        port=settings["PORT"] or 5432,
        dbname=settings["NAME"],
        user=role,
        password="app-test",
        connect_timeout=10,
    )
    try:
        yield conn
    finally:
        conn.close()


@pytest.mark.django_db(transaction=True)
def test_the_purge_deletes_through_its_own_login_while_the_app_cannot(hotel_a, maria):
    require_postgresql()
    names = role_names()
    execute(f'DROP ROLE IF EXISTS "{names.purge}"')
    execute(f'DROP ROLE IF EXISTS "{names.app}"')
    execute(f"CREATE ROLE \"{names.app}\" LOGIN PASSWORD 'app-test'")
    execute(f"CREATE ROLE \"{names.purge}\" LOGIN PASSWORD 'purge-test'")
    try:
        call_command("db_roles", "--app-role", names.app, "--purge-role", names.purge)
        registration = old_stay(hotel_a, maria)
        execute(f'SET ROLE "{names.app}"')  # the app's connection, for the rest of the test
        with purge_connection_as(names.purge):
            assert purge_database() == "purge"
            report = purge_expired(prop=hotel_a, today=local_today(hotel_a))
            with connections["purge"].cursor() as cursor:
                cursor.execute("SELECT current_user")
                assert cursor.fetchone()[0] == names.purge
        assert report.registrations == 1
        assert not Registration.objects.filter(pk=registration.pk).exists()
        # The app's own login cannot become the purge role, nor delete what it deletes.
        with app_login(names.app) as app:
            for statement in (f'SET ROLE "{names.purge}"', "DELETE FROM guests_registration"):
                with pytest.raises(psycopg.Error, match="permission denied"):
                    app.execute(statement)
                app.rollback()
        assert chain_verify(hotel_a).ok
        assert chain_verify_contents(hotel_a) == []
    finally:
        execute("RESET ROLE")
        execute(purge_allowed_function_sql(None))  # the next test's database has no roles
        execute(f'DROP OWNED BY "{names.app}", "{names.purge}"')
        execute(f'DROP ROLE IF EXISTS "{names.purge}"')
        execute(f'DROP ROLE IF EXISTS "{names.app}"')
    assert purge_database() == "default"
