"""Error codes of outreach (see finsup.core.errors)."""

from enum import StrEnum


class Code(StrEnum):
    """Why this app refused: stable snake_case identifiers for programs (the API's `code`), never
    shown to people. Add members; never rename one."""

    CAMPAIGN_COMPLETED = "campaign_completed"
    CAMPAIGN_KIND_REQUIRED = "campaign_kind_required"
    CAMPAIGN_TITLE_REQUIRED = "campaign_title_required"
    CAMPAIGN_DATES_REQUIRED = "campaign_dates_required"
    CAMPAIGN_ENDS_BEFORE_START = "campaign_ends_before_start"
    CAMPAIGN_OUTSIDE_YEAR = "campaign_outside_year"
    MAY_CAMPAIGN_EXISTS = "may_campaign_exists"
    CAMPAIGN_YEAR_REQUIRED = "campaign_year_required"
    EVENTS_OUTSIDE_NEW_PERIOD = "events_outside_new_period"
    EVENT_CHANNEL_REQUIRED = "event_channel_required"
    EVENT_DESCRIPTION_REQUIRED = "event_description_required"
    EVENT_DATE_REQUIRED = "event_date_required"
    EVENT_OUTSIDE_CAMPAIGN = "event_outside_campaign"
    EVENT_NOT_HELD_YET = "event_not_held_yet"
    CORRECTION_REASON_REQUIRED = "correction_reason_required"
    NOTHING_CHANGED = "nothing_changed"
    MATERIAL_TITLE_REQUIRED = "material_title_required"
    MATERIAL_KIND_REQUIRED = "material_kind_required"
    MATERIAL_PUBLICATION_UNCHANGED = "material_publication_unchanged"
    SUMMARY_REQUIRED = "summary_required"
    CAMPAIGN_NOT_ENDED = "campaign_not_ended"
    REACH_OUT_OF_RANGE = "reach_out_of_range"
    MATERIAL_FILE_REQUIRED = "material_file_required"
    MATERIAL_FILE_EMPTY = "material_file_empty"
    MATERIAL_FILE_TOO_LARGE = "material_file_too_large"
    CAMPAIGN_NOT_COMPLETED = "campaign_not_completed"
    NO_SUPERIOR_OFFICE = "no_superior_office"
    REPORT_ALREADY_DRAFTED = "report_already_drafted"
