"""Error codes of special surveys (see finsup.core.errors)."""

from enum import StrEnum


class Code(StrEnum):
    """Why this app refused: stable snake_case identifiers for programs (the API's `code`), never
    shown to people. Add members; never rename one."""

    TITLE_REQUIRED = "survey_title_required"
    BASIS_REQUIRED = "survey_basis_required"
    DEADLINE_REQUIRED = "survey_deadline_required"
    DEADLINE_PASSED = "survey_deadline_passed"
    DEADLINE_AFTER_PARENT = "survey_deadline_after_parent"
    FIELDS_INVALID = "survey_fields_invalid"
    NOT_A_DRAFT = "survey_not_a_draft"
    NO_RECIPIENTS = "survey_no_recipients"
    RECIPIENT_OUTSIDE = "survey_recipient_outside"
    NOT_THE_RESPONDENT = "survey_not_the_respondent"
    ANSWER_REJECTED = "survey_answer_rejected"
    CORRECTION_REASON_REQUIRED = "survey_correction_reason_required"
    NOT_AN_OFFICE_RECIPIENT = "survey_not_an_office_recipient"
    ALREADY_FORWARDED = "survey_already_forwarded"
    NOT_A_TEMPLATE = "survey_not_a_template"
    DEFINITION_FROZEN = "survey_definition_frozen"
