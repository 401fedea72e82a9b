"""Test-only helpers for tampering with the database the way an attacker with SQL access would."""

from contextlib import contextmanager

from django.db import connection

from hotelcompliance.db_triggers import CORE_TABLES_NOW, create_sql, drop_sql


@contextmanager
def append_only_triggers_disabled(tables=CORE_TABLES_NOW):
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


def empty_append_only_tables_on_sqlite() -> None:
    """Empty every trigger-guarded table so a transactional test's flush can run.

    On PostgreSQL the flush TRUNCATEs, which row triggers do not see; SQLite's flush
    DELETEs row by row, which the append-only triggers refuse.
    """
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'trigger'")
        triggers = cursor.fetchall()
        for name, _table, _sql in triggers:
            cursor.execute(f'DROP TRIGGER "{name}"')
        for table in sorted({table for _name, table, _sql in triggers}):
            cursor.execute(f'DELETE FROM "{table}"')
        for _name, _table, sql in triggers:
            cursor.execute(sql)


def run_concurrently(work, workers: int, *, timeout: float = 120) -> list[Exception]:
    """Run `work(worker_index)` in `workers` threads started together; return their errors.

    Each thread closes its own database connection, so the test database can be dropped.
    """
    import threading

    barrier = threading.Barrier(workers)
    errors: list[Exception] = []

    def run(index: int) -> None:
        try:
            barrier.wait(timeout=30)
            work(index)
        except Exception as error:  # collected for the test to assert on
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    return errors


@contextmanager
def triggers_bypassed(*tables: str):
    """Let raw SQL change these tables as a superuser (or a restored, edited backup) could.

    SQLite: the tables' triggers are dropped and re-created. PostgreSQL: `ALTER TABLE ...
    DISABLE TRIGGER USER`, undone afterwards (both inside the test's transaction).
    """
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            marks = ", ".join("%s" for _ in tables)
            cursor.execute(
                "SELECT name, sql FROM sqlite_master"
                f" WHERE type = 'trigger' AND tbl_name IN ({marks})",
                tables,
            )
            saved = cursor.fetchall()
            for name, _sql in saved:
                cursor.execute(f'DROP TRIGGER "{name}"')
        elif tables:
            # ALTER TABLE waits for no deferred foreign-key check: run the pending ones now.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for table in tables:
                cursor.execute(f'ALTER TABLE "{table}" DISABLE TRIGGER USER')
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                for _name, sql in saved:
                    cursor.execute(sql)
            elif tables:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                for table in tables:
                    cursor.execute(f'ALTER TABLE "{table}" ENABLE TRIGGER USER')
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def tamper(statement: str, *params, tables: tuple[str, ...] = ()) -> int:
    """Run one raw statement with the named tables' triggers out of the way; rows changed."""
    with triggers_bypassed(*tables), connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.rowcount
