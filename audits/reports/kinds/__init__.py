"""What each kind of report collects and how it is laid out.

The contract every flowing kind module follows (all but the register extract, which streams):

- `TITLE: str` and `PAGESIZE` (`audits.reports.frame.PORTRAIT` or `LANDSCAPE`);
- `collect(context: ReportContext) -> Snapshot`: every database read happens here and returns
  a frozen dataclass of plain values (str, int, date, tuples), so the data is fixed before any
  drawing starts;
- `story(snapshot) -> list[Flowable]`: the pages, from the snapshot alone (no queries, no
  files except those whose bytes the snapshot already holds).
- optionally `language(snapshot) -> str`: the language to draw in (story and frame run under
  `translation.override`); without it, the site's. The training certificate has one: the
  employee's completion language.

`ReportContext` (in `common`) carries the report row and what every cover needs.

A new kind: add its `ReportKind` member (`audits/reports/models.py`), its module here and one
line in `_MODULES`; nothing else dispatches on the kind. A kind about one row rather than a
period (the personnel-file certification) also joins `models.SUBJECT_KINDS`, takes its row
from a foreign key on `AuditReport`, and is queued by its own service (`report_request_*` in
`audits/reports/services.py`), never from the generic report form.
"""

from importlib import import_module
from types import ModuleType

from audits.reports.models import ReportKind

_MODULES: dict[str, str] = {  # ReportKind members are str
    ReportKind.COMPLIANCE_PACK: "audits.reports.kinds.compliance_pack",
    ReportKind.TRAINING_ROSTER: "audits.reports.kinds.training_roster",
    ReportKind.ANNUAL_CERTIFICATION: "audits.reports.kinds.annual_certification",
    ReportKind.CT_DCP_REGISTRATION: "audits.reports.kinds.ct_dcp_registration",
    ReportKind.PERSONNEL_CERTIFICATION: "audits.reports.kinds.personnel_certification",
    ReportKind.TRAINING_CERTIFICATE: "audits.reports.kinds.training_certificate",
}


def flowing_kind(kind: str) -> ModuleType:
    """The module that collects and lays out a flowing report of this kind."""
    return import_module(_MODULES[kind])
