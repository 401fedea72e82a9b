"""Is this PDF (or this code) a report we issued? Answered without revealing any guest data.

A file is authentic when its SHA-256 equals an issued report's stored digest (byte-identical)
and its embedded signature is intact and made with this installation's certificate. A code
names an issued report; the answer then gives the digest the holder's copy must have.

The endpoint is public, so the cheap checks come first and the costly ones only for files
that earn them: the upload is hashed while it streams in and never kept
(`verify_upload.DigestingUploadHandler`, capped at `VERIFY_MAX_BYTES`); its first bytes say
whether it is a PDF at all; its digest is looked up among issued reports, and a file that
matches none is answered from that miss, never parsed. Only a byte-identical copy of an issued
report has its signature checked, and since its bytes are ours that check is made on the
stored file, once, by the worker that built it, then kept in the cache (`issued_signature`).
"""

import hashlib
import logging
import re
from dataclasses import asdict, dataclass

from django.core.cache import cache
from django.db.models import QuerySet

from audits.reports import signing
from audits.reports.models import AuditReport, ReportStatus
from audits.reports.verify_upload import DigestedUpload

logger = logging.getLogger(__name__)

SIGNATURE_CACHE_SECONDS = 7 * 24 * 3600
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


def _issued() -> "QuerySet[AuditReport]":
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
    """The verdict on a whole file in memory (the pages and API pass a `DigestedUpload`)."""
    return verify_digest(hashlib.sha256(data).hexdigest(), data[:1024])


def verify_upload(upload: DigestedUpload) -> Verdict:
    """The verdict on an upload read by `DigestingUploadHandler` (its digest and first bytes)."""
    return verify_digest(upload.sha256, upload.head)


def verify_digest(digest: str, head: bytes) -> Verdict:
    """Cheap checks first: a PDF at all, then a known digest; only then a signature."""
    if not head.startswith(b"%PDF-"):
        return Verdict(False, "This file is not a PDF.", sha256=digest, malformed=True)
    report = _issued().filter(sha256=digest).first()
    if report is None:
        return Verdict(
            False,
            "Not authentic: this file is not byte-identical to any report issued here "
            "(it was changed, or never issued).",
            sha256=digest,
        )
    check = issued_signature(report)
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


def issued_signature(report: AuditReport) -> signing.SignatureCheck:
    """The signature check of an issued report's stored file, kept in the cache.

    A copy whose digest matches has the same bytes, so its check is the stored file's. The
    builder warms it once the report is stored; the web worker parses a PDF only on a cache
    miss. The key names the trusted certificate too, so a new signing key checks afresh.
    """
    key = f"verify:signature:{report.sha256}:{signing.trust_fingerprint()}"
    try:
        cached = cache.get(key)
    except Exception:  # the cache is down: check the file itself
        cached = None
    if cached is not None:
        return signing.SignatureCheck(**cached)
    with report.file.open("rb") as handle:
        check = signing.signature_check(handle.read())
    try:
        cache.set(key, asdict(check), SIGNATURE_CACHE_SECONDS)
    except Exception:
        logger.warning("verify: the signature of report %s could not be cached", report.pk)
    return check
