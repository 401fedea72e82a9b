"""Jurisdiction rule packs answer as the legal research says (/work/shared/jurisdictions.md).

Every table row names the law it checks; no database is needed.
"""

from datetime import date, timedelta
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from hotelcompliance.rules import (
    GUEST_FIELDS,
    RULE_NAMES,
    PropertyOverrides,
    RulePackError,
    UnknownJurisdiction,
    add_months,
    available_jurisdictions,
    effective_pack,
    get_pack,
    load_pack,
    validate_overrides,
)
from hotelcompliance.rules.packs import PACK_DIR

CODES = [
    "US-CA",
    "US-CT",
    "US-FL",
    "US-IL",
    "US-MD",
    "US-MN",
    "US-NJ",
    "US-NY",
    "US-TX",
    "US-WA",
]
d = date


# Loading


def test_every_researched_jurisdiction_is_available_sorted_by_name():
    choices = available_jurisdictions()

    assert sorted(code for code, _ in choices) == CODES
    assert [name for _, name in choices] == sorted(name for _, name in choices)
    assert ("US-CT", "Connecticut") in choices


@pytest.mark.parametrize("code", CODES)
def test_every_pack_file_loads_with_every_rule(code):
    pack = get_pack(code)

    assert pack.code == code
    assert list(pack.rules) == list(RULE_NAMES)


@pytest.mark.parametrize("code", CODES)
@pytest.mark.parametrize("rule_name", RULE_NAMES)
def test_every_rule_has_a_citation_a_valid_confidence_and_a_summary(code, rule_name):
    rule = get_pack(code).rule(rule_name)

    assert rule.citation.strip()
    assert rule.confidence in {"verified", "partial", "unknown"}
    assert rule.summary.strip()
    assert rule.basis in {"law", "product_default"}


@pytest.mark.parametrize("code", CODES)
def test_a_rule_of_unknown_law_carries_no_value(code):
    for rule in get_pack(code).rules.values():
        if rule.basis == "law" and rule.confidence == "unknown":
            assert dict(rule.values) == {}, rule.name


def test_packs_load_once_per_process():
    assert get_pack("US-CT") is get_pack("US-CT")


def test_a_code_is_matched_regardless_of_case_and_spaces():
    assert get_pack(" us-ct ") is get_pack("US-CT")


@pytest.mark.parametrize("code", ["US-ZZ", "CT", "", "US-GA", None])
def test_an_unknown_jurisdiction_raises(code):
    with pytest.raises(UnknownJurisdiction, match="No rule pack"):
        get_pack(code)


def test_an_unknown_rule_name_raises_listing_the_rules():
    with pytest.raises(KeyError, match="retention"):
        get_pack("US-CT").rule("retension")


# Each answer is reachable with the law behind it


@pytest.mark.parametrize(
    ("code", "rule_name", "key", "value", "citation", "confidence"),
    [
        pytest.param(
            "US-CT", "retention", "days", 183, "PA 16-71 §3", "verified", id="CT PA 16-71 §3"
        ),
        pytest.param(
            "US-CT", "guest_id", "required", False, "PA 23-20", "verified", id="CT PA 23-20 no ID"
        ),
        pytest.param(
            "US-CT", "new_hire_deadline", "days", 0, "PA 16-71 §5", "partial", id="CT at hire"
        ),
        pytest.param(
            "US-CT", "rate", "max_discounted_stay_hours", 12, "PA 23-20", "verified", id="CT 12h"
        ),
        pytest.param(
            "US-CT",
            "rate",
            "effective_from",
            d(2023, 10, 1),
            "PA 23-20",
            "verified",
            id="CT PA 23-20 effective",
        ),
        pytest.param(
            "US-CT",
            "registration",
            "required_from",
            d(2027, 1, 1),
            "PA 26-98 §1",
            "partial",
            id="CT PA 26-98 §1 DCP registration",
        ),
        pytest.param(
            "US-CT", "notice", "required", True, "CGS §54-234a", "verified", id="CT §54-234a"
        ),
        pytest.param(
            "US-CA",
            "notice",
            "required",
            True,
            "Cal. Civ. Code §52.6",
            "verified",
            id="CA Civ. Code §52.6",
        ),
        pytest.param(
            "US-TX",
            "notice",
            "required",
            True,
            "Tex. Bus. & Com. Code §114.0053",
            "verified",
            id="TX §114.0053",
        ),
        pytest.param(
            "US-FL",
            "retention",
            "months",
            24,
            "Fla. Stat. §509.101(2)",
            "verified",
            id="FL §509.101(2) 2 years",
        ),
        pytest.param(
            "US-TX",
            "training_record_retention",
            "months",
            24,
            "1 TAC §54.101",
            "verified",
            id="TX 1 TAC §54.101",
        ),
        pytest.param(
            "US-NY",
            "training_record_retention",
            "from",
            "employment_end",
            "N.Y. Gen. Bus. Law §205",
            "verified",
            id="NY GBL §205 employment + 1 year",
        ),
        pytest.param(
            "US-TX",
            "training_applies_if",
            "min_rooms",
            11,
            "Tex. Bus. & Com. Code ch. 114",
            "verified",
            id="TX more than 10 rooms",
        ),
        pytest.param(
            "US-WA",
            "training_applies_if",
            "min_rooms",
            3,
            "SHB 6056 (2024)",
            "verified",
            id="WA SHB 6056 3 units",
        ),
    ],
)
def test_each_answer_carries_its_citation_and_confidence(
    code, rule_name, key, value, citation, confidence
):
    rule = get_pack(code).rule(rule_name)

    assert rule.get(key) == value
    assert citation in rule.citation
    assert rule.confidence == confidence


