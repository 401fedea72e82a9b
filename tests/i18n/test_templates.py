"""No template shows a person words that bypass the catalogues.

Every template of the project is read token by token: text outside `{% translate %}` and
`{% blocktranslate %}` (once HTML tags are stripped), and the text of the attributes a person
reads or hears (`alt`, `title`, `aria-label`, `placeholder`, `data-confirm`), must hold no word.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template.base import Lexer, TokenType

from tests.i18n.catalogues import APPS

# What may stay as it is in every language: the product's name and technical tokens.
ALLOWED = re.compile(r"Hotel Compliance|SHA-256|PDF|UTF-8|TTY|\bMB\b|\bOK\b(?=</)")
TAG = re.compile(r"<[^>]*>")
SPOKEN_ATTRIBUTE = re.compile(r'\b(?:alt|title|aria-label|placeholder|data-confirm)="([^"]*)"')
WORD = re.compile(r"[A-Za-z]{2,}")
ENTITY = re.compile(r"&[a-z]+;|&#\d+;")


def _templates() -> list[Path]:
    base = Path(settings.BASE_DIR)
    found = []
    for app in APPS:
        for suffix in ("*.html", "*.txt"):
            found += sorted((base / app / "templates").rglob(suffix))
    return found


def untranslated_text(source: str) -> list[str]:
    """The words of `source` (a Django template) a person would see untranslated."""
    shown, inside = [], 0
    for token in Lexer(source).tokenize():
        if token.token_type == TokenType.BLOCK:
            bits = token.contents.split()
            if bits and bits[0] in ("blocktranslate", "blocktrans"):
                inside += 1
            elif bits and bits[0] in ("endblocktranslate", "endblocktrans"):
                inside -= 1
        if token.token_type == TokenType.TEXT and not inside:
            shown.append(token.contents)
        elif token.token_type != TokenType.COMMENT:
            shown.append(" \N{CURRENCY SIGN} ")  # a tag's output: no words of its own
    page = "".join(shown)
    found = [
        value for value in SPOKEN_ATTRIBUTE.findall(page) if WORD.search(ALLOWED.sub("", value))
    ]
    for fragment in re.split(
        "\N{CURRENCY SIGN}", ENTITY.sub(" ", TAG.sub("\N{CURRENCY SIGN}", page))
    ):
        if WORD.search(ALLOWED.sub("", fragment)):
            found.append(" ".join(fragment.split()))
    return found


def test_the_check_finds_an_untranslated_sentence_an_attribute_and_passes_a_wrapped_one():
    assert untranslated_text("<h1>Nothing here</h1>") == ["Nothing here"]
    assert untranslated_text('<img alt="QR code">') == ["QR code"]
    assert untranslated_text('{% load i18n %}<h1>{% translate "Nothing here" %}</h1>') == []
    assert (
        untranslated_text("{% blocktranslate with n=x %}<b>{{ n }}</b> rows{% endblocktranslate %}")
        == []
    )


@pytest.mark.parametrize(
    "path", _templates(), ids=lambda path: str(path.relative_to(settings.BASE_DIR))
)
def test_a_template_has_no_untranslated_words(path):
    assert untranslated_text(path.read_text()) == []
