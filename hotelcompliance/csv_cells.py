"""Naming places in an imported CSV without quoting it: errors say where, never what."""

from typing import Any

GENERIC_MESSAGE = "This value breaks the field's rules; check the cell."


def column_letter(position: int) -> str:
    """A spreadsheet's name for a column: 1 is A, 27 is AA."""
    letters = ""
    while position:
        position, rest = divmod(position - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def without_value(message: str, value: Any) -> str:
    """A validator's message, unless it quotes the cell: errors are kept, values never are."""
    texts = value if isinstance(value, list | tuple) else [value]
    for text in texts:
        if isinstance(text, str) and len(text.strip()) >= 3 and text.strip() in message:
            return GENERIC_MESSAGE
    return message