def test_the_destruction_window_is_marked_a_product_default_not_law():
    rule = get_pack("US-CT").rule("destruction_window")

    assert rule.basis == "product_default"
    assert rule.get("days") == 7
    assert "not law" in rule.citation


# Guest records


def test_connecticut_requires_the_transaction_and_receipt_fields_and_leaves_id_optional():
    """PA 16-71 §3 (partial: no field list); PA 23-20 removed the ID requirement."""
    fields = get_pack("US-CT").guest_fields()

    assert fields.required == {
        "guest_name",
        "room",
        "arrival",
        "expected_departure",
        "rate",
        "rate_type",
        "amount_charged",
        "payment_method",
        "receipt_number",
        "adults",
        "minors",
    }
    assert {"id_type", "id_number", "id_issuer", "vehicle_plate"} <= fields.optional
    assert fields.required | fields.optional == set(GUEST_FIELDS)
    assert get_pack("US-CT").rule("guest_records").confidence == "partial"


def test_florida_requires_dates_of_occupancy_and_rates_charged():
    """Fla. Stat. §509.101(2)."""
    fields = get_pack("US-FL").guest_fields()

    assert fields.required == {"guest_name", "arrival", "expected_departure", "rate"}


@pytest.mark.parametrize("code", ["US-CA", "US-TX", "US-NJ", "US-IL", "US-NY", "US-MN"])
def test_a_state_without_a_register_rule_requires_no_field_by_law(code):
    fields = get_pack(code).guest_fields()

    assert fields.required == frozenset()
    assert fields.optional == set(GUEST_FIELDS)
    assert get_pack(code).rule("guest_records").confidence == "unknown"


# Retention


@pytest.mark.parametrize(
    ("code", "transaction", "kept_until", "destroy_by"),
    [
        pytest.param(
            "US-CT", d(2026, 1, 1), d(2026, 7, 3), d(2026, 7, 11), id="CT PA 16-71 §3 183 days"
        ),
        pytest.param(
            "US-CT",
            d(2026, 7, 1),
            d(2027, 1, 1),
            d(2027, 1, 9),
            id="CT PA 16-71 §3 still there 6 months on (Jan 1), across the year",
        ),
        pytest.param(
            "US-CT", d(2025, 8, 31), d(2026, 3, 2), d(2026, 3, 10), id="CT PA 16-71 §3 from Aug 31"
        ),
        pytest.param(
            "US-FL",
            d(2026, 3, 1),
            d(2028, 3, 1),
            d(2028, 3, 9),
            id="FL §509.101(2) 2 years over a leap day is 731 days",
        ),
        pytest.param(
            "US-FL", d(2025, 1, 15), d(2027, 1, 15), d(2027, 1, 23), id="FL §509.101(2) 2 years"
        ),
        pytest.param("US-CA", d(2026, 1, 1), None, None, id="CA no statewide rule: keep"),
        pytest.param("US-TX", d(2026, 1, 1), None, None, id="TX no statewide rule: keep"),
    ],
)
def test_guest_records_are_kept_through_the_legal_minimum_and_may_go_the_day_after(
    code, transaction, kept_until, destroy_by
):
    pack = get_pack(code)

    assert pack.record_kept_until(transaction) == kept_until
    destroy_after = kept_until + timedelta(days=1) if kept_until else None
    assert pack.record_destroy_after(transaction) == destroy_after
    assert pack.record_must_be_destroyed_by(transaction) == destroy_by


