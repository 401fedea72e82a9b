"""Check a parsed pack file and turn it into a RulePack.

A pack is the law as the product applies it, so a malformed file must stop the start-up,
naming the file and the key, rather than quietly weaken a rule.
"""

import datetime
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any

from hotelcompliance.rules.model import Rule, RulePack
from hotelcompliance.rules.vocab import (
    BASES,
    CONFIDENCES,
    GUEST_FIELDS,
    JOB_ROLES,
    RATE_TYPES,
    RECORD_CLOCKS,
    RULE_NAMES,
    TRAINEES,
)


class RulePackError(ValueError):
    """A pack file that does not follow the format in rules/README.md."""


def _whole(least: int) -> Callable[[Any], int]:
    def check(value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or value < least:
            raise ValueError(f"expected a whole number of at least {least}, got {value!r}")
        return value

    return check


def _one_of(allowed: tuple[str, ...]) -> Callable[[Any], str]:
    def check(value: Any) -> str:
        if value not in allowed:
            raise ValueError(f"expected one of {', '.join(allowed)}; got {value!r}")
        return value

    return check


def _list_of(allowed: tuple[str, ...] | None) -> Callable[[Any], tuple[str, ...]]:
    def check(value: Any) -> tuple[str, ...]:
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise ValueError(f"expected a list of strings, got {value!r}")
        wrong = [item for item in value if allowed is not None and item not in allowed]
        if wrong:
            raise ValueError(
                f"unknown {', '.join(wrong)}; expected some of {', '.join(allowed or ())}"
            )
        return tuple(value)

    return check


def _text(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"expected non-empty text, got {value!r}")
    return value.strip()


def _flag(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"expected true or false, got {value!r}")
    return value


def _day(value: Any) -> datetime.date:
    if not isinstance(value, datetime.date) or isinstance(value, datetime.datetime):
        raise ValueError(f"expected a date like 2027-01-01, got {value!r}")
    return value


def _hours(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        raise ValueError(f"expected a positive number of hours, got {value!r}")
    return value


# rule name -> value key -> (check, required when the rule is known)
VALUE_KEYS: dict[str, dict[str, tuple[Callable[[Any], Any], bool]]] = {
    "guest_records": {
        "required": (_list_of(GUEST_FIELDS), True),
        "optional": (_list_of(GUEST_FIELDS), True),
        "product_choice": (_list_of(GUEST_FIELDS), False),
        "later": (_list_of(GUEST_FIELDS), False),
    },
    "guest_id": {"required": (_flag, True)},
    "retention": {"days": (_whole(1), True), "months": (_whole(1), False)},
    "destruction_window": {"days": (_whole(0), True)},
    "training_scope": {"who": (_one_of(TRAINEES), True), "roles": (_list_of(JOB_ROLES), False)},
    "training_applies_if": {"min_rooms": (_whole(1), True)},
    "new_hire_deadline": {"days": (_whole(0), False), "months": (_whole(1), False)},
    "refresher": {"months": (_whole(1), True)},
    "minimum_minutes": {"minutes": (_whole(1), True)},
    "course_approval": {"required": (_flag, True), "approver": (_text, False)},
    "certification": {
        "where": (_text, True),
        "month": (_whole(1), False),
        "day": (_whole(1), False),
        "first_year": (_whole(2000), False),
    },
    "ongoing_awareness": {"required": (_flag, True)},
    "training_record_retention": {
        "months": (_whole(1), True),
        "from": (_one_of(RECORD_CLOCKS), True),
    },
    "notice": {
        "required": (_flag, True),
        "where": (_text, False),
        "languages": (_list_of(None), False),
        "size": (_text, False),
    },
    "rate": {
        "banned_rate_types": (_list_of(RATE_TYPES), True),
        "max_discounted_stay_hours": (_hours, True),
        "effective_from": (_day, True),
    },
    "registration": {"authority": (_text, True), "required_from": (_day, True)},
    "penalties": {},  # text only: the summary is what reports print
}
COMMON_KEYS = {"citation", "confidence", "summary", "note", "basis"}


def build_pack(data: Mapping[str, Any], *, filename: str) -> RulePack:
    """Validate one parsed pack file and return it as a RulePack."""

    def fail(key: str, problem: str) -> RulePackError:
        return RulePackError(f"{filename}: {key}: {problem}")

    extra = set(data) - {"code", "name", "rules"}
    if extra:
        raise fail(sorted(extra)[0], "unknown top-level key (expected code, name, rules)")
    code, name = data.get("code"), data.get("name")
    if not isinstance(code, str) or f"{code}.toml" != filename:
        raise fail("code", f"must be a string matching the file name, got {code!r}")
    if not isinstance(name, str) or not name.strip():
        raise fail("name", "must be the jurisdiction's name, e.g. Connecticut")
    rules = data.get("rules")
    if not isinstance(rules, dict):
        raise fail("rules", "missing; every pack needs a [rules.<name>] table per rule")
    for rule_name in rules:
        if rule_name not in RULE_NAMES:
            raise fail(f"rules.{rule_name}", f"unknown rule; rules are {', '.join(RULE_NAMES)}")
    built = {}
    for rule_name in RULE_NAMES:
        if rule_name not in rules:
            raise fail(f"rules.{rule_name}", "missing (mark it unknown if the law is not known)")
        try:
            built[rule_name] = _build_rule(rule_name, rules[rule_name])
        except _KeyProblem as problem:
            key = f"rules.{rule_name}" + (f".{problem.key}" if problem.key else "")
            raise fail(key, problem.message) from None
    return RulePack(code=code, name=name.strip(), rules=MappingProxyType(built))


class _KeyProblem(Exception):
    def __init__(self, key: str, message: str) -> None:
        super().__init__(key, message)
        self.key, self.message = key, message


def _build_rule(name: str, raw: Any) -> Rule:
    if not isinstance(raw, dict):
        raise _KeyProblem("", "must be a table")
    schema = VALUE_KEYS[name]
    for key in raw:
        if key not in COMMON_KEYS and key not in schema:
            raise _KeyProblem(key, f"unknown key; expected {', '.join(sorted(schema)) or 'none'}")
    common = {key: _checked(key, _text, raw.get(key)) for key in ("citation", "summary")}
    confidence = _checked("confidence", _one_of(CONFIDENCES), raw.get("confidence"))
    basis = _checked("basis", _one_of(BASES[:2]), raw.get("basis", "law"))
    note = _checked("note", _text, raw["note"]) if "note" in raw else ""
    values = {
        key: _checked(key, check, raw[key]) for key, (check, _) in schema.items() if key in raw
    }
    if basis == "law" and confidence == "unknown" and values:
        raise _KeyProblem(
            next(iter(values)), "an unknown rule has no value (null); remove it or cite the law"
        )
    known = basis != "law" or confidence != "unknown"
    missing = [key for key, (_, needed) in schema.items() if needed and key not in values]
    if known and missing:
        raise _KeyProblem(missing[0], "missing; a known rule needs its value")
    _check_together(name, values, known)
    return Rule(
        name=name,
        citation=common["citation"],
        confidence=confidence,
        summary=common["summary"],
        values=MappingProxyType(values),
        note=note,
        basis=basis,
    )


def _checked(key: str, check: Callable[[Any], Any], value: Any) -> Any:
    if value is None:
        raise _KeyProblem(key, "missing")
    try:
        return check(value)
    except ValueError as error:
        raise _KeyProblem(key, str(error)) from None


def _check_together(name: str, values: dict[str, Any], known: bool) -> None:
    """Rules whose keys only make sense in combination."""
    if name == "guest_records" and values:
        both = set(values["required"]) & set(values["optional"])
        if both:
            raise _KeyProblem("optional", f"also listed as required: {', '.join(sorted(both))}")
        unlisted = set(GUEST_FIELDS) - set(values["required"]) - set(values["optional"])
        if unlisted:
            raise _KeyProblem(
                "optional", f"list every field; missing {', '.join(sorted(unlisted))}"
            )
        for key in ("product_choice", "later"):
            loose = set(values.get(key, ())) - set(values["required"])
            if loose:
                raise _KeyProblem(key, f"not a required field: {', '.join(sorted(loose))}")
    if name == "new_hire_deadline" and known and len(values) != 1:
        raise _KeyProblem("days", "give exactly one of days or months")
    listed = values.get("who") == "listed_roles"
    if name == "training_scope" and values and listed != ("roles" in values):
        raise _KeyProblem("roles", "give roles exactly when who = 'listed_roles'")
    if name == "certification" and ("month" in values) != ("day" in values):
        raise _KeyProblem("day", "give month and day together")
    if name == "certification" and "month" in values:
        try:
            datetime.date(2001, values["month"], values["day"])
        except ValueError as error:
            raise _KeyProblem("day", str(error)) from None
