"""CSV import of a property-management system's nightly export: every row or none.

Three steps, each bounded: `open_rows` streams the file (UTF-8, a BOM allowed, at most
`MAX_IMPORT_BYTES`, at most `MAX_IMPORT_ROWS` rows); `validate` checks every row exactly like a
check-in (`services.registration_validate`, channel `import`) plus the file's own rules
(columns, duplicates, `checked_out_at`), keeping only the errors; `commit` reads the file a
second time and, in one transaction, numbers the rows once for the whole file under the
counter lock, chains them in bulk (`chain_append_many`) and inserts them in batches of
`BATCH_SIZE`. Neither pass keeps the rows: memory follows the batch, not the file (the
duplicate checks keep two 16-byte fingerprints per row, bounded by the row cap).

`registrations_import(*, prop, actor, file, dry_run=False)` is the one entry point for the
page, the API and the benchmark.

Errors name the line, the column and the rule, never a cell's value (a header is named by its
column letter, since a file without one has a guest's row there), so the errors kept on a
`RegistrationImport` hold no personal data; its file is kept encrypted, and every import row
goes a day after its upload (`registration_imports_purge`).
"""

import csv
import hashlib
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from guests import name_index, services
from guests.models import (
    Channel,
    IdType,
    PaymentMethod,
    RateType,
    Registration,
    RegistrationCounter,
    RegistrationImport,
)
from hotelcompliance import crypto
from hotelcompliance.access_log import AccessKind, access_event_record
from hotelcompliance.chain import chain_append_many
from hotelcompliance.csv_cells import column_letter, without_value
from hotelcompliance.fields import EncryptedToken, lookup_value
from hotelcompliance.rules import GUEST_FIELDS
from hotelcompliance.tenancy import Property

MAX_IMPORT_BYTES = 20 * 1024 * 1024
MAX_IMPORT_ROWS = 200_000
BATCH_SIZE = 1000
# A file with thousands of bad rows is reported in full by count, in detail up to this many.
MAX_REPORTED_ERRORS = 1000
HEADER_LINE = 1
# Dates outside these years are typing errors, and stay clear of any date arithmetic limit.
EARLIEST_YEAR, LATEST_YEAR = 2000, 2100

# The API contract's registration fields (../shared/DESIGN.md, "API contract v1"), in its order,
# plus the check-out time a nightly export knows for stays already over.
COLUMNS = (*GUEST_FIELDS, "external_ref", "checked_out_at")
INTEGER_COLUMNS = ("adults", "minors")
DECIMAL_COLUMNS = ("rate", "amount_charged")
CHOICE_COLUMNS = {
    "id_type": IdType.values,
    "rate_type": RateType.values,
    "payment_method": PaymentMethod.values,
}
OCCUPANT_SEPARATOR = ";"
_NAME_CHARS = re.compile(r"[\s-]+")


