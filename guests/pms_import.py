"""Import of a property-management system's nightly export (CSV or XLSX): every row or none.

Built on the core import framework (`hotelcompliance.imports`): it reads the file (at most
`MAX_IMPORT_BYTES`, `MAX_IMPORT_ROWS` rows), checks the header against `COLUMNS` and keeps a
preview between upload and confirmation. This module declares the columns and the row ->
registration rule. `validate` checks every row exactly like a check-in
(`services.registration_validate`, channel `import`) plus the file's own rules (duplicates,
`checked_out_at`), keeping only the errors; `commit` reads the file a second time and, in one
transaction, numbers the rows once for the whole file under the counter lock, chains them in
bulk (`chain_append_many`) and inserts them in batches of `BATCH_SIZE`. Neither pass keeps
the rows: memory follows the batch, not the file (the duplicate checks keep two 8-byte
fingerprints per row in flat tables, `imports.seen`, bounded by the row cap).

`registrations_import(*, prop, actor, file, dry_run=False)` is the one entry point for the
page, the API and the benchmark.
"""

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from decimal import Decimal, InvalidOperation
from typing import IO, Any, cast

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from guests import import_profiles, import_upsert, name_index, occupants, services
from guests.import_profiles import Profile
from guests.models import (
    Channel,
    IdType,
    PaymentMethod,
    RateType,
    Registration,
    RegistrationCounter,
    RegistrationImport,
)
from guests.types import RegistrationData
from hotelcompliance import crypto
from hotelcompliance.access_log import AccessKind, access_event_record
from hotelcompliance.chain import chain_append_many
from hotelcompliance.csv_cells import without_value
from hotelcompliance.fields import EncryptedTextField, EncryptedToken, lookup_value
from hotelcompliance.holds import active_holds
from hotelcompliance.imports.cells import date_cell, datetime_cell
from hotelcompliance.imports.columns import HEADER_LINE
from hotelcompliance.imports.errors import CellError, RowError
from hotelcompliance.imports.files import check_size, file_digest, read_rows
from hotelcompliance.imports.formats import Limits, TextFormat
from hotelcompliance.imports.preview import preview_confirm, preview_keep, previews_purge
from hotelcompliance.imports.result import ImportResult, ParsedRow
from hotelcompliance.imports.seen import FirstLines, fingerprint
from hotelcompliance.imports.table import ImportSpec, table_rows
from hotelcompliance.rules import GUEST_FIELDS
from hotelcompliance.rules.model import RulePack
from hotelcompliance.tenancy import Property

MAX_IMPORT_BYTES = 20 * 1024 * 1024
MAX_IMPORT_ROWS = 200_000
BATCH_SIZE = 1000
# Dates outside these years are typing errors, and stay clear of any date arithmetic limit.
EARLIEST_DATE, LATEST_DATE = date(2000, 1, 1), date(2100, 12, 31)

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


@dataclass
class RegistrationImportResult(ImportResult):
    """The framework's result, plus the register numbers the import gave."""

    first_number: int | None = None
    last_number: int | None = None
    outcomes: import_upsert.Outcomes = field(default_factory=import_upsert.Outcomes)
    # The first pass's unchanged rows (`import_upsert.stay_mark`): the second skips them.
    same_stays: FirstLines = field(default_factory=FirstLines, repr=False)

    def as_dict(self) -> dict[str, Any]:
        return {
            **super().as_dict(),
            "first_number": self.first_number,
            "last_number": self.last_number,
            **self.outcomes.as_dict(),
        }


def required_columns(prop: Property) -> tuple[str, ...]:
    required = (
        set(services.ALWAYS_REQUIRED) | set(prop.rule_pack().guest_fields().required) | {"arrival"}
    )
    return tuple(name for name in COLUMNS if name in required)


def import_spec(prop: Property) -> ImportSpec:
    """The columns and limits of this property's import (read at call time: tests lower them)."""
    return ImportSpec(
        columns=COLUMNS,
        required=required_columns(prop),
        limits=Limits(max_bytes=MAX_IMPORT_BYTES, max_rows=MAX_IMPORT_ROWS),
    )


