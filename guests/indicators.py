"""The fixed taxonomy of trafficking indicators a concern report may name.

Eight groups, drawn from the DHS Blue Campaign indicators, the Washington Hospitality
Association's training and the NJ Attorney General's "red flags" for hotels. Codes are stored
on reports, so they never change or get reused; a label may be reworded.
Codes are `<group>.<indicator>`.
"""

from dataclasses import dataclass


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
        "Guest or person condition and behaviour",
        ("injuries", "Injuries"),
        ("malnutrition", "Malnutrition"),
        ("fatigue", "Fatigue"),
        ("fear", "Fear"),
        ("scripted_answers", "Scripted answers"),
        ("no_eye_contact", "No eye contact"),
        ("minor_acting_adult", "Minors acting as adults"),
        ("branding_tattoos", "Branding tattoos"),
        ("clothing_wrong", "Clothes wrong for age or weather"),
    ),
    _group(
        "control",
        "Control or lack of freedom",
        ("constantly_watched", "Constantly watched"),
        ("someone_speaks_for_them", "Someone else speaks for them"),
        ("no_control_money_id", "No control of money or ID"),
        ("no_id", "No ID"),
    ),
    _group(
        "checkin",
        "Check-in and payment patterns",
        ("cash_or_prepaid", "Cash or prepaid cards"),
        ("several_rooms", "One person booking several rooms"),
        ("unusual_stay", "Hourly, same-day or unusually long stays extended day by day"),
        ("reluctant_details", "Guest reluctant to give name, address or vehicle"),
        ("fewer_beds", "Fewer beds than occupants"),
        ("unrelated_minor", "An adult with an unrelated minor"),
    ),
    _group(
        "room",
        "Room and housekeeping signs",
        ("do_not_disturb", "Constant \u201cDo Not Disturb\u201d"),
        ("refuses_cleaning", "Refusing cleaning while asking for linens"),
        ("condoms_lubricant", "Many condoms or lubricant"),
        ("devices", "Several phones, laptops or card readers"),
        ("excessive_cash", "Excessive cash"),
        ("childrens_items", "Children's items with no child registered"),
    ),
    _group(
        "traffic",
        "Traffic and visitors",
        ("steady_visitors", "A steady stream of visitors, often men, at all hours"),
        ("dropped_off", "People dropped off repeatedly"),
        ("lookouts", "Loitering or lookouts in hallways"),
        ("side_entrances", "Side or rear entrances used"),
    ),
    _group(
        "vehicle",
        "Vehicle and parking",
        ("plate_hidden", "Car regularly backed in so the plate is hidden"),
    ),
    _group(
        "online",
        "Online and adult services",
        ("asks_adult_services", "Asking about adult services"),
        ("adult_sites", "Hotel computers used for adult sites"),
    ),
    _group(
        "labor",
        "Labor-trafficking signs",
        ("living_on_site", "Workers living on site"),
        ("no_pay_documents", "No pay or control of documents"),
        ("debt", "Debt"),
        ("scripted_stories", "Scripted stories"),
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