class ImportFileError(Exception):
    """The file as a whole cannot be imported (size, encoding, emptiness)."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass(frozen=True)
class RowError:
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"Line {self.line}, {self.field}: {self.message}"


@dataclass
class ImportResult:
    """What an import found and did. `errors` lists at most MAX_REPORTED_ERRORS of them."""

    rows: int = 0
    bad_rows: int = 0
    error_count: int = 0
    errors: list[RowError] = field(default_factory=list)
    columns: tuple[str, ...] = ()
    dry_run: bool = False
    imported: int = 0
    first_number: int | None = None
    last_number: int | None = None
    sha256: str = ""

    @property
    def ok(self) -> bool:
        return self.error_count == 0 and self.rows > 0

    @property
    def good_rows(self) -> int:
        return self.rows - self.bad_rows

    def add(self, error: RowError) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_REPORTED_ERRORS:
            self.errors.append(error)

    def as_dict(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "good_rows": self.good_rows,
            "bad_rows": self.bad_rows,
            "imported": self.imported,
            "dry_run": self.dry_run,
            "first_number": self.first_number,
            "last_number": self.last_number,
            "error_count": self.error_count,
            "errors": [
                {"line": e.line, "field": e.field, "message": e.message} for e in self.errors
            ],
        }


def registrations_import(
    *, prop: Property, actor, file: IO[bytes], dry_run: bool = False, request=None
) -> ImportResult:
    """Validate every row of a PMS export, then import them all in one transaction, or none.

    `file` is a binary file object (an upload); it is read twice, so it must be seekable.
    Raises `ImportFileError` for a file that cannot be read at all; row problems come back in
    `ImportResult.errors` with nothing written. The caller checks the actor's permission
    (`registration.import`, managers).
    """
    check_size(file)
    result = validate(prop=prop, actor=actor, file=file)
    result.dry_run = dry_run
    if dry_run or not result.ok:
        return result
    return commit(prop=prop, actor=actor, file=file, result=result, request=request)


def file_digest(file: IO[bytes]) -> str:
    """SHA-256 of the file's bytes: the second pass trusts only the bytes the first checked."""
    file.seek(0)
    digest = hashlib.sha256()
    for chunk in iter(lambda: file.read(1024 * 1024), b""):
        digest.update(chunk)
    file.seek(0)
    return digest.hexdigest()


def check_size(file: IO[bytes]) -> None:
    size = getattr(file, "size", None)
    if size is None:
        file.seek(0, io.SEEK_END)
        size = file.tell()
    file.seek(0)
    if size > MAX_IMPORT_BYTES:
        raise ImportFileError(
            f"The file is {size / 1024 / 1024:.1f} MB; an import may be at most "
            f"{MAX_IMPORT_BYTES // 1024 // 1024} MB. Split it into smaller files.",
            code="too_large",
        )
    if not size:
        raise ImportFileError("The file is empty.", code="empty")


# ---- reading ------------------------------------------------------------------------------


def open_rows(file: IO[bytes]) -> Iterator[tuple[int, list[str]]]:
    """Yield (line, cells) for the header and each non-blank row, decoding as it goes.

    Raises `ImportFileError` for a non-UTF-8 byte or more rows than the cap.
    """
    file.seek(0)
    raw = file.file if hasattr(file, "file") and hasattr(file.file, "readable") else file
    text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
    reader = csv.reader(text)
    rows = 0
    try:
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                return
            except UnicodeDecodeError:
                raise ImportFileError(
                    f"The file is not UTF-8 text (near line {reader.line_num + 1}). Save it "
                    "from your PMS or spreadsheet as \u201cCSV UTF-8\u201d and upload it again.",
                    code="encoding",
                ) from None
            except csv.Error as error:
                raise ImportFileError(
                    f"The CSV cannot be read at line {reader.line_num}: {error}.", code="csv"
                ) from None
            if not any(cell.strip() for cell in cells):
                continue  # a blank line, as spreadsheets leave at the end
            if reader.line_num > HEADER_LINE:
                rows += 1
                if rows > MAX_IMPORT_ROWS:
                    raise ImportFileError(
                        f"The file has more than {MAX_IMPORT_ROWS:,} rows; split it into "
                        "smaller files.",
                        code="too_many_rows",
                    )
            yield reader.line_num, cells
    finally:
        text.detach()  # leave the upload open: it is read twice


def _column_name(name: str) -> str:
    return _NAME_CHARS.sub("_", name.strip().lower())


def required_columns(prop: Property) -> tuple[str, ...]:
    required = (
        set(services.ALWAYS_REQUIRED) | set(prop.rule_pack().guest_fields().required) | {"arrival"}
    )
    return tuple(name for name in COLUMNS if name in required)


