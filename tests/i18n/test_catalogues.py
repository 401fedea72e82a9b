"""The Spanish catalogues are complete, keep every placeholder, and ship compiled as they read.

A fresh machine has no GNU gettext, so the compiled `.mo` files are committed; these tests fail
when one is out of date with its `.po` (run `make messages` after editing a `.po`).
"""

import re

import polib
import pytest

from tests.i18n.catalogues import po_paths, translations

PLACEHOLDER = re.compile(r"%(?:\([^)]+\))?[-#0 +]*\d*(?:\.\d+)?[sdifgeEGxXr%]|\{[a-z_]*\}")
SPANISH = po_paths("es")


def _ids(paths):
    return [f"{path.parent.parent.parent.parent.name}" for path in paths]


@pytest.mark.parametrize("path", SPANISH, ids=_ids(SPANISH))
def test_every_spanish_entry_is_translated_and_none_is_fuzzy(path):
    po = polib.pofile(str(path))

    untranslated = [entry.msgid for entry in po.untranslated_entries()]
    fuzzy = [entry.msgid for entry in po.fuzzy_entries()]

    assert po.percent_translated() == 100, f"untranslated: {untranslated[:10]}"
    assert not fuzzy, f"fuzzy (check, then remove the flag): {fuzzy[:10]}"


@pytest.mark.parametrize("path", SPANISH, ids=_ids(SPANISH))
def test_every_translation_keeps_the_placeholders_of_its_source(path):
    wrong = []
    for entry in polib.pofile(str(path)):
        sources = [entry.msgid] if not entry.msgid_plural else [entry.msgid, entry.msgid_plural]
        wanted = sorted(set().union(*(PLACEHOLDER.findall(source) for source in sources)))
        given = [entry.msgstr] if not entry.msgid_plural else list(entry.msgstr_plural.values())
        for text in given:
            if text and sorted(set(PLACEHOLDER.findall(text))) != wanted:
                wrong.append((entry.msgid, text))

    assert not wrong, wrong[:5]


@pytest.mark.parametrize("path", SPANISH, ids=_ids(SPANISH))
def test_the_compiled_catalogue_says_what_its_po_says(path):
    mo_path = path.with_suffix(".mo")
    assert mo_path.exists(), f"{mo_path} is missing: run `make messages`"

    compiled = translations(polib.mofile(str(mo_path)))
    written = translations(polib.pofile(str(path)))

    assert compiled == written, (
        f"{mo_path} is out of date with its .po: run `make messages` "
        f"(differs on {sorted(set(compiled.items()) ^ set(written.items()))[:3]})"
    )


def test_the_spanish_catalogue_declares_its_plural_rule():
    for path in SPANISH:
        assert polib.pofile(str(path)).metadata["Plural-Forms"].startswith("nplurals=2;")
