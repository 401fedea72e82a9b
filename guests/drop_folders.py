"""A property's drop folder: the PMS writes its nightly export there, the register takes it in.

A manager names a folder under the server's `IMPORT_DROP_ROOT` (nothing outside it is ever
read: the path is resolved, links included, and must stay under the root) and a profile. The
beat task `guests.tasks.scan_drop_folders` calls `drop_folder_scan` for each enabled folder:
a file is taken once its size is the same at two scans in a row (a file still being written is
left for the next scan; names of partial downloads are skipped), imported through the very
path of the import page (`pms_import.registrations_import`: checks, all rows or none, upserts,
one access event) on behalf of the manager who set the folder up (`run_as`, recorded on the
`RegistrationImport` with `source=drop_folder`), then moved to `done/` or `failed/` with a
UTC timestamp, and the property's managers get a summary with the errors by line and column
(which never quote a value). Only local folders are supported: a bucket must be mounted.
"""

import dataclasses
import os
import shutil
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import User
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from guests import import_profile_services, pms_import
from guests.models import DropFolder, ImportProfile, RegistrationImport
from hotelcompliance.emails import make_message
from hotelcompliance.imports.errors import ImportFileError
from hotelcompliance.roles import Action
from hotelcompliance.scoping import can
from hotelcompliance.tenancy import Membership, Property

DONE, FAILED = "done", "failed"
SUFFIXES = (".csv", ".txt", ".tsv", ".xlsx")
PARTIAL_SUFFIXES = (".part", ".partial", ".tmp", ".crdownload", ".filepart")
MAX_FILES_PER_SCAN = 20
EMAILED_ERRORS = 50


def drop_root() -> Path | None:
    """The configured root (resolved), or None when drop folders are off on this server."""
    root = str(getattr(settings, "IMPORT_DROP_ROOT", "") or "").strip()
    return Path(root).resolve() if root else None


def folder_path(value: str) -> Path:
    """The folder `value` names under the root, or `ValidationError` on `path`.

    A relative path is taken from the root; an absolute one must lie under it. Symbolic links
    and `..` are resolved first, so no spelling reaches outside.
    """
    root = drop_root()
    if root is None:
        raise ValidationError({"path": [_("Drop folders are not enabled on this server.")]})
    text = value.strip() if isinstance(value, str) else ""
    if not text or "\x00" in text or not text.isprintable():
        raise ValidationError({"path": [_("Give the folder's path on one line.")]})
    candidate = (root / text).resolve()
    if candidate == root or not candidate.is_relative_to(root):
        raise ValidationError(
            {"path": [_("The folder must lie inside %(root)s.") % {"root": str(root)}]}
        )
    if not candidate.is_dir():
        raise ValidationError({"path": [_("No such folder on this server.")]})
    return candidate


def drop_folder_save(
    *,
    prop: Property,
    actor: User,
    path: str,
    profile: ImportProfile | None,
    enabled: bool = True,
) -> DropFolder:
    """Set (or change) the property's drop folder; it then runs on `actor`'s behalf."""
    folder = folder_path(path)
    if profile is not None and profile.property_id != prop.pk:
        raise ValidationError({"profile": [_("No import profile of this property has this id.")]})
    drop, _created = DropFolder.objects.update_or_create(
        property=prop,
        defaults={"path": str(folder), "profile": profile, "run_as": actor, "enabled": enabled},
    )
    return drop


@dataclasses.dataclass
class FileOutcome:
    name: str
    moved_to: str
    imported: bool
    result: pms_import.RegistrationImportResult | None = None
    problem: str = ""


@dataclasses.dataclass
class ScanReport:
    files: list[FileOutcome] = dataclasses.field(default_factory=list)
    waiting: int = 0


def drop_folder_scan(drop: DropFolder, *, now: datetime | None = None) -> ScanReport:
    """Import every new, complete file of the folder, move it and email the managers.

    One scan per folder at a time (a cache lock): a scan still importing a large file when
    the next beat comes makes that one skip the folder.
    """
    lock = f"drop-folder-scan:{drop.pk}"
    if not cache.add(lock, "1", timeout=settings.CELERY_TASK_TIME_LIMIT + 60):
        return ScanReport()
    try:
        return _scan(drop, now or timezone.now())
    finally:
        cache.delete(lock)


