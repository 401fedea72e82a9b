"""Jurisdiction rule packs: the law per state as data, and the answers the apps need.

Packs live in `packs/<CODE>.toml` (format: README.md). Every answer traces back to a rule
with a citation and a confidence: `get_pack("US-CT").rule("retention").citation`.
"""

from hotelcompliance.rules.dates import add_months
from hotelcompliance.rules.model import GuestFields, Rule, RulePack
from hotelcompliance.rules.overrides import PropertyOverrides, effective_pack, validate_overrides
from hotelcompliance.rules.packs import (
    UnknownJurisdiction,
    available_jurisdictions,
    get_pack,
    load_pack,
)
from hotelcompliance.rules.schema import RulePackError
from hotelcompliance.rules.vocab import GUEST_FIELDS, JOB_ROLES, RATE_TYPES, RULE_NAMES

__all__ = [
    "GUEST_FIELDS",
    "JOB_ROLES",
    "RATE_TYPES",
    "RULE_NAMES",
    "GuestFields",
    "PropertyOverrides",
    "Rule",
    "RulePack",
    "RulePackError",
    "UnknownJurisdiction",
    "add_months",
    "available_jurisdictions",
    "effective_pack",
    "get_pack",
    "load_pack",
    "validate_overrides",
]
