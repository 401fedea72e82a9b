"""Load the pack files in rules/packs/ once, validated, and look packs up by code."""

import functools
import tomllib
from pathlib import Path

from hotelcompliance.rules.model import RulePack
from hotelcompliance.rules.schema import RulePackError, build_pack

PACK_DIR = Path(__file__).resolve().parent / "packs"


class UnknownJurisdiction(LookupError):
    """No rule pack exists for the code (e.g. a typo, or a state not yet researched)."""


def load_pack(path: Path) -> RulePack:
    """Read and validate one pack file; errors name the file and the key."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise RulePackError(f"{path.name}: not valid TOML: {error}") from None
    return build_pack(data, filename=path.name)


@functools.cache
def _all_packs() -> dict[str, RulePack]:
    packs = [load_pack(path) for path in sorted(PACK_DIR.glob("*.toml"))]
    if not packs:
        raise RulePackError(f"No rule packs found in {PACK_DIR}")
    return {pack.code: pack for pack in packs}


def get_pack(code: str) -> RulePack:
    """The pack for a jurisdiction code such as "US-CT"."""
    packs = _all_packs()
    key = code.strip().upper() if isinstance(code, str) else code
    if key not in packs:
        raise UnknownJurisdiction(
            f"No rule pack for jurisdiction {code!r}; known: {', '.join(sorted(packs))}"
        )
    return packs[key]


def available_jurisdictions() -> list[tuple[str, str]]:
    """(code, name) pairs sorted by name, for a model field's choices."""
    return sorted(((p.code, p.name) for p in _all_packs().values()), key=lambda pair: pair[1])
