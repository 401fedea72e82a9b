"""Is this PDF (or this code) a report we issued? Answered without revealing any guest data.

A file is authentic when its SHA-256 equals an issued report's stored digest (byte-identical)
and its embedded signature is intact and made with this installation's certificate. A code
names an issued report; the answer then gives the digest the holder's copy must have.
"""

import hashlib
import re
from dataclasses import dataclass

from audits.reports import signing
from audits.reports.models import AuditReport, ReportStatus

MAX_VERIFY_BYTES = 60 * 1024 * 1024
CODE_PATTERN = re.compile(r"^HC-[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$")


@dataclass(frozen=True)
class Verdict:
    authentic: bool
    reason: str
    report: AuditReport | None = None
    sha256: str = ""
    signature: signing.SignatureCheck | None = None
    malformed: bool = False  # the input was not a PDF or not a code at all (the API: 400)

    def public(self) -> dict:
        """What anyone may be told: the report's kind, property, period and issue time."""
        answer: dict = {"authentic": self.authentic, "reason": self.reason}
        if self.sha256:
            answer["sha256"] = self.sha256
        if self.signature is not None:
            answer["signature"] = {
                "present": self.signature.signed,
                "valid": self.signature.valid,
                "signer": self.signature.signer if self.signature.valid else "",
            }
        if self.authentic and self.report is not None:
            report = self.report
            answer["report"] = {
                "kind": report.kind,
                "kind_label": report.get_kind_display(),
                "property": report.property.name,
                "period_start": report.period_start.isoformat(),
                "period_end": report.period_end.isoformat(),
                "issued_at": report.issued_at.isoformat() if report.issued_at else None,
                "pages": report.pages,
                "verification_code": report.verification_code,
                "sha256": report.sha256,
            }
        return answer


def normalise_code(raw: str) -> str:
    """Accept the code as people type it: any case, spaces, with or without dashes."""
    compact = re.sub(r"[^A-Za-z0-9]", "", raw or "").upper()
    if compact.startswith("HC"):
        compact = compact[2:]
    if len(compact) != 12:
        return ""
    code = "HC-" + "-".join(compact[i : i + 4] for i in range(0, 12, 4))
    return code if CODE_PATTERN.match(code) else ""


def _issued() -> "AuditReport.objects":
    return AuditReport.objects.filter(status=ReportStatus.DONE).select_related("property")


def verify_code(raw: str) -> Verdict:
    code = normalise_code(raw)
    if not code:
        return Verdict(
            False,
            "That is not a verification code (it looks like HC-XXXX-XXXX-XXXX).",
            malformed=True,
        )
    report = _issued().filter(verification_code=code).first()
    if report is None:
        return Verdict(False, "No report was issued with this code.")
    return Verdict(
        True,
        "A report was issued with this code. A copy is authentic only if its SHA-256 "
        "digest is the one shown: upload the file to check it.",
        report=report,
        sha256=report.sha256,
    )


def verify_file(data: bytes) -> Verdict:
    digest = hashlib.sha256(data).hexdigest()
    if not data.startswith(b"%PDF-"):
        return Verdict(False, "This file is not a PDF.", sha256=digest, malformed=True)
    report = _issued().filter(sha256=digest).first()
    check = signing.signature_check(data)
    if report is None:
        return Verdict(
            False,
            "Not authentic: this file is not byte-identical to any report issued here "
            "(it was changed, or never issued).",
            sha256=digest,
            signature=check,
        )
    if not check.valid:
        return Verdict(
            False,
            "Not authentic: the digest matches an issued report but its signature does not verify.",
            sha256=digest,
            signature=check,
        )
    return Verdict(
        True,
        "Authentic: byte-identical to an issued report, and its signature is intact.",
        report=report,
        sha256=digest,
        signature=check,
    )