def _column_errors(prop: Property, columns: list[str]) -> list[RowError]:
    listing = ", ".join(COLUMNS)
    errors = []
    # By position, not by name: a file without its header row has a guest's data up here.
    unknown = [position for position, c in enumerate(columns, start=1) if c not in COLUMNS]
    if unknown:
        places = ", ".join(column_letter(position) for position in unknown[:10])
        errors.append(
            RowError(
                HEADER_LINE,
                "columns",
                f"Unknown column heading in column {places}. The columns are: {listing}.",
            )
        )
    missing = [c for c in required_columns(prop) if c not in columns]
    if missing:
        errors.append(
            RowError(
                HEADER_LINE,
                "columns",
                f"Missing column: {', '.join(missing)}. The columns are: {listing}.",
            )
        )
    repeated = sorted({c for c in columns if columns.count(c) > 1 and c in COLUMNS})
    if repeated:
        errors.append(
            RowError(HEADER_LINE, "columns", f"Column given twice: {', '.join(repeated)}.")
        )
    return errors


# ---- one row ------------------------------------------------------------------------------


@dataclass
class _Row:
    line: int
    data: dict[str, Any]
    checked_out_at: datetime | None
    errors: dict[str, str]


def _parse_row(line: int, columns: list[str], cells: list[str], tz) -> _Row:
    """The row's cells as the check-in service's typed `data` (empty cells left out)."""
    row = _Row(line=line, data={}, checked_out_at=None, errors={})
    if len(cells) != len(columns):
        row.errors["columns"] = f"This row has {len(cells)} cells; the header has {len(columns)}."
        return row
    for name, cell in zip(columns, cells, strict=True):
        text = cell.strip()
        if not text:
            continue
        if name in INTEGER_COLUMNS:
            if not text.isascii() or not text.isdigit() or len(text) > 4:
                row.errors[name] = "Give a whole number."
            else:
                row.data[name] = int(text)
        elif name in DECIMAL_COLUMNS:
            row.data[name] = _decimal(row, name, text)
        elif name in CHOICE_COLUMNS:
            if text not in CHOICE_COLUMNS[name]:
                row.errors[name] = f"Unknown value; use one of: {', '.join(CHOICE_COLUMNS[name])}."
            else:
                row.data[name] = text
        elif name == "occupants":
            row.data[name] = [n.strip() for n in text.split(OCCUPANT_SEPARATOR) if n.strip()]
        elif name == "arrival":
            row.data[name] = _moment(row, name, text, tz)
        elif name == "checked_out_at":
            row.checked_out_at = _moment(row, name, text, tz)
        elif name == "expected_departure":
            row.data[name] = _day(row, name, text)
        else:
            row.data[name] = cell  # the service strips and checks text
    if "arrival" not in row.data and "arrival" not in row.errors:
        row.errors["arrival"] = "Required: write the arrival as 2026-07-01T15:00."
    row.data = {k: v for k, v in row.data.items() if k not in row.errors}
    return row


def _decimal(row: _Row, name: str, text: str) -> Decimal | None:
    try:
        value = Decimal(text)
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite():
        row.errors[name] = "Give an amount such as 149.00."
        return None
    return value


def _moment(row: _Row, name: str, text: str, tz) -> datetime | None:
    try:
        value = datetime.fromisoformat(text) if len(text) > 10 else None
    except ValueError:
        value = None
    if value is None:
        row.errors[name] = "Not a date and time; write 2026-07-01T15:00 (or 2026-07-01 15:00)."
        return None
    if not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        row.errors[name] = f"Give a year from {EARLIEST_YEAR} to {LATEST_YEAR}."
        return None
    if timezone.is_naive(value):
        value = value.replace(tzinfo=tz)  # the property's local time
    return value


def _day(row: _Row, name: str, text: str) -> date | None:
    try:
        value = date.fromisoformat(text) if len(text) == 10 else None
    except ValueError:
        value = None
    if value is None:
        looks_right = re.fullmatch(r"\d{4}-\d{2}-\d{2}", text)
        row.errors[name] = (
            "Not a real date (check the month and the day)."
            if looks_right
            else "Not a date; write 2026-07-01."
        )
        return None
    if not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        row.errors[name] = f"Give a year from {EARLIEST_YEAR} to {LATEST_YEAR}."
        return None
    return value


