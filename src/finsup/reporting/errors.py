"""Error codes of reporting (see finsup.core.errors)."""

from enum import StrEnum


class Code(StrEnum):
    """Why this app refused: stable snake_case identifiers for programs (the API's `code`), never
    shown to people. Add members; never rename one."""

    FILE_FOR_OWN_INSTITUTION = "file_for_own_institution"
    PERIOD_NOT_FILED = "period_not_filed"
    NOT_A_REPORT_OF_INSTITUTION = "not_a_report_of_institution"
    NO_DEFINITION_IN_FORCE = "no_definition_in_force"
    PERIOD_FREQUENCY_MISMATCH = "period_frequency_mismatch"
    NOT_A_PERIOD_OF_REPORT = "not_a_period_of_report"
    INSTITUTION_FILES_NO_REPORTS = "institution_files_no_reports"
    PERIOD_NOT_ENDED = "period_not_ended"
    PERIOD_ALREADY_FILED = "period_already_filed"
    NOT_SUBMITTED = "not_submitted"
    RETURN_REASON_REQUIRED = "return_reason_required"
    NOT_ACCEPTED_BY_COUNTY = "not_accepted_by_county"
    NOTHING_SELECTED = "nothing_selected"
    UNKNOWN_REVIEW_STEP = "unknown_review_step"
    DRAFT_TOO_LONG = "draft_too_long"
    FILE_FOR_OWN_OFFICE = "file_for_own_office"
    NOT_THE_OFFICE_ABOVE = "not_the_office_above"