@pytest.mark.parametrize(
    ("code", "days"),
    [
        pytest.param("US-CT", 183, id="CT PA 16-71 §3"),
        pytest.param("US-FL", 730, id="FL §509.101(2)"),
        pytest.param("US-CA", None, id="CA none found"),
        pytest.param("US-NY", None, id="NY none found"),
    ],
)
def test_retention_days(code, days):
    assert get_pack(code).retention_days == days


# Training: who, and where the duty applies


@pytest.mark.parametrize(
    ("code", "job_role", "customer_facing", "required"),
    [
        pytest.param("US-CT", "maintenance", False, True, id="CT PA 16-71 §5 every employee"),
        pytest.param("US-TX", "maintenance", False, True, id="TX §114.0051 every employee"),
        pytest.param("US-CA", "housekeeping", False, True, id="CA §12950.3 housekeeping"),
        pytest.param("US-CA", "driver", False, True, id="CA §12950.3 drivers"),
        pytest.param("US-CA", "maintenance", True, False, id="CA §12950.3 not listed"),
        pytest.param("US-FL", "front_desk", True, True, id="FL §509.096 front desk"),
        pytest.param("US-FL", "security", True, False, id="FL §509.096 not listed"),
        pytest.param("US-NJ", "security", False, True, id="NJAC 5:10-29.1 security"),
        pytest.param("US-IL", "other", True, True, id="IL 820 ILCS 95 public contact"),
        pytest.param("US-IL", "other", False, False, id="IL 820 ILCS 95 no public contact"),
        pytest.param("US-NY", "bell", True, True, id="NY GBL §205 interacts with guests"),
        pytest.param("US-MD", "maintenance", False, True, id="MD §15-210 scope unknown: all"),
    ],
)
def test_who_must_be_trained(code, job_role, customer_facing, required):
    pack = get_pack(code)

    assert pack.training_required(job_role=job_role, customer_facing=customer_facing) is required


@pytest.mark.parametrize(
    ("code", "rooms", "applies"),
    [
        pytest.param("US-TX", 10, False, id="TX ch. 114 10 rooms"),
        pytest.param("US-TX", 11, True, id="TX ch. 114 more than 10 rooms"),
        pytest.param("US-WA", 2, False, id="WA SHB 6056 2 units"),
        pytest.param("US-WA", 3, True, id="WA SHB 6056 3 units"),
        pytest.param("US-CT", 1, True, id="CT PA 16-71 any lodging"),
        pytest.param("US-CA", 1, True, id="CA no threshold known"),
        pytest.param("US-TX", None, True, id="TX unknown size: train"),
    ],
)
def test_the_training_duty_depends_on_property_size_where_the_law_says_so(code, rooms, applies):
    assert get_pack(code).training_applies(rooms=rooms) is applies


# Training: due dates