def registrations_import(
    *,
    prop: Property,
    actor: User,
    file: IO[bytes],
    dry_run: bool = False,
    request: HttpRequest | None = None,
    profile: Profile | None = None,
    keep_rows: int = 0,
    file_name: str = "",
) -> RegistrationImportResult:
    """Validate every row of a PMS export, then import them all in one transaction, or none.

    `file` is a binary file object (an upload); it is read twice, so it must be seekable.
    Raises `ImportFileError` for a file that cannot be read at all; row problems come back in
    the result's `errors` with nothing written. The caller checks the actor's permission
    (`registration.import`, managers). `profile` (`import_profiles.Profile`) reads a PMS's
    own layout; without one the file has this product's columns. `keep_rows` keeps that many
    checked rows in `result.sample` (a profile's preview). A row whose `external_ref` is
    already in the register updates that stay (`import_upsert`); `file_name` goes in the
    amendments' reason.
    """
    check_size(file, import_spec(prop).limits)
    result = validate(prop=prop, actor=actor, file=file, profile=profile, keep_rows=keep_rows)
    result.dry_run = dry_run
    if dry_run or not result.ok:
        return result
    return commit(
        prop=prop,
        actor=actor,
        file=file,
        result=result,
        request=request,
        profile=profile,
        file_name=file_name,
    )


def source_rows(
    prop: Property, file: IO[bytes], result: ImportResult, profile: Profile | None
) -> Iterator[ParsedRow]:
    """The hook where a profile turns a PMS's rows into the register's own cells.

    Without a profile, the file's header must name this product's columns (`table_rows`).
    With one, the file is read in the profile's delimiter and encoding, and its compiled
    transformer (`import_profiles.compile_profile`) yields rows with the same cells, so
    every check below is the same for both.
    """
    spec = import_spec(prop)
    if profile is None:
        return table_rows(file, spec=spec, result=result)
    transformer = import_profiles.compile_profile(profile, property_times(prop))
    text_format = TextFormat(delimiter=profile.delimiter, encoding=profile.encoding)
    result.columns = tuple(name for name in COLUMNS if name in profile.mapping.fields)
    return transformer.rows(read_rows(file, limits=spec.limits, text_format=text_format), result)


def property_times(prop: Property) -> import_profiles.PropertyTimes:
    return import_profiles.PropertyTimes(check_in=prop.check_in_time, check_out=prop.check_out_time)


# ---- one row ------------------------------------------------------------------------------


def _parse_row(row: ParsedRow, tz: tzinfo) -> ParsedRow:
    """The row's cells as the check-in service's typed `values` (empty cells left out)."""
    if "columns" in row.errors:
        return row
    for name, cell in row.cells.items():
        text = cell.strip()
        if not text:
            continue
        try:
            row.values[name] = _typed(name, cell, text, tz)
        except CellError as error:
            row.fail(name, error.message)
    if "arrival" not in row.values and "arrival" not in row.errors:
        row.fail("arrival", "Required: write the arrival as 2026-07-01T15:00.")
    row.values = {k: v for k, v in row.values.items() if k not in row.errors}
    return row


def _typed(name: str, cell: str, text: str, tz: tzinfo) -> Any:
    if name in INTEGER_COLUMNS:
        if not text.isascii() or not text.isdigit() or len(text) > 4:
            raise CellError("Give a whole number.")
        return int(text)
    if name in DECIMAL_COLUMNS:
        return _decimal(text)
    if name in CHOICE_COLUMNS:
        if text not in CHOICE_COLUMNS[name]:
            raise CellError(f"Unknown value; use one of: {', '.join(CHOICE_COLUMNS[name])}.")
        return text
    if name == "occupants":
        return [n.strip() for n in text.split(OCCUPANT_SEPARATOR) if n.strip()]
    if name in ("arrival", "checked_out_at"):
        return datetime_cell(text, tz=tz, earliest=EARLIEST_DATE, latest=LATEST_DATE)
    if name == "expected_departure":
        return date_cell(text, earliest=EARLIEST_DATE, latest=LATEST_DATE)
    return cell  # the service strips and checks text


def _decimal(text: str) -> Decimal:
    try:
        value = Decimal(text)
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite():
        raise CellError("Give an amount such as 149.00.")
    return value


# Row values that are not check-in data: the check-out, and a profile's date-only arrival mark.
_NOT_DATA = ("checked_out_at", "arrival_time_assumed")


