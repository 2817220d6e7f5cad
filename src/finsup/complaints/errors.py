"""Error codes of complaints (see finsup.core.errors)."""

from enum import StrEnum


class Code(StrEnum):
    """Why this app refused: stable snake_case identifiers for programs (the API's `code`), never
    shown to people. Add members; never rename one."""

    TOO_MANY_ATTACHMENTS = "too_many_attachments"
    ATTACHMENT_TOO_LARGE = "attachment_too_large"
    ATTACHMENT_EMPTY = "attachment_empty"
    INCIDENT_ACTION_REQUIRED = "incident_action_required"
    INCIDENT_KIND_REQUIRED = "incident_kind_required"
    SEVERITY_REQUIRED = "severity_required"
    INCIDENT_DESCRIPTION_REQUIRED = "incident_description_required"
    INCIDENT_IN_FUTURE = "incident_in_future"
    LOG_TEXT_REQUIRED = "log_text_required"
    LOG_KIND_REQUIRED = "log_kind_required"
    INCIDENT_CLOSED = "incident_closed"
    WARNING_OF_OTHER_INSTITUTION = "warning_of_other_institution"
    WARNING_ALREADY_LINKED = "warning_already_linked"
    RECORD_OF_OTHER_INSTITUTION = "record_of_other_institution"
    RECORD_ALREADY_LINKED = "record_already_linked"
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