@pytest.mark.parametrize(
    ("code", "hire", "last", "as_of", "due"),
    [
        pytest.param(
            "US-CT", d(2026, 3, 10), None, d(2026, 4, 1), d(2026, 3, 10), id="CT §5 at hire"
        ),
        pytest.param(
            "US-CT",
            d(2026, 3, 10),
            None,
            d(2026, 3, 10),
            d(2026, 3, 10),
            id="CT §5 hired on the deadline day is due that day",
        ),
        pytest.param(
            "US-CT",
            d(2025, 12, 31),
            None,
            d(2026, 1, 1),
            d(2025, 12, 31),
            id="CT §5 hired on New Year's Eve",
        ),
        pytest.param(
            "US-CT",
            d(2020, 1, 6),
            d(2025, 3, 10),
            d(2026, 1, 1),
            d(2026, 3, 10),
            id="CT §5 annual refresher",
        ),
        pytest.param(
            "US-CT",
            d(2024, 2, 29),
            d(2024, 2, 29),
            d(2024, 3, 1),
            d(2025, 2, 28),
            id="CT §5 trained Feb 29: refresher Feb 28",
        ),
        pytest.param(
            "US-CT",
            d(2026, 1, 5),
            d(2026, 2, 1),
            d(2026, 1, 20),
            d(2026, 1, 5),
            id="CT a completion after as_of is not yet known",
        ),
        pytest.param(
            "US-CA", d(2026, 1, 15), None, d(2026, 1, 15), d(2026, 7, 15), id="CA §12950.3 6 mo"
        ),
        pytest.param(
            "US-CA",
            d(2023, 8, 31),
            None,
            d(2023, 9, 1),
            d(2024, 2, 29),
            id="CA §12950.3 Aug 31 + 6 months is leap Feb 29",
        ),
        pytest.param(
            "US-CA",
            d(2025, 8, 31),
            None,
            d(2025, 9, 1),
            d(2026, 2, 28),
            id="CA §12950.3 Aug 31 + 6 months clamps to Feb 28",
        ),
        pytest.param(
            "US-CA",
            d(2024, 2, 29),
            None,
            d(2024, 3, 1),
            d(2024, 8, 29),
            id="CA §12950.3 hired Feb 29",
        ),
        pytest.param(
            "US-CA",
            d(2025, 7, 31),
            None,
            d(2025, 8, 1),
            d(2026, 1, 31),
            id="CA §12950.3 across the year",
        ),
        pytest.param(
            "US-CA",
            d(2024, 2, 29),
            d(2024, 2, 29),
            d(2024, 3, 1),
            d(2026, 2, 28),
            id="CA §12950.3 every 2 years from Feb 29",
        ),
        pytest.param(
            "US-CA",
            d(2026, 3, 1),
            d(2023, 1, 1),
            d(2026, 3, 1),
            d(2026, 9, 1),
            id="CA stale training from before hire keeps the new-hire window",
        ),
        pytest.param(
            "US-CA",
            d(2026, 3, 1),
            d(2026, 2, 20),
            d(2026, 3, 1),
            d(2028, 2, 20),
            id="CA training just before hire counts",
        ),
        pytest.param(
            "US-TX", d(2025, 12, 1), None, d(2025, 12, 1), d(2026, 3, 1), id="TX §114.0051 90 days"
        ),
        pytest.param(
            "US-TX",
            d(2024, 2, 29),
            None,
            d(2024, 2, 29),
            d(2024, 5, 29),
            id="TX §114.0051 hired Feb 29 + 90 days",
        ),
        pytest.param(
            "US-TX",
            d(2024, 2, 29),
            d(2024, 2, 29),
            d(2024, 3, 1),
            d(2025, 2, 28),
            id="TX §114.0051 annual from Feb 29",
        ),
        pytest.param(
            "US-FL", d(2025, 11, 15), None, d(2025, 11, 15), d(2026, 1, 14), id="FL §509.096 60 d"
        ),
        pytest.param(
            "US-FL",
            d(2020, 1, 1),
            d(2025, 6, 30),
            d(2025, 7, 1),
            d(2026, 6, 30),
            id="FL §509.096 annual",
        ),
        pytest.param(
            "US-NY", d(2026, 3, 10), None, d(2026, 3, 10), d(2026, 5, 9), id="NY GBL §205 60 days"
        ),
        pytest.param(
            "US-NY",
            d(2026, 3, 10),
            d(2026, 4, 1),
            d(2026, 5, 1),
            None,
            id="NY GBL §205 no refresher known",
        ),
    ],
)
def test_training_due_date(code, hire, last, as_of, due):
    pack = get_pack(code)

    assert pack.training_due_date(hire_date=hire, last_completed_on=last, as_of=as_of) == due


def test_connecticut_annual_refresher_always_covers_the_october_1_certification_year():
    """PA 16-71 §5: whatever the day of training, the next is due before the next Oct 1 cycle."""
    pack = get_pack("US-CT")
    day = d(2024, 10, 1)
    while day < d(2026, 10, 1):
        due = pack.training_due_date(hire_date=d(2020, 1, 1), last_completed_on=day, as_of=day)
        cycle_end = d(day.year, 10, 1) if day <= d(day.year, 10, 1) else d(day.year + 1, 10, 1)
        assert due <= d(cycle_end.year + 1, 10, 1), day
        day += timedelta(days=1)


