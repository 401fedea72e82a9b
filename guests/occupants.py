"""The other occupants of a stay, each marked adult or minor, and the counts that follow.

Stored as `[{"name": "Ana Diaz", "minor": true}, ...]` (the lead guest, always an adult, is
not repeated). Input may still be a plain list of names (API contract v1, PMS exports): a
plain name is an adult. At the desk and in the import a minor is marked by a trailing `*`,
`(minor)` or `(menor)`: `Ana Diaz *`.

When occupants are listed, the party is what they say: adults = 1 + the adults listed,
minors = the minors listed. Counts left out are filled from the list; counts that disagree
with it are refused (`party_problems`). With no occupants listed the counts stand alone (a
hotel need not record every name).
"""

import re
from typing import Any, TypedDict

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class Occupant(TypedDict):
    name: str
    minor: bool


MINOR_MARK = re.compile(r"\s*(?:\*|\((?:minor|menor)\))\s*$", re.IGNORECASE)


def normalise(value: Any) -> list[Occupant]:
    """Occupants from names or `{name, minor}` objects; `ValidationError` on any other shape.

    Names are stripped but not otherwise checked here (the model's validator does that).
    """
    if value is None:
        return []
    if not isinstance(value, list):
        raise ValidationError(_("Give the other occupants as a list of names."), code="invalid")
    out: list[Occupant] = []
    for item in value:
        if isinstance(item, str):
            name, minor = _marked(item)
        elif isinstance(item, dict) and set(item) <= {"name", "minor"} and "name" in item:
            name, minor = item["name"], item.get("minor", False)
            if not isinstance(name, str) or not isinstance(minor, bool):
                raise ValidationError(
                    _("Each occupant is a name, or an object with a name and minor (true/false)."),
                    code="invalid",
                )
            name = name.strip()
        else:
            raise ValidationError(
                _("Each occupant is a name, or an object with a name and minor (true/false)."),
                code="invalid",
            )
        out.append({"name": name, "minor": minor})
    return out


def _marked(text: str) -> tuple[str, bool]:
    """A typed name and whether it carries the minor mark."""
    stripped = text.strip()
    unmarked = MINOR_MARK.sub("", stripped)
    return unmarked.strip(), unmarked != stripped


def parse_lines(lines: list[str]) -> list[Occupant]:
    """Occupants typed one per line (blank lines skipped), minors marked."""
    return normalise([line for line in lines if line.strip()])


def as_text(occupants: list[Occupant], *, separator: str = "\n") -> str:
    """Back to what a clerk types: one per line, minors marked with `*`."""
    return separator.join(
        f"{occupant['name']} *" if occupant["minor"] else occupant["name"]
        for occupant in normalise(occupants)
    )


def names(occupants: Any) -> list[str]:
    """The occupants' names (legacy plain names too), for the name index."""
    try:
        return [occupant["name"] for occupant in normalise(occupants)]
    except ValidationError:
        return []


def party(occupants: list[Occupant]) -> tuple[int, int]:
    """(adults, minors) that the list names, the lead guest counted as an adult."""
    minors = sum(1 for occupant in occupants if occupant["minor"])
    return 1 + len(occupants) - minors, minors


def party_problems(occupants: list[Occupant], adults: Any, minors: Any) -> dict[str, list[str]]:
    """Field errors when given counts disagree with a non-empty occupant list."""
    if not occupants:
        return {}
    want_adults, want_minors = party(occupants)
    problems: dict[str, list[str]] = {}
    if isinstance(adults, int) and adults != want_adults:
        problems["adults"] = [
            _(
                "The occupant list names %(listed)s adults with the guest, not %(given)s: "
                "correct the count or the list."
            )
            % {"listed": want_adults, "given": adults}
        ]
    if isinstance(minors, int) and minors != want_minors:
        problems["minors"] = [
            _(
                "The occupant list marks %(listed)s minors (a trailing * marks one), not "
                "%(given)s: correct the count or the list."
            )
            % {"listed": want_minors, "given": minors}
        ]
    return problems


def digest_form(value: Any) -> Any:
    """The occupants as the chain digests them: an adult as its plain name.

    So the digests of stays chained before minors were marked (plain names, migrated to
    objects by guests migration 0015) still verify, and a new stay digests the same way.
    """
    if not isinstance(value, list):
        return value
    return [
        item["name"]
        if isinstance(item, dict) and set(item) == {"name", "minor"} and item["minor"] is False
        else item
        for item in value
    ]