def _checked_registration(
    prop: Property,
    actor: User,
    row: ParsedRow,
    now: datetime,
    *,
    pack: RulePack,
    field_checks: bool = True,
) -> Registration | None:
    """The check-in service's verdict on the row, its errors merged into `row.errors`."""
    registration = None
    # The file's columns, parsed to the registration's types; the service refuses the rest.
    data = cast(RegistrationData, {k: v for k, v in row.values.items() if k not in _NOT_DATA})
    checked_out_at = row.values.get("checked_out_at")
    try:
        registration = services.registration_validate(
            prop=prop,
            actor=actor,
            channel=Channel.IMPORT,
            data=data,
            check_external_ref=False,  # checked per batch
            field_checks=field_checks,
            pack=pack,  # computed once per pass, not per row
            checked_out_at=checked_out_at,  # the rate rule judges the real length
            judge_party=not _counts_cover_unmarked_names(data),
        )
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            # A choice is a code, not personal data: the rule may well name it.
            value = None if name in CHOICE_COLUMNS else data.get(name)
            row.fail(name, without_value(messages[0], value))
    if row.errors or registration is None:
        return None
    registration.arrival_time_assumed = bool(row.values.get("arrival_time_assumed"))
    if checked_out_at is not None:
        if checked_out_at > now:
            row.fail("checked_out_at", "A check-out cannot be in the future.")
        elif checked_out_at < registration.arrival:
            row.fail("checked_out_at", "A check-out cannot precede the arrival.")
        else:
            registration.checked_out_at = checked_out_at
    return None if row.errors else registration


def _counts_cover_unmarked_names(data: Mapping[str, Any]) -> bool:
    """A PMS export's counts that account for its accompanying names, none marked minor.

    OPERA or Mews list companions by name and count adults and children apart, without
    saying which name is the child: there the file's counts stand rather than being
    refused for disagreeing with names read as adults.
    """
    names, adults, minors = data.get("occupants"), data.get("adults"), data.get("minors")
    if not isinstance(names, list) or not names or not isinstance(minors, int) or not minors:
        return False
    if not isinstance(adults, int):
        return False
    if any(not isinstance(n, str) or occupants.MINOR_MARK.search(n) for n in names):
        return False
    return adults + minors == 1 + len(names)


# ---- the two passes -----------------------------------------------------------------------


def _batches(rows: Iterator[ParsedRow]) -> Iterator[list[ParsedRow]]:
    batch: list[ParsedRow] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= BATCH_SIZE:
            yield batch
            batch = []
    if batch:
        yield batch


def _taken_refs(prop: Property, refs: list[str]) -> set[str]:
    if not refs:
        return set()
    return set(
        Registration.objects.for_property(prop)
        .filter(external_ref__in=refs)
        .values_list("external_ref", flat=True)
    )


def validate(
    *,
    prop: Property,
    actor: User,
    file: IO[bytes],
    profile: Profile | None = None,
    keep_rows: int = 0,
) -> RegistrationImportResult:
    """First pass: check every row, write nothing, keep only the errors."""
    result = RegistrationImportResult(digest=file_digest(file), keep_rows=keep_rows)
    tz = prop.tz
    pack = prop.rule_pack()
    now = timezone.now()
    # Fingerprints, not the values: a few bytes a row whatever the rows' length.
    seen_refs, seen_rows = FirstLines(), FirstLines()
    holds = active_holds(prop).exists()
    rows = source_rows(prop, file, result, profile)
    for batch in _batches(rows):
        pending: list[tuple[ParsedRow, str]] = []  # awaiting the register check
        checked: dict[int, Registration] = {}
        for row in batch:
            _parse_row(row, tz)
            _check_duplicates(row, seen_rows, seen_refs, pending)
            if "columns" not in row.errors:
                registration = _checked_registration(prop, actor, row, now, pack=pack)
                if registration is not None:
                    checked[row.line] = registration
        plans = _plans(prop, pending, checked, holds=holds)
        for row in batch:
            if not row.errors:
                plan = plans.get(row.line)
                result.outcomes.note(plan)
                if plan is not None and not plan.changed:
                    mark = import_upsert.stay_mark(row.line, plan.registration)
                    result.same_stays.first_line(mark, row.line)
            result.add_row(row)
    result.sort_errors()
    return result


