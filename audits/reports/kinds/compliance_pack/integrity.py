"""The integrity section: the property's chain verified, links and contents."""

from dataclasses import dataclass

from reportlab.lib.units import inch
from reportlab.platypus import Flowable, Paragraph, Spacer

from audits.reports.document import STYLES, para, table
from hotelcompliance.chain import chain_verify, chain_verify_contents
from hotelcompliance.tenancy import Property

# At most this many content problems are named in the integrity section.
MAX_INTEGRITY_PROBLEMS = 20


@dataclass(frozen=True)
class IntegrityFacts:
    ok: bool
    head_seq: int
    head_hash: str
    entries_checked: int
    verdict: str
    content_problems: tuple[str, ...]


def collect_integrity(prop: Property) -> IntegrityFacts:
    verdict = chain_verify(prop)
    problems = tuple(chain_verify_contents(prop, limit=MAX_INTEGRITY_PROBLEMS))
    return IntegrityFacts(
        ok=verdict.ok and not problems,
        head_seq=verdict.head_seq,
        head_hash=verdict.head_hash,
        entries_checked=verdict.entries_checked,
        verdict=str(verdict),
        content_problems=problems,
    )


def integrity_section(integrity: IntegrityFacts) -> list[Flowable]:
    result = "passed" if integrity.ok else "failed"
    rows = [
        ("Chain head", f"#{integrity.head_seq}"),
        ("Head hash", integrity.head_hash),
        ("Entries checked", str(integrity.entries_checked)),
        ("Links", integrity.verdict),
        (
            "Rows against the chain",
            "every row matches its entry"
            if not integrity.content_problems
            else f"{len(integrity.content_problems)} problem(s) found",
        ),
        ("Result", result),
    ]
    flow: list[Flowable] = [
        Paragraph("Integrity", STYLES["h1"]),
        para(
            "Every registration, amendment and access event is chained per property; verifying "
            "the chain proves that nothing was altered or deleted outside the retention purge."
        ),
        Spacer(1, 4),
        table(("Check", "Result"), rows, (2.0 * inch, 5.3 * inch), status_column=1),
    ]
    for problem in integrity.content_problems:
        flow.append(para(problem, "small"))
    return flow
