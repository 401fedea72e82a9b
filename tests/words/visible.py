"""What a person reads on a page or a PDF, and the words that must never be among it.

A page's visible text is its text nodes (not scripts or styles) and the attributes a person
sees or hears (`title`, `alt`, `aria-label`, `placeholder`); attribute values sent back to
the server (`value`, `name`) are codes by design and not read.
"""

import re
from html.parser import HTMLParser

# Codes: snake_case identifiers (`due_soon`, `guest_name`, `registration_list`, the rule ids,
# the enum values such as `administrative_subpoena`). Words: the research's own notes.
SNAKE_CASE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")
RESEARCH = re.compile(
    r"research|jurisdictions\.md|blog|\(partial\)|Rule\.source|secondary source|"
    r"OLR (?:summary|analysis)|§\s*\d\.\d\b|open item",
    re.IGNORECASE,
)
SEEN_ATTRIBUTES = {"title", "alt", "aria-label", "placeholder"}
SKIPPED = {"script", "style", "template"}


class _Visible(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in SKIPPED:
            self.skipping += 1
        self.parts.extend(value for name, value in attrs if name in SEEN_ATTRIBUTES and value)

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIPPED and self.skipping:
            self.skipping -= 1

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Visible()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def raw_words(text: str, *, allowed: frozenset[str] = frozenset()) -> list[str]:
    """The codes and research notes in `text` (what a person should never be shown)."""
    found = {match.group(0) for match in SNAKE_CASE.finditer(text)} - allowed
    found |= {match.group(0) for match in RESEARCH.finditer(text)}
    return sorted(found)