def _checked_registration(
    prop: Property, actor, row: _Row, now: datetime, *, pack, field_checks: bool = True
) -> Registration | None:
    """The check-in service's verdict on the row, its errors merged into `row.errors`."""
    registration = None
    try:
        registration = services.registration_validate(
            prop=prop,
            actor=actor,
            channel=Channel.IMPORT,
            data=row.data,
            check_external_ref=False,  # checked per batch
            field_checks=field_checks,
            pack=pack,  # computed once per pass, not per row
            checked_out_at=row.checked_out_at,  # the rate rule judges the real length
        )
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            # A choice is a code, not personal data: the rule may well name it.
            value = None if name in CHOICE_COLUMNS else row.data.get(name)
            row.errors.setdefault(name, without_value(messages[0], value))
    if row.errors or registration is None:
        return None
    if row.checked_out_at is not None:
        if row.checked_out_at > now:
            row.errors["checked_out_at"] = "A check-out cannot be in the future."
        elif row.checked_out_at < registration.arrival:
            row.errors["checked_out_at"] = "A check-out cannot precede the arrival."
        else:
            registration.checked_out_at = row.checked_out_at
    return None if row.errors else registration


def _fingerprint(cells: list[str]) -> bytes:
    return hashlib.blake2b("\x1f".join(c.strip() for c in cells).encode(), digest_size=16).digest()


# ---- the two passes -----------------------------------------------------------------------


def _rows(
    prop: Property, file: IO[bytes], result: ImportResult
) -> Iterator[tuple[int, list[str]]] | None:
    """Read the header; return the iterator of the data rows, or None after a header error."""
    rows = open_rows(file)
    first = next(rows, None)
    if first is None:
        raise ImportFileError("The file is empty.", code="empty")
    columns = [_column_name(name) for name in first[1]]
    for error in _column_errors(prop, columns):
        result.add(error)
    result.columns = tuple(columns)
    return None if result.error_count else rows


def validate(*, prop: Property, actor, file: IO[bytes]) -> ImportResult:
    """First pass: check every row, write nothing, keep only the errors."""
    result = ImportResult(sha256=file_digest(file))
    rows = _rows(prop, file, result)
    if rows is None:
        return result
    tz = prop.tz
    pack = prop.rule_pack()
    now = timezone.now()
    # Fingerprints, not the values: 16 bytes a row whatever the references' length.
    seen_refs: dict[bytes, int] = {}
    seen_rows: dict[bytes, int] = {}
    pending: list[tuple[int, str]] = []  # (line, external_ref) awaiting the register check
    bad_lines: set[int] = set()

    def report(line: int, name: str, message: str) -> None:
        result.add(RowError(line, name, message))
        if line not in bad_lines:
            bad_lines.add(line)
            result.bad_rows += 1

    def check_register(batch: list[tuple[int, str]]) -> None:
        taken = set(
            Registration.objects.for_property(prop)
            .filter(external_ref__in=[ref for _, ref in batch])
            .values_list("external_ref", flat=True)
        )
        for line, ref in batch:
            if ref in taken:
                report(line, "external_ref", services._EXTERNAL_REF_TAKEN)

    for line, cells in rows:
        result.rows += 1
        row = _parse_row(line, list(result.columns), cells, tz)
        fingerprint = _fingerprint(cells)
        if fingerprint in seen_rows:
            row.errors.setdefault("row", f"The same row is on line {seen_rows[fingerprint]}.")
        else:
            seen_rows[fingerprint] = line
        ref = str(row.data.get("external_ref", "")).strip()
        if ref and "row" not in row.errors:
            key = _fingerprint([ref])
            if key in seen_refs:
                row.errors.setdefault(
                    "external_ref", f"The same external_ref is on line {seen_refs[key]}."
                )
            else:
                seen_refs[key] = line
                pending.append((line, ref))
        if "columns" not in row.errors:
            _checked_registration(prop, actor, row, now, pack=pack)
        for name, message in row.errors.items():
            report(line, name, message)
        if len(pending) >= BATCH_SIZE:
            check_register(pending)
            pending = []
    if pending:
        check_register(pending)
    if not result.rows:
        result.add(RowError(HEADER_LINE + 1, "rows", "The file has a header but no rows."))
    result.errors.sort(key=lambda e: (e.line, e.field))
    return result


