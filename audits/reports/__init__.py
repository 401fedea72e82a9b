"""Audit reports: PDFs built in the background from frozen snapshots, signed and verifiable.

- `models.AuditReport`: one issued (or failed) report; every production is kept.
- `services`: request a report, build it (idempotent, resumable), find it by digest or code.
- `kinds/`: what each kind of report collects and draws.
- `frame`: the page furniture every report shares (header, footer, page X of Y, code, QR).
- `signing`: the installation's PAdES signing key and certificate.
- `verify`: is this PDF (or code) one we issued?
"""