def _plans(
    prop: Property,
    pending: list[tuple[ParsedRow, str]],
    checked: dict[int, Registration],
    *,
    holds: bool,
    existing: dict[str, Registration] | None = None,
) -> dict[int, import_upsert.UpdatePlan]:
    """For the batch's rows whose reference is in the register: what each one changes.

    `holds`: whether any legal hold is in force here (else no change can be frozen).
    `existing`: the batch's stays by reference, when the caller has them already.
    """
    if existing is None:
        existing = import_upsert.existing_by_ref(prop, [ref for _, ref in pending])
    plans: dict[int, import_upsert.UpdatePlan] = {}
    for row, ref in pending:
        candidate = checked.get(row.line)
        if ref in existing and candidate is not None and not row.errors:
            plans[row.line] = import_upsert.plan_update(
                row, candidate, existing[ref], check_holds=holds
            )
    return plans


def _check_duplicates(
    row: ParsedRow,
    seen_rows: FirstLines,
    seen_refs: FirstLines,
    pending: list[tuple[ParsedRow, str]],
) -> None:
    first = seen_rows.first_line(fingerprint(row.cells.values()), row.line)
    if first is not None:
        row.fail("row", f"The same row is on line {first}.")
    ref = str(row.values.get("external_ref", "")).strip()
    if not ref or "row" in row.errors:
        return
    first = seen_refs.first_line(fingerprint([ref]), row.line)
    if first is not None:
        row.fail("external_ref", f"The same external_ref is on line {first}.")
    else:
        pending.append((row, ref))


class _Stale(Exception):
    """A row that passed the first pass fails the second (the register changed in between)."""

    def __init__(self, error: RowError) -> None:
        self.error = error


def commit(
    *,
    prop: Property,
    actor: User,
    file: IO[bytes],
    result: RegistrationImportResult,
    request: HttpRequest | None = None,
    profile: Profile | None = None,
    file_name: str = "",
) -> RegistrationImportResult:
    """Second pass: number, chain and insert every row in one transaction (all or none).

    Rows naming a stay already in the register update it instead (`import_upsert`); the
    register must still be as the first pass found it, or nothing is written.
    """
    id_field = Registration._meta.get_field("id_number")
    tz = prop.tz
    pack = prop.rule_pack()
    try:
        if file_digest(file) != result.digest:
            raise _Stale(RowError(HEADER_LINE, "file", "The file changed since it was checked."))
        with transaction.atomic():
            RegistrationCounter.objects.get_or_create(property=prop)
            counter = RegistrationCounter.objects.select_for_update().get(property=prop)
            first = counter.last_number + 1
            number = counter.last_number
            now = timezone.now()
            rows = source_rows(prop, file, ImportResult(), profile)
            outcomes = import_upsert.Outcomes()
            holds = active_holds(prop).exists()  # amendments lock and check them again
            for rows_batch in _batches(rows):
                batch: list[tuple[int, Registration]] = []
                checked: dict[int, Registration] = {}
                pending: list[tuple[ParsedRow, str]] = []
                for row in rows_batch:
                    _parse_row(row, tz)
                existing = import_upsert.existing_by_ref(
                    prop, [ref for row in rows_batch if (ref := import_upsert.row_ref(row))]
                )
                same: set[int] = set()
                for row in rows_batch:
                    stay = existing.get(import_upsert.row_ref(row))
                    if stay and import_upsert.stay_mark(row.line, stay) in result.same_stays:
                        same.add(row.line)  # unchanged, and the stay did not move since
                        continue
                    # The same bytes passed every field check in the first pass (digest
                    # above); the rules that depend on the register or the clock run again.
                    registration = _checked_registration(
                        prop, actor, row, now, pack=pack, field_checks=False
                    )
                    if registration is None:
                        name, message = next(iter(row.errors.items()))
                        raise _Stale(RowError(row.line, name, message))
                    checked[row.line] = registration
                    if ref := import_upsert.row_ref(row):
                        pending.append((row, ref))
                plans = _plans(prop, pending, checked, holds=holds, existing=existing)
                for row in rows_batch:
                    if row.line in same:
                        outcomes.unchanged += 1
                        continue
                    if row.errors:
                        name, message = next(iter(row.errors.items()))
                        raise _Stale(RowError(row.line, name, message))
                    plan = plans.get(row.line)
                    outcomes.note(plan)
                    if plan is None:
                        batch.append((row.line, checked[row.line]))
                if batch:
                    number = _insert_batch(prop, actor, batch, number, now, id_field)
                changed = [plan for plan in plans.values() if plan.changed]
                error = import_upsert.apply_updates(changed, actor=actor, file_name=file_name)
                if error is not None:
                    raise _Stale(error)
            if outcomes.counts() != result.outcomes.counts():
                raise _Stale(RowError(HEADER_LINE, "file", "The register changed since the check."))
            if number - first + 1 != outcomes.created:
                raise _Stale(RowError(HEADER_LINE, "file", "The file changed while importing."))
            RegistrationCounter.objects.filter(property=prop).update(last_number=number)
            access_event_record(
                actor=actor,
                prop=prop,
                kind=AccessKind.IMPORT,
                object_type="registration_import",
                fields=[c for c in result.columns if c in COLUMNS],
                reason=_access_reason(outcomes, first, number),
                request=request,
            )
    except _Stale as stale:
        result.add_row_error(stale.error)
        return result
    result.imported = result.rows
    if outcomes.created:
        result.first_number, result.last_number = first, number
    result.outcomes = outcomes
    return result


