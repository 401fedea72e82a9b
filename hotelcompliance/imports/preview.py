"""Upload -> preview -> confirm, once: the flow every app's import page uses.

`preview_keep` stores a checked upload (dropping the user's stale ones), `preview_confirm`
locks it, refuses a second or a changed confirmation, and runs the app's import on the kept
bytes; `previews_purge` deletes every stored upload a day after it came, imported or not.
"""

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import IO, Any, TypeVar

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from hotelcompliance.imports.files import file_digest
from hotelcompliance.imports.result import ImportResult
from hotelcompliance.imports.stored import StoredImport, seal
from hotelcompliance.tenancy import Property

# Every stored upload (its encrypted file, its errors) goes this long after it came, imported
# or not: the rows live on in the app's records, the file nowhere.
IMPORT_KEPT_FOR = timedelta(hours=24)

S = TypeVar("S", bound=StoredImport)
R = TypeVar("R", bound=ImportResult)


class PreviewRefused(Exception):
    """A confirmation that cannot run: `imported` already, the file `gone`, or `changed`."""

    MESSAGES = {
        "imported": gettext_noop("This file has already been imported."),
        "gone": gettext_noop("This file cannot be imported any more; upload it again."),
        "changed": gettext_noop("The file changed since its preview; upload it again."),
    }

    def __init__(self, code: str) -> None:
        self.code = code
        self.message = _(self.MESSAGES[code])
        super().__init__(self.message)


def preview_keep(
    model: type[S],
    *,
    prop: Property,
    actor: Any,
    file: IO[bytes],
    result: ImportResult,
    file_name: str = "",
    stale_after: timedelta,
    keep_content: bool | None = None,
    **fields: Any,
) -> S:
    """Store a checked upload, dropping the user's unconfirmed ones older than `stale_after`.

    Its bytes are kept only when every row is good (a bad file is fixed and sent again),
    unless `keep_content` says otherwise (a preview page that shows every row as read).
    """
    model.objects.filter(
        property=prop,
        created_by=actor,
        imported_at__isnull=True,
        created_at__lt=timezone.now() - stale_after,
    ).delete()
    content = ""
    if result.ok if keep_content is None else keep_content:
        file.seek(0)
        content = seal(file.read())
    return model.objects.create(
        property=prop,
        created_by=actor,
        file_name=file_name[:100],
        content=content,
        digest=result.digest,
        **fields,
    )


def preview_confirm(stored: S, *, run: Callable[[S, IO[bytes]], R], digest: str | None = None) -> R:
    """Import a stored upload once: `run(locked, file)` imports it all or none.

    The row is locked, so a double submit imports once. Raises `PreviewRefused` for a file
    already imported, no longer kept, or not the one previewed (`digest`, when the page
    sends the one it showed). On success the bytes are emptied: the rows live elsewhere now.
    """
    with transaction.atomic():
        locked = type(stored).objects.select_for_update().get(pk=stored.pk)
        if locked.imported_at is not None:
            raise PreviewRefused("imported")
        if digest is not None and digest != locked.digest:
            raise PreviewRefused("changed")
        file = locked.upload()
        if file is None:
            raise PreviewRefused("gone")
        if file_digest(file) != locked.digest:
            raise PreviewRefused("changed")
        result = run(locked, file)
        if result.imported:
            locked.imported_at = timezone.now()
            locked.imported_rows = result.imported
            locked.content = ""
        locked.save()
    stored.refresh_from_db()
    return result


def previews_purge(model: type[StoredImport], *, now: datetime | None = None) -> int:
    """Delete every stored upload `IMPORT_KEPT_FOR` old or older; return how many."""
    cutoff = (now or timezone.now()) - IMPORT_KEPT_FOR
    deleted, _by_model = model.objects.filter(created_at__lte=cutoff).delete()
    return deleted