class _Stale(Exception):
    """A row that passed the first pass fails the second (the register changed in between)."""

    def __init__(self, error: RowError) -> None:
        self.error = error


def commit(
    *, prop: Property, actor, file: IO[bytes], result: ImportResult, request=None
) -> ImportResult:
    """Second pass: number, chain and insert every row in one transaction (all or none)."""
    id_field = Registration._meta.get_field("id_number")
    tz = prop.tz
    pack = prop.rule_pack()
    try:
        if file_digest(file) != result.sha256:
            raise _Stale(RowError(HEADER_LINE, "file", "The file changed since it was checked."))
        with transaction.atomic():
            RegistrationCounter.objects.get_or_create(property=prop)
            counter = RegistrationCounter.objects.select_for_update().get(property=prop)
            first = counter.last_number + 1
            number = counter.last_number
            now = timezone.now()
            rows = _rows(prop, file, ImportResult())
            batch: list[tuple[int, Registration]] = []
            for line, cells in rows or ():
                row = _parse_row(line, list(result.columns), cells, tz)
                # The same bytes passed every field check in the first pass (digest above);
                # the rules that depend on the register or the clock are checked again.
                registration = _checked_registration(
                    prop, actor, row, now, pack=pack, field_checks=False
                )
                if registration is None:
                    name, message = next(iter(row.errors.items()))
                    raise _Stale(RowError(line, name, message))
                batch.append((line, registration))
                if len(batch) >= BATCH_SIZE:
                    number = _insert_batch(prop, actor, batch, number, now, id_field)
                    batch = []
            if batch:
                number = _insert_batch(prop, actor, batch, number, now, id_field)
            if number - first + 1 != result.rows:
                raise _Stale(RowError(HEADER_LINE, "file", "The file changed while importing."))
            RegistrationCounter.objects.filter(property=prop).update(last_number=number)
            access_event_record(
                actor=actor,
                prop=prop,
                kind=AccessKind.IMPORT,
                object_type="registration_import",
                fields=[c for c in result.columns if c in COLUMNS],
                reason=f"{result.rows} rows (numbers {first}-{number})",
                request=request,
            )
    except _Stale as stale:
        result.add(stale.error)
        result.bad_rows += 1
        return result
    result.imported = result.rows
    result.first_number, result.last_number = first, number
    return result


def _insert_batch(
    prop: Property,
    actor,
    batch: list[tuple[int, Registration]],
    number: int,
    now: datetime,
    id_field,
) -> int:
    """Number, encrypt, chain and insert one batch; return the last number used."""
    refs = [r.external_ref for _, r in batch if r.external_ref]
    if refs:
        taken = set(
            Registration.objects.for_property(prop)
            .filter(external_ref__in=refs)
            .values_list("external_ref", flat=True)
        )
        for line, registration in batch:
            if registration.external_ref in taken:
                raise _Stale(RowError(line, "external_ref", services._EXTERNAL_REF_TAKEN))
    items: list[tuple[str, str, dict]] = []
    for _, registration in batch:
        number += 1
        registration.number = number
        registration.created_at = now
        id_number = registration.id_number or ""
        token = crypto.encrypt(id_number, aad=id_field.aad) if id_number else ""
        registration.id_number_lookup = lookup_value(id_number) or ""
        registration.id_number = EncryptedToken(token) if token else ""
        ref = f"registration:{registration.pk}"
        digest = services.registration_digest(registration, id_number_token=token)
        items.append(("registration", ref, {"digest": digest}))
        if registration.checked_out_at is not None:
            # The same entry `registration_checkout` writes, right after the stay's own.
            checkout = services.checkout_payload(
                registration.pk, registration.checked_out_at, by=actor.pk
            )
            items.append(("checkout", ref, checkout))
    entries = iter(chain_append_many(prop=prop, items=items))
    for _, registration in batch:
        registration.entry_hash = next(entries).entry_hash
        if registration.checked_out_at is not None:
            next(entries)
    Registration.objects.bulk_create([r for _, r in batch], batch_size=BATCH_SIZE)
    name_index.index_new(r for _, r in batch)
    return number


