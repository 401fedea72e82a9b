"""A jurisdiction's rules as frozen data, and the answers the apps ask of them.

Every answer comes from one named rule, so a screen or report can show the law behind it
with `pack.rule(name).citation` and `.confidence`. A rule the research could not support
has no value, and every answer says what "unknown" means for it (never invent the law).
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from types import MappingProxyType
from typing import Any

from hotelcompliance.rules.dates import add_months
from hotelcompliance.rules.vocab import GUEST_FIELDS, RATE_TYPES

_EMPTY: Mapping[str, Any] = MappingProxyType({})


@dataclass(frozen=True)
class Rule:
    """One duty: its value (empty if unknown), the law behind it and how sure we are."""

    name: str
    citation: str
    confidence: str
    summary: str
    values: Mapping[str, Any] = field(default_factory=lambda: _EMPTY, hash=False)
    note: str = ""
    basis: str = "law"

    def get(self, key: str, default: Any = None) -> Any:
        return self.values.get(key, default)


@dataclass(frozen=True)
class GuestFields:
    """What a stay's record holds: `required` by the pack (the law's, or as `product_choice`)
    and, of those, the ones that may arrive `later` (a PMS knows the charge only at check-out).
    """

    required: frozenset[str]
    optional: frozenset[str]
    product_choice: frozenset[str] = frozenset()
    later: frozenset[str] = frozenset()


@dataclass(frozen=True)
class RulePack:
    """The rules of one jurisdiction, e.g. US-CT."""

    code: str
    name: str
    rules: Mapping[str, Rule] = field(hash=False)

    def rule(self, name: str) -> Rule:
        try:
            return self.rules[name]
        except KeyError:
            raise KeyError(f"No rule {name!r}; rules are {', '.join(self.rules)}") from None

    # Guest records

    def guest_fields(self) -> GuestFields:
        """Fields the law requires; with no known rule nothing is required by law."""
        rule = self.rule("guest_records")
        required = frozenset(rule.get("required", ()))
        return GuestFields(
            required=required,
            optional=frozenset(GUEST_FIELDS) - required,
            product_choice=frozenset(rule.get("product_choice", ())),
            later=frozenset(rule.get("later", ())),
        )

    @property
    def retention_days(self) -> int | None:
        return self.rule("retention").get("days")

    @property
    def destruction_window_days(self) -> int | None:
        return self.rule("destruction_window").get("days")

    def record_kept_until(self, transaction_date: date) -> date | None:
        """The last day a guest record must still be there; None means keep it for good.

        "At least 6 months" from July 1 means the record is still there on January 1 (six
        calendar months on, clamped to the month's end: Aug 31 gives the last day of
        February) and may go on January 2. The day count is read the same way, and the
        record outlives both: from July 1, 183 days is December 31, so January 1 it is.
        """
        rule = self.rule("retention")
        days = rule.get("days")
        if days is None:
            return None
        last = transaction_date + timedelta(days=days)
        months = rule.get("months")
        if months is not None:
            last = max(last, add_months(transaction_date, months))
        return last

    def record_destroy_after(self, transaction_date: date) -> date | None:
        """The first day a guest record may be destroyed (the day after it must be kept)."""
        last = self.record_kept_until(transaction_date)
        return None if last is None else last + timedelta(days=1)

    def record_must_be_destroyed_by(self, transaction_date: date) -> date | None:
        """The last day the purge may leave the record (a product default, not law)."""
        earliest = self.record_destroy_after(transaction_date)
        window = self.destruction_window_days
        if earliest is None or window is None:
            return None
        return earliest + timedelta(days=window)

    # Training

    def training_applies(self, *, rooms: int | None) -> bool:
        """Whether a property of this size has the training duty (TX: more than 10 rooms)."""
        min_rooms = self.rule("training_applies_if").get("min_rooms")
        return min_rooms is None or rooms is None or rooms >= min_rooms

    def training_required(self, *, job_role: str, customer_facing: bool) -> bool:
        """Whether this employee must be trained; an unknown scope trains everyone."""
        rule = self.rule("training_scope")
        who = rule.get("who")
        if who == "customer_facing":
            return customer_facing
        if who == "listed_roles":
            return job_role in rule.get("roles", ())
        return True

    @property
    def refresher_interval_months(self) -> int | None:
        return self.rule("refresher").get("months")

    @property
    def ongoing_awareness_required(self) -> bool | None:
        """Whether the operator must keep staff aware beyond the training (CT, MN); None when
        the pack does not know. The monthly note's openings are the evidence."""
        return self.rule("ongoing_awareness").get("required")

    @property
    def minimum_minutes(self) -> int | None:
        return self.rule("minimum_minutes").get("minutes")

    def new_hire_due_date(self, hire_date: date) -> date | None:
        """Hire date plus the new-hire deadline (0 days = at hire, as in CT)."""
        rule = self.rule("new_hire_deadline")
        if rule.get("months") is not None:
            return add_months(hire_date, rule.get("months"))
        if rule.get("days") is not None:
            return hire_date + timedelta(days=rule.get("days"))
        return None

    def training_due_date(
        self, *, hire_date: date, last_completed_on: date | None, as_of: date
    ) -> date | None:
        """The day the employee's next training must be done by; None if nothing is due.

        - A completion dated after `as_of` is not yet known on that day and is ignored.
        - Never trained: `new_hire_due_date(hire_date)`; CT: the hire date itself.
        - Trained: the last completion plus the refresher interval in calendar months;
          with no known refresher (NY) nothing further is due. A completion before the
          hire date still counts, but never leaves a new hire less time than the
          new-hire deadline.
        - CT's October 1 certification does not move the date: training within every
          12 months always covers the certification year, so `annual_certification_due`
          answers the certification on its own.
        The caller checks `training_required` and `training_applies` first.
        """
        if last_completed_on is not None and last_completed_on > as_of:
            last_completed_on = None
        if last_completed_on is None:
            return self.new_hire_due_date(hire_date)
        months = self.refresher_interval_months
        if months is None:
            return None
        due = add_months(last_completed_on, months)
        new_hire_due = self.new_hire_due_date(hire_date)
        if last_completed_on < hire_date and new_hire_due is not None:
            due = max(due, new_hire_due)
        return due

    def course_counts(
        self, *, minutes: int | None, provider: str, approved_for: Iterable[str]
    ) -> tuple[bool, str]:
        """Whether a completed course satisfies this jurisdiction, and why (or why not).

        `approved_for` holds the jurisdiction codes the course is approved for (checked only
        where the pack requires approval); `provider` only names the course in the reason.
        """
        problems = []
        minimum = self.rule("minimum_minutes")
        least = minimum.get("minutes")
        if least is not None and minutes is None:
            problems.append(
                f"its length is not recorded and at least {least} minutes are required "
                f"({minimum.citation})"
            )
        elif least is not None and minutes is not None and minutes < least:
            problems.append(
                f"too short, {minutes} minutes where at least {least} are required "
                f"({minimum.citation})"
            )
        approval = self.rule("course_approval")
        approved = self.code in {code.strip().upper() for code in approved_for}
        if approval.get("required") and not approved:
            problems.append(
                f"not approved for {self.name}; courses must be approved by "
                f"{approval.get('approver')} ({approval.citation})"
            )
        course = f"{provider}'s course" if provider else "The course"
        if problems:
            return False, f"{course} does not count in {self.name}: {'; '.join(problems)}."
        return True, f"{course} counts in {self.name}{self._counts_because()}."

    def _counts_because(self) -> str:
        least = self.minimum_minutes
        length = f" (at least {least} minutes)" if least is not None else ""
        required = self.rule("course_approval").get("required")
        if required is None:
            return f"{length}; whether {self.name} requires an approved course is unknown"
        if required:
            return f"{length}, approved by {self.rule('course_approval').get('approver')}"
        return length

    def annual_certification_due(self, year: int) -> date | None:
        """The fixed certification deadline in that year (CT, MD: October 1), if any."""
        rule = self.rule("certification")
        month, day, first = rule.get("month"), rule.get("day"), rule.get("first_year")
        if month is None or day is None or (first is not None and year < first):
            return None
        return date(year, month, day)

    # Rates

    def rate_type_allowed(
        self, *, rate_type: str, stay_hours: float | None = None, discounted: bool = False
    ) -> tuple[bool, str]:
        """Whether a rate may be offered here, and why (CT PA 23-20 bans short-stay deals).

        A `nightly` or `weekly` rate for a short stay is the full rate, not a benefit
        tied to the short stay; an `other` rate, or any rate marked `discounted`, for a
        stay within the limit is treated as the banned short-stay benefit.
        """
        if rate_type not in RATE_TYPES:
            raise ValueError(f"Unknown rate type {rate_type!r}; use one of {RATE_TYPES}")
        rule = self.rule("rate")
        if not rule.values:
            return True, f"Allowed: no statewide rate rule is known for {self.name}."
        if rate_type in rule.get("banned_rate_types", ()):
            return False, (
                f"{self.name} bars any discount or benefit based on an {rate_type} rate "
                f"({rule.citation})."
            )
        limit = rule.get("max_discounted_stay_hours")
        short = stay_hours is not None and limit is not None and stay_hours <= limit
        if short and (discounted or rate_type not in ("nightly", "weekly")):
            return False, (
                f"{self.name} bars any discount or benefit based on a stay of {limit:g} hours "
                f"or less ({rule.citation})."
            )
        return True, f"Allowed in {self.name} ({rule.citation})."