@pytest.mark.parametrize(
    ("code", "months"),
    [
        pytest.param("US-CT", 12, id="CT PA 16-71 §5 annual (DCF reading)"),
        pytest.param("US-CA", 24, id="CA Gov. Code §12950.3 every 2 years"),
        pytest.param("US-IL", 24, id="IL 820 ILCS 95/10 every 2 years"),
        pytest.param("US-TX", 12, id="TX §114.0051 annual"),
        pytest.param("US-FL", 12, id="FL §509.096 annual"),
        pytest.param("US-MN", 12, id="MN §157.177 annual"),
        pytest.param("US-MD", 12, id="MD §15-210 annual"),
        pytest.param("US-WA", 12, id="WA SHB 6056 annual"),
        pytest.param("US-NY", None, id="NY GBL §205 none in text"),
        pytest.param("US-NJ", None, id="NJAC 5:10-29.1 none found"),
    ],
)
def test_refresher_interval_months(code, months):
    assert get_pack(code).refresher_interval_months == months


@pytest.mark.parametrize(
    ("code", "minutes"),
    [
        pytest.param("US-CA", 20, id="CA Gov. Code §12950.3"),
        pytest.param("US-IL", 20, id="IL 820 ILCS 95/10"),
        pytest.param("US-TX", 20, id="TX §114.0051"),
        pytest.param("US-CT", None, id="CT none found"),
        pytest.param("US-FL", None, id="FL none found"),
        pytest.param("US-NY", None, id="NY none found"),
        pytest.param("US-MN", None, id="MN the MDH package length is not a minimum"),
    ],
)
def test_minimum_minutes(code, minutes):
    assert get_pack(code).minimum_minutes == minutes


@pytest.mark.parametrize(
    ("code", "year", "due"),
    [
        pytest.param("US-CT", 2026, d(2026, 10, 1), id="CT PA 16-71 §5 Oct 1"),
        pytest.param("US-CT", 2017, d(2017, 10, 1), id="CT PA 16-71 §5 first Oct 1, 2017"),
        pytest.param("US-CT", 2016, None, id="CT before the first certification"),
        pytest.param("US-MD", 2026, d(2026, 10, 1), id="MD §15-210 Oct 1"),
        pytest.param("US-MN", 2026, None, id="MN §157.177 annual, no date"),
        pytest.param("US-TX", 2026, None, id="TX none"),
    ],
)
def test_annual_certification_due(code, year, due):
    assert get_pack(code).annual_certification_due(year) == due


# Courses


@pytest.mark.parametrize(
    ("code", "minutes", "approved_for", "counts", "reason"),
    [
        pytest.param("US-TX", 20, ["US-TX"], True, "Attorney General", id="TX §114.0051 ok"),
        pytest.param(
            "US-TX", 19, ["US-TX"], False, "too short, 19 minutes", id="TX §114.0051 too short"
        ),
        pytest.param(
            "US-TX",
            45,
            ["US-CT", "US-CA"],
            False,
            "not approved for Texas; courses must be approved by the Attorney General "
            "(Tex. Bus. & Com. Code §114.0051)",
            id="TX §114.0051 not AG-approved",
        ),
        pytest.param(
            "US-TX", None, ["US-TX"], False, "length is not recorded", id="TX length unknown"
        ),
        pytest.param("US-CA", 20, [], True, "counts in California", id="CA §12950.3 20 min"),
        pytest.param(
            "US-CA",
            15,
            [],
            False,
            "at least 20 are required (Cal. Gov. Code §12950.3)",
            id="CA §12950.3 too short",
        ),
        pytest.param("US-CT", 5, [], True, "counts in Connecticut", id="CT none mandated"),
        pytest.param("US-FL", 30, [], False, "DBPR", id="FL §509.096 needs DBPR approval"),
        pytest.param("US-FL", 30, ["us-fl"], True, "DBPR", id="FL §509.096 approved"),
        pytest.param("US-NJ", 10, [], False, "Community Affairs", id="NJAC 5:10-29.1 DCA video"),
        pytest.param("US-MN", 45, ["US-MN"], True, "Health", id="MN §157.177 MDH-approved"),
        pytest.param("US-WA", 30, [], True, "unknown", id="WA approval rule unknown"),
        pytest.param("US-IL", 25, [], True, "counts in Illinois", id="IL 820 ILCS 95/15"),
    ],
)
def test_course_counts(code, minutes, approved_for, counts, reason):
    ok, why = get_pack(code).course_counts(
        minutes=minutes, provider="AHLA", approved_for=approved_for
    )

    assert ok is counts
    assert reason in why
    assert why.startswith("AHLA's course")


def test_a_course_too_short_and_unapproved_gives_both_reasons():
    ok, why = get_pack("US-TX").course_counts(minutes=10, provider="", approved_for=[])

    assert not ok
    assert "too short" in why and "not approved" in why
    assert why.startswith("The course")


