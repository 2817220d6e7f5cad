"""The writes of on-site supervision, one service per step. Import them from here."""

from .evidence import evidence_read, evidence_upload, evidence_verify
from .inspections import (
    MIN_INSPECTORS,
    RECTIFICATION_DAYS,
    inspection_cancel,
    inspection_close,
    inspection_create,
    inspection_issue_opinion,
    inspection_notify,
    inspection_present_facts,
    inspection_report,
    inspection_start,
    member_add,
    member_declare,
    plan_approve,
    plan_create,
)
from .interviews import interview_archive, interview_create, interview_hold, interview_notify
from .measures import inspection_record_obstruction, measure_decide, measure_dismiss, measure_impose, measure_propose
from .past import PastInspection, past_inspection_record, past_inspections_record
from .province import measure_province_decide
from .rectification import (
    finding_create,
    followup_record,
    overdue_findings,
    rectification_close,
    rectification_overdue,
    rectification_return,
    rectification_submit,
    rectification_verify,
)

__all__ = [
    "MIN_INSPECTORS",
    "RECTIFICATION_DAYS",
    "evidence_read",
    "evidence_upload",
    "evidence_verify",
    "finding_create",
    "measure_province_decide",
    "followup_record",
    "inspection_cancel",
    "inspection_close",
    "inspection_create",
    "inspection_issue_opinion",
    "inspection_notify",
    "inspection_present_facts",
    "inspection_record_obstruction",
    "inspection_report",
    "inspection_start",
    "interview_archive",
    "interview_create",
    "interview_hold",
    "interview_notify",
    "measure_decide",
    "measure_dismiss",
    "measure_impose",
    "measure_propose",
    "member_add",
    "member_declare",
    "overdue_findings",
    "PastInspection",
    "past_inspection_record",
    "past_inspections_record",
    "plan_approve",
    "plan_create",
    "rectification_close",
    "rectification_overdue",
    "rectification_return",
    "rectification_submit",
    "rectification_verify",
]
