"""The fixed taxonomy of trafficking indicators a concern report may name.

Eight groups, drawn from the DHS Blue Campaign indicators, the Washington Hospitality
Association's training and the NJ Attorney General's "red flags" for hotels. Codes are stored
on reports, so they never change or get reused; a label may be reworded.
Codes are `<group>.<indicator>`.
"""

from dataclasses import dataclass

# Labels are marked here and translated where shown (`{% translate group.label %}`, the form).
from django.utils.translation import gettext_noop


@dataclass(frozen=True)
class Indicator:
    code: str
    label: str


@dataclass(frozen=True)
class IndicatorGroup:
    code: str
    label: str
    indicators: tuple[Indicator, ...]


def _group(code: str, label: str, *indicators: tuple[str, str]) -> IndicatorGroup:
    return IndicatorGroup(
        code, label, tuple(Indicator(f"{code}.{short}", text) for short, text in indicators)
    )


GROUPS: tuple[IndicatorGroup, ...] = (
    _group(
        "condition",
        gettext_noop("Guest or person condition and behaviour"),
        ("injuries", gettext_noop("Injuries")),
        ("malnutrition", gettext_noop("Malnutrition")),
        ("fatigue", gettext_noop("Fatigue")),
        ("fear", gettext_noop("Fear")),
        ("scripted_answers", gettext_noop("Scripted answers")),
        ("no_eye_contact", gettext_noop("No eye contact")),
        ("minor_acting_adult", gettext_noop("Minors acting as adults")),
        ("branding_tattoos", gettext_noop("Branding tattoos")),
        ("clothing_wrong", gettext_noop("Clothes wrong for age or weather")),
    ),
    _group(
        "control",
        gettext_noop("Control or lack of freedom"),
        ("constantly_watched", gettext_noop("Constantly watched")),
        ("someone_speaks_for_them", gettext_noop("Someone else speaks for them")),
        ("no_control_money_id", gettext_noop("No control of money or ID")),
        ("no_id", gettext_noop("No ID")),
    ),
    _group(
        "checkin",
        gettext_noop("Check-in and payment patterns"),
        ("cash_or_prepaid", gettext_noop("Cash or prepaid cards")),
        ("several_rooms", gettext_noop("One person booking several rooms")),
        (
            "unusual_stay",
            gettext_noop("Hourly, same-day or unusually long stays extended day by day"),
        ),
        ("reluctant_details", gettext_noop("Guest reluctant to give name, address or vehicle")),
        ("fewer_beds", gettext_noop("Fewer beds than occupants")),
        ("unrelated_minor", gettext_noop("An adult with an unrelated minor")),
    ),
    _group(
        "room",
        gettext_noop("Room and housekeeping signs"),
        ("do_not_disturb", gettext_noop("Constant “Do Not Disturb”")),
        ("refuses_cleaning", gettext_noop("Refusing cleaning while asking for linens")),
        ("condoms_lubricant", gettext_noop("Many condoms or lubricant")),
        ("devices", gettext_noop("Several phones, laptops or card readers")),
        ("excessive_cash", gettext_noop("Excessive cash")),
        ("childrens_items", gettext_noop("Children's items with no child registered")),
    ),
    _group(
        "traffic",
        gettext_noop("Traffic and visitors"),
        ("steady_visitors", gettext_noop("A steady stream of visitors, often men, at all hours")),
        ("dropped_off", gettext_noop("People dropped off repeatedly")),
        ("lookouts", gettext_noop("Loitering or lookouts in hallways")),
        ("side_entrances", gettext_noop("Side or rear entrances used")),
    ),
    _group(
        "vehicle",
        gettext_noop("Vehicle and parking"),
        ("plate_hidden", gettext_noop("Car regularly backed in so the plate is hidden")),
    ),
    _group(
        "online",
        gettext_noop("Online and adult services"),
        ("asks_adult_services", gettext_noop("Asking about adult services")),
        ("adult_sites", gettext_noop("Hotel computers used for adult sites")),
    ),
    _group(
        "labor",
        gettext_noop("Labor-trafficking signs"),
        ("living_on_site", gettext_noop("Workers living on site")),
        ("no_pay_documents", gettext_noop("No pay or control of documents")),
        ("debt", gettext_noop("Debt")),
        ("scripted_stories", gettext_noop("Scripted stories")),
    ),
)

INDICATORS: dict[str, Indicator] = {i.code: i for g in GROUPS for i in g.indicators}
GROUP_OF: dict[str, IndicatorGroup] = {i.code: g for g in GROUPS for i in g.indicators}
# Taxonomy order, so a report's codes are stored and shown in the same order everywhere.
_ORDER = {code: position for position, code in enumerate(INDICATORS)}


def is_indicator(code: object) -> bool:
    return isinstance(code, str) and code in INDICATORS


def in_taxonomy_order(codes: list[str]) -> list[str]:
    """The known codes, without repeats, in taxonomy order."""
    return sorted(set(codes) & INDICATORS.keys(), key=_ORDER.__getitem__)


def groups_of(codes: list[str]) -> list[IndicatorGroup]:
    """The groups the codes belong to, in taxonomy order (unknown codes are ignored)."""
    named = {GROUP_OF[code].code for code in codes if code in GROUP_OF}
    return [group for group in GROUPS if group.code in named]


def labels_by_group(codes: list[str]) -> list[tuple[IndicatorGroup, list[Indicator]]]:
    """Each named group with the indicators of the report in it, for a report's page."""
    chosen = set(codes)
    return [
        (group, [i for i in group.indicators if i.code in chosen]) for group in groups_of(codes)
    ]