# Rates


@pytest.mark.parametrize(
    ("code", "rate_type", "stay_hours", "discounted", "allowed"),
    [
        pytest.param("US-CT", "hourly", None, False, False, id="CT PA 23-20 hourly rate"),
        pytest.param("US-CT", "hourly", 24, False, False, id="CT PA 23-20 hourly, long stay"),
        pytest.param("US-CT", "other", 6, False, False, id="CT PA 23-20 short-stay rate"),
        pytest.param("US-CT", "other", 12, False, False, id="CT PA 23-20 exactly 12 hours"),
        pytest.param("US-CT", "other", 12.5, False, True, id="CT PA 23-20 over 12 hours"),
        pytest.param("US-CT", "nightly", 6, False, True, id="CT full nightly rate, short stay"),
        pytest.param("US-CT", "nightly", 6, True, False, id="CT PA 23-20 discounted short stay"),
        pytest.param("US-CT", "nightly", None, False, True, id="CT nightly"),
        pytest.param("US-CT", "weekly", 168, True, True, id="CT weekly discount, long stay"),
        pytest.param("US-TX", "hourly", 3, True, True, id="TX no statewide rate rule"),
        pytest.param("US-FL", "hourly", None, False, True, id="FL no statewide rate rule"),
    ],
)
def test_rate_type_allowed(code, rate_type, stay_hours, discounted, allowed):
    ok, why = get_pack(code).rate_type_allowed(
        rate_type=rate_type, stay_hours=stay_hours, discounted=discounted
    )

    assert ok is allowed
    if code == "US-CT":
        assert "(PA 23-20)" in why


def test_connecticut_refuses_an_hourly_rate_citing_pa_23_20():
    ok, why = get_pack("US-CT").rate_type_allowed(rate_type="hourly")

    assert not ok
    assert why == "Connecticut bars any discount or benefit based on an hourly rate (PA 23-20)."


def test_an_unknown_rate_type_is_a_programming_error():
    with pytest.raises(ValueError, match="daily"):
        get_pack("US-CT").rate_type_allowed(rate_type="daily")


# Unknown stays unknown


@pytest.mark.parametrize(
    ("code", "answer"),
    [
        pytest.param("US-NY", lambda p: p.refresher_interval_months, id="NY refresher"),
        pytest.param("US-CA", lambda p: p.retention_days, id="CA retention"),
        pytest.param("US-CA", lambda p: p.record_destroy_after(d(2026, 1, 1)), id="CA destroy"),
        pytest.param("US-TX", lambda p: p.annual_certification_due(2026), id="TX certification"),
        pytest.param("US-CT", lambda p: p.minimum_minutes, id="CT minimum minutes"),
        pytest.param(
            "US-WA", lambda p: p.rule("course_approval").get("required"), id="WA approval"
        ),
        pytest.param("US-MD", lambda p: p.rule("training_scope").get("who"), id="MD scope"),
        pytest.param("US-CA", lambda p: p.rule("rate").get("banned_rate_types"), id="CA rates"),
        pytest.param(
            "US-CT", lambda p: p.rule("training_record_retention").get("months"), id="CT records"
        ),
    ],
)
def test_unknown_values_stay_none(code, answer):
    assert answer(get_pack(code)) is None


# Property overrides


@pytest.mark.parametrize(
    ("code", "overrides"),
    [
        pytest.param("US-CT", PropertyOverrides(), id="no overrides"),
        pytest.param("US-CT", PropertyOverrides(retention_days=183), id="CT equal to §3"),
        pytest.param("US-CT", PropertyOverrides(retention_days=365), id="CT longer than §3"),
        pytest.param("US-CT", PropertyOverrides(refresher_months=6), id="CT more often"),
        pytest.param("US-TX", PropertyOverrides(minimum_minutes=30), id="TX longer course"),
        pytest.param("US-CA", PropertyOverrides(retention_days=30), id="CA no law: any retention"),
        pytest.param(
            "US-NY", PropertyOverrides(refresher_months=36), id="NY no law: any refresher"
        ),
        pytest.param(
            "US-CT",
            PropertyOverrides(extra_required_guest_fields=("id_number", "vehicle_plate")),
            id="CT extra fields",
        ),
    ],
)
def test_a_stricter_setting_is_accepted(code, overrides):
    validate_overrides(get_pack(code), overrides)


