"""Error codes of complaints (see finsup.core.errors)."""

from enum import StrEnum


class Code(StrEnum):
    """Why this app refused: stable snake_case identifiers for programs (the API's `code`), never
    shown to people. Add members; never rename one."""

    TOO_MANY_ATTACHMENTS = "too_many_attachments"
    ATTACHMENT_TOO_LARGE = "attachment_too_large"
    ATTACHMENT_EMPTY = "attachment_empty"
    NAME_REQUIRED = "name_required"
    PHONE_REQUIRED = "phone_required"
    COMPLAINT_TEXT_REQUIRED = "complaint_text_required"
    USE_RESULT_FORM = "use_result_form"
    DECLINE_REASON_REQUIRED = "decline_reason_required"
    RESULT_REQUIRED = "result_required"
    NOTE_EMPTY = "note_empty"
    REFERRAL_BODY_REQUIRED = "referral_body_required"
    REFERRAL_IN_FUTURE = "referral_in_future"
    NOT_YET_DECIDED = "not_yet_decided"
    INVALID_ID_NUMBER = "invalid_id_number"
