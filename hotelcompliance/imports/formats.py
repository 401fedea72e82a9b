"""How a file is laid out and how much of it is accepted: an app's limits, a source's format."""

from dataclasses import dataclass

# Codec per accepted encoding. "utf-8" takes a file with or without a byte-order mark.
ENCODINGS = {
    "utf-8": "utf-8-sig",
    "utf-8-sig": "utf-8-sig",
    "cp1252": "cp1252",
    "latin-1": "latin-1",
}
ENCODING_LABELS = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8",
    "cp1252": "Windows-1252",
    "latin-1": "Latin-1",
}
DELIMITERS = (",", ";", "|", "\t")


@dataclass(frozen=True)
class Limits:
    """An app's ceiling for one file: bytes uploaded and data rows read."""

    max_bytes: int
    max_rows: int
    max_columns: int = 200


@dataclass(frozen=True)
class TextFormat:
    """A CSV's delimiter (None: sniffed from the header line) and its encoding."""

    delimiter: str | None = None
    encoding: str = "utf-8"

    def __post_init__(self) -> None:
        if self.delimiter is not None and self.delimiter not in DELIMITERS:
            raise ValueError(f"Unsupported delimiter {self.delimiter!r}.")
        if self.encoding not in ENCODINGS:
            raise ValueError(f"Unsupported encoding {self.encoding!r}.")

    @property
    def codec(self) -> str:
        return ENCODINGS[self.encoding]

    @property
    def label(self) -> str:
        return ENCODING_LABELS[self.encoding]
