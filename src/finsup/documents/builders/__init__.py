"""One builder per kind of document: a small function that lays the context out on the page of
`finsup.documents.layout`. The wording is the office's, so it is Chinese in every interface
language. `render()` is the one entry point."""

from __future__ import annotations

from ..choices import DocumentKind
from .common import Sheet, finish, start
from .inspection import (
    fact_confirmation,
    findings,
    inspection_notice,
    inspection_report,
    opinion_letter,
    rectification_notice,
)
from .interview import interview_memo, interview_notice
from .listing import listing_opinion
from .measure import measure_decision
from .notices import annual_review_notice, rating_notice
from .outreach import outreach_report
from .penalty import (
    penalty_case_approval,
    penalty_decision,
    penalty_hearing_notice,
    penalty_hearing_record,
    penalty_prior_notice,
    penalty_service_receipt,
    penalty_statement_record,
)
from .request import request
from .supervision_report import supervision_report
from .transfers import case_decision, case_transfer, police_referral

BUILDERS = {
    DocumentKind.INSPECTION_NOTICE: inspection_notice,
    DocumentKind.FACT_CONFIRMATION: fact_confirmation,
    DocumentKind.FINDINGS: findings,
    DocumentKind.INSPECTION_REPORT: inspection_report,
    DocumentKind.OPINION_LETTER: opinion_letter,
    DocumentKind.RECTIFICATION_NOTICE: rectification_notice,
    DocumentKind.INTERVIEW_NOTICE: interview_notice,
    DocumentKind.INTERVIEW_MEMO: interview_memo,
    DocumentKind.MEASURE_DECISION: measure_decision,
    DocumentKind.CASE_TRANSFER: case_transfer,
    DocumentKind.CASE_DECISION: case_decision,
    DocumentKind.POLICE_REFERRAL: police_referral,
    DocumentKind.REQUEST: request,
    DocumentKind.RATING_NOTICE: rating_notice,
    DocumentKind.ANNUAL_REVIEW_NOTICE: annual_review_notice,
    DocumentKind.OUTREACH_REPORT: outreach_report,
    DocumentKind.PENALTY_CASE_APPROVAL: penalty_case_approval,
    DocumentKind.PENALTY_PRIOR_NOTICE: penalty_prior_notice,
    DocumentKind.PENALTY_STATEMENT_RECORD: penalty_statement_record,
    DocumentKind.PENALTY_HEARING_NOTICE: penalty_hearing_notice,
    DocumentKind.PENALTY_HEARING_RECORD: penalty_hearing_record,
    DocumentKind.PENALTY_DECISION: penalty_decision,
    DocumentKind.PENALTY_SERVICE_RECEIPT: penalty_service_receipt,
    DocumentKind.SUPERVISION_REPORT: supervision_report,
    DocumentKind.FINANCE_ANALYSIS: supervision_report,  # the same shape: opening, headed sections
    DocumentKind.PERFORMANCE_REPORT: supervision_report,
    DocumentKind.LISTING_OPINION: listing_opinion,
}

__all__ = ["BUILDERS", "Sheet", "render"]


def render(sheet: Sheet) -> bytes:
    doc = start(sheet)
    BUILDERS[sheet.kind](doc, sheet)
    return finish(doc, sheet)
