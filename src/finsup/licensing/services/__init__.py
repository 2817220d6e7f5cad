"""Writes of the licensing app: one module per workflow, re-exported here."""

from .annual_review import (
    annual_review_check_update,
    annual_review_conclude,
    annual_review_notice_draft,
    annual_review_open,
    review_consequences,
    suggested_consequences,
)
from .applications import application_document_add, application_file, application_step
from .fit_and_proper import fit_and_proper_decide

__all__ = [
    "annual_review_check_update",
    "annual_review_conclude",
    "annual_review_notice_draft",
    "annual_review_open",
    "application_document_add",
    "application_file",
    "application_step",
    "fit_and_proper_decide",
    "review_consequences",
    "suggested_consequences",
]
