"""Error codes of administrative penalties (see finsup.core.errors)."""

from enum import StrEnum


class Code(StrEnum):
    """Why this app refused: stable snake_case identifiers for programs, never shown to people.
    Add members; never rename one."""

    TEXT_REQUIRED = "text_required"
    LEADER_ONLY = "leader_only"
    PENALTY_PROVISION_REQUIRED = "penalty_provision_required"
    PENALTY_NOT_APPLICABLE = "penalty_not_applicable"
    FINE_REQUIRED = "fine_required"
    FINE_OUT_OF_RANGE = "fine_out_of_range"
    DEFENCE_PERIOD_RUNNING = "defence_period_running"
    HEARING_NOT_HELD = "hearing_not_held"
    HEARING_REQUEST_LATE = "hearing_request_late"
    HEARING_NOT_AVAILABLE = "hearing_not_available"
    HEARING_NOTICE_TOO_LATE = "hearing_notice_too_late"
    NOTICE_NOT_SERVED = "notice_not_served"
    ALREADY_SERVED = "already_served"
    SERVED_IN_THE_FUTURE = "served_in_the_future"
    DOCUMENT_NOT_OF_CASE = "document_not_of_case"
    ALREADY_WAIVED = "already_waived"
    WAIVER_DATE = "waiver_date"
    DECISION_NOT_PREPARED = "decision_not_prepared"
    DECISION_NOT_SERVED = "decision_not_served"
    ALREADY_PAID = "already_paid"
    PAYMENT_DATE = "payment_date"
    UNKNOWN_SERVICE_MANNER = "unknown_service_manner"
    NOT_UNDER_INVESTIGATION = "not_under_investigation"
    HEARING_NOT_REQUESTED = "hearing_not_requested"