# ---- the browser's upload → preview → confirm -----------------------------------------------

PREVIEW_LIFETIME = timedelta(hours=2)
# Every import row (its encrypted file, its errors) goes this long after its upload, imported
# or not: the rows live on in the register, the file nowhere.
IMPORT_KEPT_FOR = timedelta(hours=24)
_CONTENT_AAD = "guests.registrationimport.content"


def registration_import_upload(
    *, prop: Property, actor, file: IO[bytes], file_name: str = ""
) -> RegistrationImport:
    """Check an uploaded export (a dry run) and keep it, encrypted, until it is confirmed.

    Raises `ImportFileError` for a file that cannot be read at all (nothing is kept). A file
    with bad rows is kept without its content: its preview lists the errors, and it can only
    be fixed and uploaded again.
    """
    stale = timezone.now() - PREVIEW_LIFETIME
    RegistrationImport.objects.filter(
        property=prop, created_by=actor, imported_at__isnull=True, created_at__lt=stale
    ).delete()
    result = registrations_import(prop=prop, actor=actor, file=file, dry_run=True)
    content = ""
    if result.ok:
        file.seek(0)
        # Validated as UTF-8 above; kept encrypted, for it is the guests' personal data.
        content = crypto.encrypt(file.read().decode("utf-8"), aad=_CONTENT_AAD)
    return RegistrationImport.objects.create(
        property=prop,
        created_by=actor,
        file_name=file_name[:100],
        content=content,
        sha256=result.sha256,
        rows=result.rows,
        bad_rows=result.bad_rows,
        error_count=result.error_count,
        errors=result.as_dict()["errors"],
    )


def registration_imports_purge(*, now: datetime | None = None) -> int:
    """Delete every import uploaded `IMPORT_KEPT_FOR` ago or earlier; return how many."""
    cutoff = (now or timezone.now()) - IMPORT_KEPT_FOR
    deleted, _ = RegistrationImport.objects.filter(created_at__lte=cutoff).delete()
    return deleted


def registration_import_confirm(
    *, registration_import: RegistrationImport, actor, request=None
) -> ImportResult | None:
    """Import a previewed file, once: the row is locked, so a double submit imports once.

    Returns the result (errors in it mean nothing was written: the register changed since the
    preview), or None when the file was already imported or cannot be confirmed.
    """
    with transaction.atomic():
        locked = RegistrationImport.objects.select_for_update().get(pk=registration_import.pk)
        if locked.imported_at is not None or not locked.content:
            return None
        text = crypto.decrypt(locked.content, aad=_CONTENT_AAD)
        file = io.BytesIO(text.encode("utf-8"))
        del text
        if file_digest(file) != locked.sha256:
            return None  # not the file that was previewed
        result = registrations_import(prop=locked.property, actor=actor, file=file, request=request)
        locked.content = ""  # the rows now live in the register, or must be uploaded again
        if result.imported:
            locked.imported_at = timezone.now()
            locked.imported_rows = result.imported
            locked.first_number, locked.last_number = result.first_number, result.last_number
        else:
            locked.bad_rows, locked.error_count = result.bad_rows, result.error_count
            locked.errors = result.as_dict()["errors"]
        locked.save()
    registration_import.refresh_from_db()
    return result
