"""The papers' own arithmetic: checks over the indicators, their verdicts and the findings."""

from .checks import AUDIT_COLUMNS, KINDS, AuditSpecError, audit, judge, load_checks, summary

__all__ = ["AUDIT_COLUMNS", "KINDS", "AuditSpecError", "audit", "judge", "load_checks",
           "summary"]
