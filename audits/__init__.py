"""Audit reports and inspector access: records requests, PDF reports, verification."""
