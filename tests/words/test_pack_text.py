"""The rule packs' text for people (summaries, notes, citations) carries no research notes."""

import pytest

from hotelcompliance.rules import available_jurisdictions, get_pack
from tests.words.visible import RESEARCH, raw_words


@pytest.mark.parametrize("code", [code for code, _name in available_jurisdictions()])
def test_a_packs_text_reads_as_law_not_as_research(code):
    pack = get_pack(code)
    problems = {
        f"{name}.{part}": raw_words(text)
        for name, rule in pack.rules.items()
        for part, text in (("summary", rule.summary), ("note", rule.note))
        if raw_words(text)
    }
    problems.update(
        {
            f"{name}.citation": [rule.citation]
            for name, rule in pack.rules.items()
            if RESEARCH.search(rule.citation)
        }
    )
    assert problems == {}