def _access_reason(outcomes: import_upsert.Outcomes, first: int, last: int) -> str:
    created, updated, unchanged = outcomes.counts()
    reason = f"{created + updated + unchanged} rows"
    if created:
        reason += f" (numbers {first}-{last})"
    if updated or unchanged:
        reason += f": {created} created, {updated} updated, {unchanged} unchanged"
    return reason


def _insert_batch(
    prop: Property,
    actor: User,
    batch: list[tuple[int, Registration]],
    number: int,
    now: datetime,
    id_field: EncryptedTextField,
) -> int:
    """Number, encrypt, chain and insert one batch; return the last number used."""
    taken = _taken_refs(prop, [r.external_ref for _, r in batch if r.external_ref])
    for line, registration in batch:
        if registration.external_ref and registration.external_ref in taken:
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


# ---- the browser's upload → preview → confirm (the core's flow) -----------------------------

PREVIEW_LIFETIME = timedelta(hours=2)


def registration_import_upload(
    *,
    prop: Property,
    actor: User,
    file: IO[bytes],
    file_name: str = "",
    profile: dict[str, Any] | None = None,
) -> RegistrationImport:
    """Check an uploaded export (a dry run) and keep it, encrypted, until it is confirmed.

    Raises `ImportFileError` for a file that cannot be read at all (nothing is kept). A file
    with bad rows is kept without its content: its preview lists the errors, and it can only
    be fixed and uploaded again. `profile` is an `ImportProfile.as_json()`: it is kept with
    the upload, so the confirmation reads the file exactly as the preview did.
    """
    result = registrations_import(
        prop=prop,
        actor=actor,
        file=file,
        dry_run=True,
        profile=_snapshot_profile(profile),
        file_name=file_name,
    )
    return preview_keep(
        RegistrationImport,
        prop=prop,
        actor=actor,
        file=file,
        result=result,
        file_name=file_name,
        stale_after=PREVIEW_LIFETIME,
        rows=result.rows,
        bad_rows=result.bad_rows,
        error_count=result.error_count,
        errors=result.as_dict()["errors"],
        profile_snapshot=profile,
        outcomes=result.outcomes.as_dict(),
    )


def _snapshot_profile(snapshot: dict[str, Any] | None) -> Profile | None:
    return None if snapshot is None else import_profiles.profile_from_json(snapshot)


def registration_imports_purge(*, now: datetime | None = None) -> int:
    """Delete every import uploaded a day ago or earlier (`IMPORT_KEPT_FOR`); return how many."""
    return previews_purge(RegistrationImport, now=now)


def registration_import_confirm(
    *,
    registration_import: RegistrationImport,
    actor: User,
    request: HttpRequest | None = None,
) -> RegistrationImportResult:
    """Import a previewed file, once (`preview_confirm`; raises `PreviewRefused`).

    Errors in the result mean nothing was written: the register changed since the preview.
    The kept file is emptied either way: the rows now live in the register, or must be sent
    again.
    """

    def run(locked: RegistrationImport, file: IO[bytes]) -> RegistrationImportResult:
        result = registrations_import(
            prop=locked.property,
            actor=actor,
            file=file,
            request=request,
            profile=_snapshot_profile(locked.profile_snapshot),
            file_name=locked.file_name,
        )
        locked.content = ""
        if result.imported:
            locked.first_number, locked.last_number = result.first_number, result.last_number
            locked.outcomes = result.outcomes.as_dict()
        else:
            locked.bad_rows, locked.error_count = result.bad_rows, result.error_count
            locked.errors = result.as_dict()["errors"]
        return result

    return preview_confirm(registration_import, run=run)
