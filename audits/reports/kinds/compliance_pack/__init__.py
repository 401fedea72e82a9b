"""Compliance pack: each legal duty of the property's rule pack, its status and the evidence.

Sections: summary of duties; training roster against headcount; annual certifications; poster
evidence; the hourly-rate rule; retention; register statistics; records requests and the access
log; integrity of the chain. Counts are aggregated in the database; no guest names are read.
The collectors here are shared with the CT DCP registration pack.

One module per section (`register`, `chart`, `rate`, `retention`, `posters`, `training`,
`records_requests`, `integrity`, `summary`), what they share in `shared`, and the whole pack
(snapshot, `collect`, `story`) in `pack`. This package exposes the kind contract
(`audits.reports.kinds`) and the names other modules import.
"""

from audits.reports.kinds.compliance_pack.pack import PAGESIZE, TITLE, Snapshot, collect, story
from audits.reports.kinds.compliance_pack.posters import (
    PosterFacts,
    PosterLine,
    collect_posters,
    poster_table,
)
from audits.reports.kinds.compliance_pack.register import RegisterFacts, collect_register
from audits.reports.kinds.compliance_pack.retention import (
    PurgeFacts,
    RetentionFacts,
    collect_retention,
    purge_lawful,
    retention_status,
)
from audits.reports.kinds.compliance_pack.shared import ATTENTION, MET, NOT_MET, Duty

__all__ = [
    "ATTENTION",
    "MET",
    "NOT_MET",
    "PAGESIZE",
    "TITLE",
    "Duty",
    "PosterFacts",
    "PosterLine",
    "PurgeFacts",
    "RegisterFacts",
    "RetentionFacts",
    "Snapshot",
    "collect",
    "collect_posters",
    "collect_register",
    "collect_retention",
    "poster_table",
    "purge_lawful",
    "retention_status",
    "story",
]
