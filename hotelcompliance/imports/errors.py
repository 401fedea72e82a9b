"""What an import refuses: a whole file, or one cell of one row (by line and column)."""

from dataclasses import dataclass


class ImportFileError(Exception):
    """The file as a whole cannot be imported (size, encoding, format, emptiness).

    `code` is stable for callers (`too_large` is a 413 in the API); `message` is for people.
    """

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass(frozen=True)
class RowError:
    """One problem: its line (1 is the header), its column (`field`) and the rule broken.

    The message never quotes the cell: errors are shown and kept, personal data never is.
    """

    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"Line {self.line}, {self.field}: {self.message}"

    def as_dict(self) -> dict[str, int | str]:
        return {"line": self.line, "field": self.field, "message": self.message}


class CellError(ValueError):
    """A cell that does not parse; the caller puts the message on the row's column."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
