"""What an import found and did: one type for the preview, the API answer and the page."""

from dataclasses import dataclass, field
from typing import Any

from hotelcompliance.imports.errors import RowError

# A file with thousands of bad rows is reported in full by count, in detail up to this many.
MAX_REPORTED_ERRORS = 1000


@dataclass
class ParsedRow:
    """One data row: its cells by column as read, the typed values, one problem per column."""

    line: int
    cells: dict[str, str]
    values: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)

    def fail(self, column: str, message: str) -> None:
        """Note a problem on a column; the first one per column is the one reported."""
        self.errors.setdefault(column, message)

    def cell(self, column: str) -> str:
        return self.cells.get(column, "").strip()


@dataclass
class ImportResult:
    """The counts and the errors (the first `MAX_REPORTED_ERRORS` in detail, all counted).

    `sample` keeps the first rows as read, for a preview page that shows them; an app that
    streams a large file keeps none (`keep_rows=0`).
    """

    digest: str = ""
    columns: tuple[str, ...] = ()
    rows: int = 0
    bad_rows: int = 0
    error_count: int = 0
    errors: list[RowError] = field(default_factory=list)
    sample: list[ParsedRow] = field(default_factory=list)
    keep_rows: int = 0
    dry_run: bool = False
    imported: int = 0
    _last_bad_line: int = 0

    @property
    def ok(self) -> bool:
        return self.error_count == 0 and self.rows > 0

    @property
    def good_rows(self) -> int:
        return self.rows - self.bad_rows

    @property
    def more_errors(self) -> int:
        return self.error_count - len(self.errors)

    def add(self, error: RowError) -> None:
        """Count a problem of the file as a whole (its header, say): no row goes bad."""
        self.error_count += 1
        if len(self.errors) < MAX_REPORTED_ERRORS:
            self.errors.append(error)

    def add_row_error(self, error: RowError) -> None:
        """Count a problem of a data row; a row with several problems is one bad row."""
        self.add(error)
        if error.line != self._last_bad_line:
            self._last_bad_line = error.line
            self.bad_rows += 1

    def add_row(self, row: ParsedRow) -> None:
        """Count a checked row's problems and keep it in the sample while there is room."""
        for column, message in row.errors.items():
            self.add_row_error(RowError(row.line, column, message))
        if len(self.sample) < self.keep_rows:
            self.sample.append(row)

    def sort_errors(self) -> None:
        """Errors by line (the header first); a line's own problems keep their order."""
        self.errors.sort(key=lambda e: e.line)

    def as_dict(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "good_rows": self.good_rows,
            "bad_rows": self.bad_rows,
            "imported": self.imported,
            "dry_run": self.dry_run,
            "error_count": self.error_count,
            "errors": [e.as_dict() for e in self.errors],
        }
