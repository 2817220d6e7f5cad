"""Error codes of illegal-fundraising work (see finsup.core.errors)."""

from enum import StrEnum


class Code(StrEnum):
    """Why this app refused: stable snake_case identifiers for programs (the API's `code`), never
    shown to people. Add members; never rename one."""

    ENTITY_NAME_REQUIRED = "entity_name_required"
    ENTITY_CODE_INVALID = "entity_code_invalid"
    ENTITY_OFFICE_REQUIRED = "entity_office_required"
    ENTITY_CLOSED = "entity_closed"
    ENTITY_MERGED = "entity_merged"
    MERGE_INTO_SELF = "merge_into_self"
    DOCUMENT_EMPTY = "document_empty"
    DOCUMENT_FILE_INVALID = "document_file_invalid"
    STEP_NOT_ALLOWED = "step_not_allowed"
    STEP_TEXT_REQUIRED = "step_text_required"
    STEP_DATE_INVALID = "step_date_invalid"
    OUTCOME_REQUIRED = "outcome_required"
    BASIS_REQUIRED = "basis_required"
    REFERRAL_NOT_SIGNED = "referral_not_signed"
    REFERENCE_REQUIRED = "reference_required"
    WEIGHTS_INVALID = "weights_invalid"
    SOURCE_ALREADY_REGISTERED = "source_already_registered"
    MERGE_TARGET_NOT_FOUND = "merge_target_not_found"