@pytest.mark.parametrize(
    ("code", "overrides", "field", "message"),
    [
        pytest.param(
            "US-CT",
            PropertyOverrides(retention_days=90),
            "retention_days",
            "Connecticut requires guest records to be kept at least 183 days (PA 16-71 §3); "
            "90 is shorter.",
            id="CT PA 16-71 §3",
        ),
        pytest.param(
            "US-FL",
            PropertyOverrides(retention_days=365),
            "retention_days",
            "Florida requires guest records to be kept at least 730 days "
            "(Fla. Stat. §509.101(2)); 365 is shorter.",
            id="FL §509.101(2)",
        ),
        pytest.param(
            "US-CA",
            PropertyOverrides(refresher_months=36),
            "refresher_months",
            "California requires refresher training at least every 24 months "
            "(Cal. Gov. Code §12950.3); 36 is longer.",
            id="CA Gov. Code §12950.3 refresher",
        ),
        pytest.param(
            "US-TX",
            PropertyOverrides(minimum_minutes=15),
            "minimum_minutes",
            "Texas requires courses of at least 20 minutes (Tex. Bus. & Com. Code §114.0051); "
            "15 is shorter.",
            id="TX §114.0051 minutes",
        ),
        pytest.param(
            "US-CT",
            PropertyOverrides(retention_days=0),
            "retention_days",
            "Enter a whole number of at least 1.",
            id="zero retention",
        ),
        pytest.param(
            "US-CA",
            PropertyOverrides(refresher_months=-1),
            "refresher_months",
            "Enter a whole number of at least 1.",
            id="negative refresher",
        ),
    ],
)
def test_a_laxer_setting_is_refused_naming_the_law(code, overrides, field, message):
    with pytest.raises(ValidationError) as refused:
        validate_overrides(get_pack(code), overrides)

    assert refused.value.message_dict == {field: [message]}


def test_an_unknown_guest_field_is_refused():
    with pytest.raises(ValidationError) as refused:
        validate_overrides(
            get_pack("US-CT"), PropertyOverrides(extra_required_guest_fields=("shoe_size",))
        )

    assert (
        "Unknown guest field: shoe_size"
        in refused.value.message_dict["extra_required_guest_fields"][0]
    )


def test_errors_can_be_keyed_by_the_model_field_names():
    overrides = PropertyOverrides(minimum_minutes=5)

    with pytest.raises(ValidationError) as refused:
        validate_overrides(
            get_pack("US-TX"),
            overrides,
            field_names={"minimum_minutes": "minimum_training_minutes"},
        )

    assert list(refused.value.message_dict) == ["minimum_training_minutes"]


def test_every_laxer_field_gets_its_own_message():
    overrides = PropertyOverrides(retention_days=30, refresher_months=24)

    with pytest.raises(ValidationError) as refused:
        validate_overrides(get_pack("US-CT"), overrides)

    assert set(refused.value.message_dict) == {"retention_days", "refresher_months"}


def test_the_effective_pack_applies_stricter_settings():
    ct = get_pack("US-CT")
    overrides = PropertyOverrides(
        retention_days=365,
        refresher_months=6,
        minimum_minutes=30,
        extra_required_guest_fields=("id_number",),
    )

    pack = effective_pack(ct, overrides)

    assert pack.record_destroy_after(d(2026, 1, 1)) == d(2027, 1, 2)
    assert pack.training_due_date(
        hire_date=d(2026, 1, 1), last_completed_on=d(2026, 1, 1), as_of=d(2026, 2, 1)
    ) == d(2026, 7, 1)
    assert pack.course_counts(minutes=25, provider="", approved_for=[])[0] is False
    assert "id_number" in pack.guest_fields().required
    assert "id_number" not in pack.guest_fields().optional
    assert pack.rule("retention").basis == "property_setting"
    assert pack.rule("retention").citation == "PA 16-71 §3"
    assert ct.retention_days == 183  # the cached pack is untouched


def test_the_effective_pack_never_applies_a_laxer_setting():
    ct = get_pack("US-CT")

    pack = effective_pack(ct, PropertyOverrides(retention_days=90, refresher_months=24))

    assert pack.retention_days == 183
    assert pack.refresher_interval_months == 12
    assert pack.rule("retention") == ct.rule("retention")


