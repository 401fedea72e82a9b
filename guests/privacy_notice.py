"""What a guest is told about the register: one text for the card, the desk and the guest's page.

Kept apart from any template or PDF so every place that shows the notice (the printed
registration card, a guest-facing page) says the same thing in the guest's language.
`privacy_notice(prop)` gives the paragraphs as plain strings, translated in the active language.
"""

from django.utils.translation import gettext, ngettext

from hotelcompliance.tenancy import Property


def privacy_notice_title() -> str:
    return gettext("Privacy notice")


def privacy_notice(prop: Property) -> list[str]:
    """The notice's paragraphs for a stay at `prop`: why, who may see it, how long, your rights."""
    rule = prop.rule_pack().rule("retention")
    paragraphs = [
        gettext(
            "%(property)s keeps this registration because the law where it operates requires "
            "hotels to record who stays, when and in which room. It is used for that record "
            "only: not for marketing, and it is not sold."
        )
        % {"property": prop.name},
        gettext(
            "Your ID number is stored encrypted and printed masked. Staff see the register "
            "only as their role requires; every look at unmasked data, search and export is "
            "recorded. Police or inspectors see it only as the law allows, and each such "
            "request is recorded."
        ),
        _kept(rule.get("months"), rule.get("days")),
    ]
    paragraphs.append(
        gettext(
            "You may ask the front desk or the manager which details about you are kept and "
            "to correct any that are wrong."
        )
    )
    return paragraphs


def _kept(months: int | None, days: int | None) -> str:
    if months:
        return ngettext(
            "The record is kept for at least %(count)s month after your stay, then destroyed.",
            "The record is kept for at least %(count)s months after your stay, then destroyed.",
            months,
        ) % {"count": months}
    if days:
        return ngettext(
            "The record is kept for at least %(count)s day after your stay, then destroyed.",
            "The record is kept for at least %(count)s days after your stay, then destroyed.",
            days,
        ) % {"count": days}
    return gettext("The record is kept as long as the law requires, then destroyed.")
