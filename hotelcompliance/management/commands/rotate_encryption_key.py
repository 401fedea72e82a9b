"""Re-encrypt every encrypted field under the newest key and refresh its lookup hashes.

The apps' name indexes (keyed hashes of guests' names, `hotelcompliance.names`) are rebuilt
under the newest key too, after the fields.

Run it after putting a new key first in FIELD_ENCRYPTION_KEYS; remove the old key only once a
run reports 0 rows to re-encrypt. Every row is decrypted on the way, so a run also proves that
all stored values are readable with the configured keys.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import models, transaction
from django.db.models import F, Value

from hotelcompliance import crypto, names
from hotelcompliance.fields import EncryptedTextField, EncryptedToken, lookup_value, raw_token


@dataclass
class FieldReport:
    scanned: int = 0
    reencrypted: int = 0
    lookups_updated: int = 0


def encrypted_fields() -> Iterator[tuple[type[models.Model], EncryptedTextField]]:
    """Yield each concrete model's own encrypted fields (proxies and parents' fields skipped)."""
    for model in apps.get_models():
        if model._meta.proxy:
            continue
        for field in model._meta.local_concrete_fields:
            if isinstance(field, EncryptedTextField):
                yield model, field


def _batches(
    model: type[models.Model], field: EncryptedTextField, batch_size: int
) -> Iterator[list[tuple]]:
    """Yield `(pk, token, lookup)` rows in pk order; the base manager sees every row."""
    lookup = F(field.lookup_field) if field.lookup_field else Value(None, models.CharField())
    queryset = model._base_manager.order_by("pk").values_list("pk", raw_token(field.name), lookup)
    last_pk = None
    while True:
        page = queryset if last_pk is None else queryset.filter(pk__gt=last_pk)
        rows = list(page[:batch_size])
        if not rows:
            return
        yield rows
        last_pk = rows[-1][0]


def _changes(model: type[models.Model], field: EncryptedTextField, row: tuple) -> dict:
    """Return the column updates one row needs; raise CommandError if it cannot be read."""
    pk, token, lookup = row
    if not token:
        return {}  # NULL and "" are stored as they are
    try:
        plaintext = crypto.decrypt(token, aad=field.aad)
        stale = crypto.needs_rotation(token)
    except crypto.DecryptionError as error:
        raise CommandError(
            f"Cannot decrypt {model._meta.label} pk={pk} field {field.name} "
            f"({error.reason}); stopped. Rows before it are already rotated; rerun after fixing."
        ) from None
    changes: dict = {}
    if stale:
        changes[field.name] = EncryptedToken(crypto.encrypt(plaintext, aad=field.aad))
    if field.lookup_field and lookup != lookup_value(plaintext):
        changes[field.lookup_field] = lookup_value(plaintext)
    return changes


def _write(
    model: type[models.Model], field: EncryptedTextField, pk: object, token: str, changes: dict
) -> bool:
    """Apply the changes unless the row was rewritten meanwhile (compare-and-swap on the token)."""
    unchanged = model._base_manager.alias(current_token=raw_token(field.name))
    return unchanged.filter(pk=pk, current_token=token).update(**changes) == 1


def rotate_field(
    model: type[models.Model], field: EncryptedTextField, *, batch_size: int, dry_run: bool
) -> FieldReport:
    """Rotate one field batch by batch; a batch is read and checked in full before it is written."""
    report = FieldReport()
    for rows in _batches(model, field, batch_size):
        planned = [(row, _changes(model, field, row)) for row in rows]
        report.scanned += len(rows)
        with transaction.atomic(using=model._base_manager.db):
            for (pk, token, _lookup), changes in planned:
                if not changes:
                    continue
                if not dry_run and not _write(model, field, pk, token, changes):
                    continue  # a service rewrote the row meanwhile, under the newest key
                report.reencrypted += field.name in changes
                report.lookups_updated += field.lookup_field in changes
    return report


class Command(BaseCommand):
    help = "Re-encrypt encrypted fields under the newest FIELD_ENCRYPTION_KEYS key."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch-size", type=int, default=500, help="Rows per batch.")
        parser.add_argument("--dry-run", action="store_true", help="Count only; write nothing.")

    def handle(self, *args: object, **options: Any) -> None:
        batch_size, dry_run = int(options["batch_size"]), bool(options["dry_run"])
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        verb = "would re-encrypt" if dry_run else "re-encrypted"
        for model, field in encrypted_fields():
            report = rotate_field(model, field, batch_size=batch_size, dry_run=dry_run)
            self.stdout.write(
                f"{model._meta.label}.{field.name}: scanned {report.scanned}, "
                f"{verb} {report.reencrypted}, lookup hashes updated {report.lookups_updated}"
            )
        if dry_run:
            return
        for index, rewritten in names.refresh_name_indexes().items():
            self.stdout.write(f"name index {index}: rehashed {rewritten}")
