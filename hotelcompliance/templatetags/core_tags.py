from django import template
from django.template import Context
from django.utils.translation import gettext_lazy as _

from hotelcompliance.roles import Role

register = template.Library()

# What the rules page calls each rule of `rules.vocab.RULE_NAMES` and each basis of `BASES`.
RULE_LABELS = {
    "guest_records": _("Guest records"),
    "guest_id": _("Guest identification"),
    "retention": _("Keeping guest records"),
    "destruction_window": _("Destroying guest records"),
    "training_scope": _("Who must be trained"),
    "training_applies_if": _("Which properties must train"),
    "new_hire_deadline": _("Deadline for new hires"),
    "refresher": _("Refresher training"),
    "minimum_minutes": _("Minimum course length"),
    "course_approval": _("Approved courses"),
    "certification": _("Certification"),
    "ongoing_awareness": _("Ongoing awareness"),
    "training_record_retention": _("Keeping training records"),
    "notice": _("Posted notice"),
    "rate": _("Room rates"),
    "registration": _("Registration with the regulator"),
    "penalties": _("Penalties"),
    "product_default": _("product default"),
    "property_setting": _("property setting"),
}

# How sure the product is of the law behind a rule (`rules.vocab.CONFIDENCES`), for managers.
CONFIDENCE_WORDS = {
    "verified": _("Confirmed"),
    "partial": _("Partly confirmed"),
    "unknown": _("Not confirmed"),
}
# Who is shown a rule's confidence: the people who run the property, not inspectors or clerks.
CONFIDENCE_ROLES = {Role.MANAGER, Role.ORG_ADMIN}


@register.filter
def confidence_words(value: str) -> str:
    """A rule's confidence as plain words (`partial` → "Partly confirmed")."""
    return str(CONFIDENCE_WORDS.get(value, CONFIDENCE_WORDS["unknown"]))


@register.simple_tag(takes_context=True)
def confidence_shown(context: Context) -> bool:
    """Whether this page's reader sees how sure the product is of each rule (managers only)."""
    from hotelcompliance.scoping import roles_at

    request = context.get("request")
    prop = getattr(request, "page_property", None) or context.get("prop")
    user = getattr(request, "user", None)
    if prop is None or user is None or not user.is_authenticated:
        return False
    return bool(roles_at(user, prop) & CONFIDENCE_ROLES)


# What an access event was about, for the dashboard's list of recent access.
ACCESS_OBJECT_LABELS = {
    "registration": _("a registration"),
    "registration_import": _("a register import"),
    "returning_guest": _("a returning guest's last stay"),
    "desk_lists": _("the front desk's lists"),
    "desk_search": _("a front desk search"),
    "expected_arrivals": _("the expected arrivals"),
    "pre_arrival": _("a pre-arrival"),
    "concern_report": _("a concern report"),
    "concern_list": _("the concern reports"),
    "employee": _("an employee"),
    "employee_link": _("an employee's link"),
    "training_roster": _("the training roster"),
    "training_roster_csv": _("the training roster as a spreadsheet"),
    "certificate": _("a training certificate"),
    "certificate_submission": _("an uploaded certificate"),
    "records_request": _("a records request"),
    "audit_report": _("a report"),
    "poster_evidence": _("a photo of the posted notice"),
    "api_token": _("an integration token"),
}


@register.filter
def access_object(value: str) -> str:
    """An access event's object type in words (`training_roster` → "the training roster")."""
    label = ACCESS_OBJECT_LABELS.get(value)
    return str(label) if label is not None else str(value).replace("_", " ")


@register.filter
def words(value: str) -> str:
    """`new_hire_deadline` → `new hire deadline`, for showing identifiers to people."""
    return str(value).replace("_", " ")


@register.filter
def field_labels(names: list[str]) -> str:
    """A guest record's field codes as their names for people, in a list."""
    from hotelcompliance.field_labels import guest_field_label

    return ", ".join(guest_field_label(name) for name in names)


@register.filter
def rule_label(value: str) -> str:
    """A rule's or basis's name in the reader's language; an unknown name as plain words."""
    return str(RULE_LABELS.get(value, words(value)))


@register.simple_tag(takes_context=True)
def form_property(context: Context) -> str:
    """The hidden, signed property this page was rendered for; `property_page` checks it.

    Put it in every POST form of a property-scoped page: a form without it is refused.
    """
    from django.utils.html import format_html

    from hotelcompliance.form_property import FIELD_NAME, form_property_sign

    request = context.get("request")
    prop = getattr(request, "page_property", None) or context.get("prop")
    if prop is None:
        return ""
    return format_html(
        '<input type="hidden" name="{}" value="{}">', FIELD_NAME, form_property_sign(prop)
    )
