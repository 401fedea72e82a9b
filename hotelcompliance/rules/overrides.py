"""A property's own settings: it may be stricter than its jurisdiction's pack, never laxer."""

from collections.abc import Mapping
from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import Any

from django.core.exceptions import ValidationError

from hotelcompliance.rules.model import Rule, RulePack
from hotelcompliance.rules.vocab import GUEST_FIELDS


@dataclass(frozen=True)
class PropertyOverrides:
    """None (or empty) means "as the pack says"."""

    retention_days: int | None = None
    refresher_months: int | None = None
    minimum_minutes: int | None = None
    extra_required_guest_fields: tuple[str, ...] = ()


# override -> (rule, value key, whether a higher value is stricter)
_LIMITS = {
    "retention_days": ("retention", "days", True),
    "refresher_months": ("refresher", "months", False),
    "minimum_minutes": ("minimum_minutes", "minutes", True),
}
# How each limit reads, as the law's requirement and as the property's own setting.
_REQUIRES = {
    "retention": "guest records to be kept at least {} days",
    "refresher": "refresher training at least every {} months",
    "minimum_minutes": "courses of at least {} minutes",
}
_PROPERTY = {
    "retention": "keeps guest records at least {} days",
    "refresher": "retrains at least every {} months",
    "minimum_minutes": "requires courses of at least {} minutes",
}


def validate_overrides(
    pack: RulePack, overrides: PropertyOverrides, *, field_names: Mapping[str, str] | None = None
) -> None:
    """Refuse settings laxer than the law, with one message per field naming the law.

    Raises ValidationError keyed by PropertyOverrides field names, renamed through
    `field_names` where a model calls them otherwise (a ModelForm rejects unknown keys).
    """
    errors: dict[str, str] = {}
    for attr, (rule_name, key, higher) in _LIMITS.items():
        value = getattr(overrides, attr)
        if value is None:
            continue
        if not _usable(value):
            errors[attr] = "Enter a whole number of at least 1."
            continue
        rule = pack.rule(rule_name)
        law = rule.get(key)
        if law is not None and (value < law if higher else value > law):
            requirement = _REQUIRES[rule_name].format(law)
            laxer = "shorter" if higher else "longer"
            errors[attr] = (
                f"{pack.name} requires {requirement} ({rule.citation}); {value} is {laxer}."
            )
    unknown = sorted(set(overrides.extra_required_guest_fields) - set(GUEST_FIELDS))
    if unknown:
        errors["extra_required_guest_fields"] = (
            f"Unknown guest field: {', '.join(unknown)}. Choose from: {', '.join(GUEST_FIELDS)}."
        )
    if errors:
        rename = field_names or {}
        raise ValidationError({rename.get(key, key): text for key, text in errors.items()})


def _usable(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 1


def effective_pack(pack: RulePack, overrides: PropertyOverrides) -> RulePack:
    """The pack with each override applied where it is stricter; laxer ones are ignored.

    Where the law is unknown, the property's own value applies (e.g. a retention period
    in a state with no register rule). Citation and confidence keep describing the law.
    """
    rules = dict(pack.rules)
    for attr, (rule_name, key, higher) in _LIMITS.items():
        value = getattr(overrides, attr)
        law = pack.rule(rule_name).get(key)
        if not _usable(value) or (law is not None and (value <= law if higher else value >= law)):
            continue
        rules[rule_name] = _set(
            pack.rule(rule_name), {key: value}, _PROPERTY[rule_name].format(value)
        )
    required = pack.guest_fields().required
    extra = (set(overrides.extra_required_guest_fields) & set(GUEST_FIELDS)) - required
    if extra:
        fields = tuple(name for name in GUEST_FIELDS if name in required | extra)
        others = tuple(name for name in GUEST_FIELDS if name not in fields)
        rules["guest_records"] = _set(
            pack.rule("guest_records"),
            {"required": fields, "optional": others},
            f"also requires {', '.join(sorted(extra))}",
        )
    return replace(pack, rules=MappingProxyType(rules))


def _set(rule: Rule, values: dict[str, Any], reads: str) -> Rule:
    return replace(
        rule,
        values=MappingProxyType({**rule.values, **values}),
        summary=f"This property {reads}. The law: {rule.summary}",
        basis="property_setting",
    )
