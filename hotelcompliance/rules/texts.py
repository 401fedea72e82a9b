"""The training rules in plain words, for the employee's own page, in their language.

A pack's `summary` is the law as the research states it (English, for managers and
inspectors). An employee asks "why must I do this?": each function here answers it for one
rule from the rule's values, in words a new hire reads on a phone, through gettext. All such
texts live here, not in templates, so each rule has one wording and one translation.
"""

from collections.abc import Callable

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from hotelcompliance.rules.model import Rule


def _roles(roles: tuple[str, ...]) -> str:
    words = {
        "front_desk": _("front desk"),
        "housekeeping": _("housekeeping"),
        "janitorial": _("janitorial"),
        "bell": _("bell staff"),
        "driver": _("drivers"),
        "management": _("managers"),
        "security": _("security"),
        "maintenance": _("maintenance"),
        "food_beverage": _("food and beverage"),
        "other": _("other jobs"),
    }
    return ", ".join(words.get(role, role) for role in roles)


def _scope(state: str, rule: Rule) -> str:
    who = rule.get("who")
    if who == "all_employees":
        return _(
            "%(state)s asks that everyone working at the hotel is trained, whatever the job."
        ) % {"state": state}
    if who == "customer_facing":
        return _(
            "%(state)s asks that everyone who deals with guests is trained: you may be the "
            "first to notice something wrong."
        ) % {"state": state}
    if who == "listed_roles":
        return _("%(state)s asks that staff in these jobs are trained: %(roles)s.") % {
            "state": state,
            "roles": _roles(tuple(rule.get("roles", ()))),
        }
    return _(
        "The law of %(state)s does not say exactly who must be trained, so everyone is "
        "trained here."
    ) % {"state": state}


def _new_hire(state: str, rule: Rule) -> str:
    months, days = rule.get("months"), rule.get("days")
    if months is not None:
        return ngettext(
            "A new employee must be trained within %(count)s month of starting.",
            "A new employee must be trained within %(count)s months of starting.",
            months,
        ) % {"count": months}
    if days == 0:
        return _("A new employee must be trained when they start work.")
    if days is not None:
        return ngettext(
            "A new employee must be trained within %(count)s day of starting.",
            "A new employee must be trained within %(count)s days of starting.",
            days,
        ) % {"count": days}
    return _("%(state)s sets no deadline for new employees that we know of: train soon.") % {
        "state": state
    }


def _refresher(state: str, rule: Rule) -> str:
    months = rule.get("months")
    if months is None:
        return _("No refresher is known: as far as we know, once is enough.")
    if months == 12:
        return _("The training is repeated every year, so what you know stays fresh.")
    if months % 12 == 0:
        return ngettext(
            "The training is repeated every %(count)s year, so what you know stays fresh.",
            "The training is repeated every %(count)s years, so what you know stays fresh.",
            months // 12,
        ) % {"count": months // 12}
    return ngettext(
        "The training is repeated every %(count)s month, so what you know stays fresh.",
        "The training is repeated every %(count)s months, so what you know stays fresh.",
        months,
    ) % {"count": months}


def _minutes(state: str, rule: Rule) -> str:
    minutes = rule.get("minutes")
    if minutes is None:
        return _("The law sets no minimum length for the course.")
    return ngettext(
        "The course must last at least %(count)s minute.",
        "The course must last at least %(count)s minutes.",
        minutes,
    ) % {"count": minutes}


def _approval(state: str, rule: Rule) -> str:
    required = rule.get("required")
    if required and rule.get("approver"):
        return _("Only a course approved by %(approver)s counts.") % {
            "approver": rule.get("approver")
        }
    if required:
        return _("Only a course the state has approved counts.")
    if required is False:
        return _("No particular course is required: a suitable course counts.")
    return _("Whether the course must be approved is not known.")


def _awareness(state: str, rule: Rule) -> str:
    required = rule.get("required")
    if required:
        return _(
            "%(state)s also asks your employer to keep staff aware all year, beyond the "
            "training: a short note each month on the signs and the hotline."
        ) % {"state": state}
    if required is False:
        return _(
            "%(state)s does not require more than the training; the monthly note is extra, "
            "to keep the signs in mind."
        ) % {"state": state}
    return _("Whether %(state)s asks for more than the training is not known.") % {"state": state}


_TEXTS: dict[str, Callable[[str, Rule], str]] = {
    "training_scope": _scope,
    "new_hire_deadline": _new_hire,
    "refresher": _refresher,
    "minimum_minutes": _minutes,
    "course_approval": _approval,
    "ongoing_awareness": _awareness,
}
# The rules that have a plain wording, in the order the employee's page reads them.
PLAIN_RULES = tuple(_TEXTS)


def rule_in_plain_words(pack_name: str, rule: Rule) -> str:
    """Why `rule` applies to an employee, in the active language (KeyError for a rule with
    no plain wording: only the training rules above have one)."""
    return _TEXTS[rule.name](pack_name, rule)