def _scan(drop: DropFolder, now: datetime) -> ScanReport:
    report = ScanReport()
    try:
        folder = folder_path(drop.path)
    except ValidationError as error:
        report.files.append(FileOutcome("", "", False, problem=error.messages[0]))
        return report
    seen: dict[str, int] = dict(drop.seen_sizes or {})
    sizes: dict[str, int] = {}
    ready: list[Path] = []
    for entry in sorted(folder.iterdir()):
        if not _candidate(entry):
            continue
        size = entry.stat().st_size
        sizes[entry.name] = size
        if seen.get(entry.name) == size and len(ready) < MAX_FILES_PER_SCAN:
            ready.append(entry)
        else:
            report.waiting += 1  # new or still growing: taken at the next scan
    for entry in ready:
        if not entry.is_file():
            continue  # taken away meanwhile
        outcome = _import_file(drop, entry, folder, now)
        sizes.pop(entry.name, None)
        report.files.append(outcome)
        _email_managers(drop.property, outcome)
    DropFolder.objects.filter(pk=drop.pk).update(seen_sizes=sizes, last_scan_at=now)
    return report


def _candidate(entry: Path) -> bool:
    name = entry.name.lower()
    if name.startswith((".", "~")) or name.endswith(PARTIAL_SUFFIXES):
        return False
    return entry.is_file() and not entry.is_symlink() and name.endswith(SUFFIXES)


def _import_file(drop: DropFolder, entry: Path, folder: Path, now: datetime) -> FileOutcome:
    prop, actor = drop.property, drop.run_as
    result: pms_import.RegistrationImportResult | None = None
    problem = ""
    if not actor.is_active or not can(actor, prop, Action.REGISTRATION_IMPORT):
        problem = _("The manager who set up this folder may no longer import: set it up again.")
    else:
        try:
            profile = import_profile_services.profile_of(drop.profile) if drop.profile else None
            with entry.open("rb") as file:
                result = pms_import.registrations_import(
                    prop=prop, actor=actor, file=file, profile=profile, file_name=entry.name
                )
        except ImportFileError as error:
            problem = error.message
        except ValidationError as error:
            problem = error.messages[0]
    imported = result is not None and result.ok
    moved = _move(entry, folder / (DONE if imported else FAILED), now)
    _record(drop, entry.name, result, problem, now)
    return FileOutcome(entry.name, str(moved), imported, result, problem)


def _move(entry: Path, target_dir: Path, now: datetime) -> Path:
    target_dir.mkdir(exist_ok=True)
    stamp = now.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = target_dir / f"{stamp}-{entry.name}"
    n = 1
    while target.exists():
        n += 1
        target = target_dir / f"{stamp}-{n}-{entry.name}"
    shutil.move(os.fspath(entry), os.fspath(target))
    return target


def _record(
    drop: DropFolder,
    name: str,
    result: pms_import.RegistrationImportResult | None,
    problem: str,
    now: datetime,
) -> RegistrationImport:
    """The import's record beside the page's: who it ran for, what it did (no file kept)."""
    errors = (
        result.as_dict()["errors"] if result else [{"line": 1, "field": "file", "message": problem}]
    )
    return RegistrationImport.objects.create(
        property=drop.property,
        created_by=drop.run_as,
        source="drop_folder",
        file_name=name[:100],
        content="",
        digest=result.digest if result else "",
        created_at=now,
        imported_at=now if result is not None and result.ok else None,
        imported_rows=result.imported if result else 0,
        rows=result.rows if result else 0,
        bad_rows=result.bad_rows if result else 0,
        error_count=result.error_count if result else 1,
        errors=errors,
        first_number=result.first_number if result else None,
        last_number=result.last_number if result else None,
        outcomes=result.outcomes.as_dict() if result else {},
    )


def _email_managers(prop: Property, outcome: FileOutcome) -> int:
    """A summary per file to each manager: counts and errors by line and column, no values."""
    result = outcome.result
    errors = result.as_dict()["errors"][:EMAILED_ERRORS] if result else []
    context = {
        "property_name": prop.name,
        "file_name": outcome.name,
        "imported": outcome.imported,
        "problem": outcome.problem,
        "outcomes": result.outcomes.as_dict() if result else None,
        "rows": result.rows if result else 0,
        "error_count": result.error_count if result else 0,
        "errors": errors,
        "more_errors": (result.error_count - len(errors)) if result else 0,
        "moved_to": Path(outcome.moved_to).parent.name,
    }
    recipients = Membership.objects.managers_of(prop).emails()
    for address in recipients:
        make_message(to=address, template="guests/emails/drop_folder", context=context).send()
    return len(recipients)


def drop_folders_scan_all() -> list[ScanReport]:
    """Scan every enabled folder (the beat task); one folder's trouble never stops the others."""
    reports = []
    for drop in DropFolder.objects.filter(enabled=True).select_related("property", "run_as"):
        reports.append(drop_folder_scan(drop))
    return reports
