"""Error codes of incidents (see finsup.core.errors)."""

from enum import StrEnum


class Code(StrEnum):
    """Why this app refused: stable snake_case identifiers for programs (the API's `code`), never
    shown to people. Add members; never rename one."""

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
    INCIDENT_ACTION_REQUIRED = "incident_action_required"
