"""The fixed words a rule pack may use, so a typo in a pack file fails on load."""

# Registration fields from the API contract v1 (DESIGN.md); packs choose among these.
GUEST_FIELDS = (
    "guest_name",
    "address",
    "phone",
    "email",
    "id_type",
    "id_number",
    "id_issuer",
    "vehicle_plate",
    "vehicle_state",
    "room",
    "adults",
    "minors",
    "occupants",
    "arrival",
    "expected_departure",
    "rate",
    "rate_type",
    "amount_charged",
    "payment_method",
    "receipt_number",
)

RATE_TYPES = ("nightly", "weekly", "hourly", "other")

# How sure the research is of the law behind a rule: ✅, ◐, ❓ in jurisdictions.md.
CONFIDENCES = ("verified", "partial", "unknown")

# Where a rule's value comes from. Pack files use the first two; effective_pack adds the third.
BASES = ("law", "product_default", "property_setting")

# Who must be trained.
TRAINEES = ("all_employees", "customer_facing", "listed_roles")

# Job roles a pack may list; an employee's job_role is compared against these.
JOB_ROLES = (
    "front_desk",
    "housekeeping",
    "janitorial",
    "bell",
    "driver",
    "management",
    "security",
    "maintenance",
    "food_beverage",
    "other",
)

# What a training-record retention period counts from.
RECORD_CLOCKS = ("employment_end", "completion")

# Every pack holds every rule, in this order (the order the rules page shows them).
RULE_NAMES = (
    "guest_records",
    "guest_id",
    "retention",
    "destruction_window",
    "training_scope",
    "training_applies_if",
    "new_hire_deadline",
    "refresher",
    "minimum_minutes",
    "course_approval",
    "certification",
    "ongoing_awareness",
    "training_record_retention",
    "notice",
    "rate",
    "registration",
    "penalties",
)