def test_where_the_law_is_unknown_the_property_setting_applies():
    pack = effective_pack(get_pack("US-CA"), PropertyOverrides(retention_days=90))

    assert pack.record_destroy_after(d(2026, 1, 1)) == d(2026, 4, 2)
    assert pack.record_must_be_destroyed_by(d(2026, 1, 1)) == d(2026, 4, 9)
    assert pack.rule("retention").confidence == "unknown"


# Month arithmetic


@pytest.mark.parametrize(
    ("start", "months", "result"),
    [
        (d(2024, 2, 29), 12, d(2025, 2, 28)),
        (d(2024, 2, 29), 48, d(2028, 2, 29)),
        (d(2024, 1, 31), 1, d(2024, 2, 29)),
        (d(2023, 1, 31), 1, d(2023, 2, 28)),
        (d(2025, 11, 30), 3, d(2026, 2, 28)),
        (d(2025, 12, 15), 1, d(2026, 1, 15)),
        (d(2024, 3, 31), -1, d(2024, 2, 29)),
        (d(2026, 5, 17), 0, d(2026, 5, 17)),
    ],
)
def test_add_months_clamps_to_the_month_end(start, months, result):
    assert add_months(start, months) == result


# Malformed pack files fail loudly, naming the file and the key


CT_TEXT = (PACK_DIR / "US-CT.toml").read_text(encoding="utf-8")


def _load_changed(tmp_path: Path, old: str, new: str, filename: str = "US-CT.toml"):
    assert old in CT_TEXT
    path = tmp_path / filename
    path.write_text(CT_TEXT.replace(old, new, 1), encoding="utf-8")
    return load_pack(path)


@pytest.mark.parametrize(
    ("old", "new", "where"),
    [
        pytest.param(
            'citation = "PA 16-71 §3"\nconfidence = "verified"',
            'confidence = "verified"',
            "rules.retention.citation: missing",
            id="missing citation",
        ),
        pytest.param(
            'confidence = "verified"\nsummary = "Keep guest records',
            'confidence = "sure"\nsummary = "Keep guest records',
            "rules.retention.confidence: expected one of verified, partial, unknown",
            id="bad confidence",
        ),
        pytest.param("days = 183", 'days = "183"', "rules.retention.days", id="days as text"),
        pytest.param(
            'summary = "No minimum course length is known."',
            'summary = "No minimum course length is known."\nminutes = 20',
            "rules.minimum_minutes.minutes: an unknown rule has no value",
            id="unknown rule with a value",
        ),
        pytest.param(
            '    "guest_name",\n    "room",',
            '    "guest_name",\n    "room_number",',
            "rules.guest_records.required: unknown room_number",
            id="unknown guest field",
        ),
        pytest.param(
            '    "occupants",\n]',
            "]",
            "rules.guest_records.optional: list every field; missing occupants",
            id="guest field in neither list",
        ),
        pytest.param("[rules.penalties]", "[rules.penalty]", "rules.penalty", id="misnamed rule"),
        pytest.param("days = 0", "days = 0\nmonths = 1", "rules.new_hire_deadline", id="both"),
        pytest.param(
            "month = 10\nday = 1", "month = 2\nday = 30", "rules.certification.day", id="Feb 30"
        ),
        pytest.param('name = "Connecticut"', 'name = "Connecticut"\nstate = 1', "state", id="typo"),
        pytest.param("[rules.rate]", "[rules.rate", "not valid TOML", id="TOML syntax"),
    ],
)
def test_a_malformed_pack_fails_naming_the_file_and_key(tmp_path, old, new, where):
    with pytest.raises(RulePackError) as failed:
        _load_changed(tmp_path, old, new)

    assert str(failed.value).startswith("US-CT.toml: ")
    assert where in str(failed.value)


def test_a_pack_whose_code_does_not_match_its_file_name_fails(tmp_path):
    with pytest.raises(RulePackError, match=r"^US-XX\.toml: code"):
        _load_changed(tmp_path, "code = ", "code = ", filename="US-XX.toml")


def test_a_pack_missing_a_rule_fails(tmp_path):
    start = CT_TEXT.index("[rules.penalties]")

    path = tmp_path / "US-CT.toml"
    path.write_text(CT_TEXT[:start], encoding="utf-8")

    with pytest.raises(RulePackError, match=r"US-CT\.toml: rules\.penalties: missing"):
        load_pack(path)


def test_an_unchanged_copy_loads_equal_to_the_shipped_pack(tmp_path):
    assert _load_changed(tmp_path, "code = ", "code = ") == get_pack("US-CT")
