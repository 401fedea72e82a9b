"""Read the project's gettext catalogues (`<app>/locale/<lang>/LC_MESSAGES/django.po`)."""

from pathlib import Path

import polib
from django.conf import settings

APPS = ("hotelcompliance", "guests", "training", "audits")


def po_paths(language: str) -> list[Path]:
    base = Path(settings.BASE_DIR)
    return [base / app / "locale" / language / "LC_MESSAGES" / "django.po" for app in APPS]


def translations(catalogue: polib.POFile | polib.MOFile) -> dict:
    """What a catalogue answers: (context, msgid) to its translation(s), as gettext reads it.

    Like msgfmt, a `.po` entry that is fuzzy or untranslated is left out.
    """
    answered = {}
    for entry in catalogue:
        if getattr(entry, "obsolete", False) or "fuzzy" in getattr(entry, "flags", ()):
            continue
        if entry.msgid_plural:
            forms = tuple(entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural))
        else:
            forms = (entry.msgstr,)
        if entry.msgid and all(forms):
            answered[(entry.msgctxt, entry.msgid)] = forms
    return answered
