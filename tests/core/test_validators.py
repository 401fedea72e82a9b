"""The shared text checks refuse invisible tricks, yet keep the joiners that spelling needs."""

import sys
import unicodedata

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from hotelcompliance.validators import no_control_characters, single_line

FORMAT_CHARACTERS = [
    chr(point) for point in range(sys.maxunicode + 1) if unicodedata.category(chr(point)) == "Cf"
]
NAMED_TRICKS = [
    *(chr(point) for point in range(0x202A, 0x202F)),  # embeddings and overrides
    *(chr(point) for point in range(0x2066, 0x206A)),  # isolates
    "\u200b",
    "\u200c",
    "\u200d",
    "\ufeff",
    "\u2060",
    "\u200e",
    "\u200f",
    "\u061c",
    "\u00ad",
    "\u3164",
    "\u115f",
    "\uffa0",
]


@pytest.mark.parametrize("character", NAMED_TRICKS, ids=lambda c: f"U+{ord(c):04X}")
@pytest.mark.parametrize("check", [single_line, no_control_characters])
def test_it_refuses_each_invisible_trick_and_names_it(check, character):
    with pytest.raises(ValidationError) as refused:
        check(f"Ann{character}Smith")

    message = refused.value.messages[0]
    assert f"U+{ord(character):04X}" in message
    assert "invisible" in message
    assert refused.value.error_list[0].code == "invisible"


@given(st.sampled_from(FORMAT_CHARACTERS), st.text(max_size=10), st.text(max_size=10))
def test_it_refuses_every_format_character_in_any_text(character, before, after):
    # A joiner is kept only between two non-ASCII letters: ASCII either side refuses it.
    with pytest.raises(ValidationError):
        single_line(f"{before}a{character}b{after}")


@pytest.mark.parametrize(
    "text",
    [
        "\u0645\u062d\u0645\u062f\u200c\u0631\u0636\u0627",  # Persian compound name with ZWNJ
        "\u0915\u094d\u200d\u0937",  # Devanagari half form with ZWJ
        "\U0001f468\u200d\U0001f469\u200d\U0001f467",  # an emoji family
        "José Álvarez",
        "Anne-Marie O\u2019Brien",
        "\u674e\u5c0f\u9f8d",
    ],
)
def test_it_keeps_real_spellings(text):
    single_line(text)
    no_control_characters(text)


@pytest.mark.parametrize(
    "text",
    [
        "\u200cAnn",
        "Ann\u200d",
        "\u0645\u200c\u200c\u0631",
        "Ann\u200d\u0645",
        "\u0645 \u200c\u0631",
    ],
)
def test_it_refuses_a_joiner_that_joins_nothing(text):
    with pytest.raises(ValidationError):
        single_line(text)


def test_a_line_separator_is_not_a_single_line():
    for separator in ("\u2028", "\u2029"):
        with pytest.raises(ValidationError, match="single line"):
            single_line(f"Ann{separator}Smith")
