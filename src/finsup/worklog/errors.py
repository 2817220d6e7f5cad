"""Error codes of the duty register (see finsup.core.errors)."""

from enum import StrEnum


class Code(StrEnum):
    """Why this app refused: stable snake_case identifiers for programs, never shown to people.
    Add members; never rename one."""

    ITEM_UNKNOWN = "item_unknown"
    RESPONSIBLE_NOT_IN_OFFICE = "responsible_not_in_office"
    TASK_TITLE_REQUIRED = "task_title_required"
    TASK_FREQUENCY_INVALID = "task_frequency_invalid"
    TASK_DUE_DAYS_INVALID = "task_due_days_invalid"
    TASK_DUE_DATE_REQUIRED = "task_due_date_required"
    TASK_INACTIVE = "task_inactive"
    TASK_OTHER_OFFICE = "task_other_office"
    PERIOD_NOT_DUE = "period_not_due"
    PERIOD_ALREADY_DONE = "period_already_done"
    RECORD_TEXT_REQUIRED = "record_text_required"
    RECORD_DATE_INVALID = "record_date_invalid"
    RECORD_KIND_INVALID = "record_kind_invalid"
    MINUTES_REQUIRED = "minutes_required"
    ATTENDEES_REQUIRED = "attendees_required"
    FOLLOW_UP_INVALID = "follow_up_invalid"
    DOCUMENT_NOT_FOUND = "document_not_found"
    LINK_NOT_FOUND = "link_not_found"
