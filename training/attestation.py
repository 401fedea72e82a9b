"""What a manager attests to when they sign the year's training certification.

The text is shown on the certifications page and must be confirmed before anything is signed;
the words confirmed are stored on each certification and printed on its personnel-file PDF, so
the page says exactly what the operator attested to, in the words they read.
"""

from datetime import date

from django.contrib.auth.models import User
from django.utils.translation import gettext as _

from hotelcompliance.tenancy import Property


def attestation_text(prop: Property, year: int, signer: str) -> str:
    """The attestation for `year` at `prop`, in the active language, naming the signer."""
    rule = prop.rule_pack().rule("certification")
    citation = rule.citation or prop.rule_pack().name
    return _(
        "I, %(signer)s, attest that each employee I certify for %(year)s received the "
        "human-trafficking awareness training required by %(citation)s, as recorded for "
        "%(property)s; that these training records are true and complete to the best of my "
        "knowledge; and that I am authorised to sign this certification for the operator."
    ) % {"signer": signer, "year": year, "citation": citation, "property": prop.name}


def signer_name(user: object) -> str:
    """How the signer is named in the attestation and on the certification."""
    if isinstance(user, User):
        return user.get_full_name() or user.get_username()
    return ""


def deadline_passed(prop: Property, year: int, as_of: date) -> date | None:
    """The year's certification deadline if `as_of` is after it (a late signing), else None."""
    deadline = prop.rule_pack().annual_certification_due(year)
    return deadline if deadline is not None and as_of > deadline else None
