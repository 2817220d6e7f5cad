"""Error codes of the partners register (see finsup.core.errors)."""

from enum import StrEnum


class Code(StrEnum):
    """Why this app refused: stable snake_case identifiers for programs, never shown to people.
    Add members; never rename one."""

    NAME_REQUIRED = "name_required"
    NAME_TAKEN = "name_taken"
    KIND_INVALID = "kind_invalid"
    COUNTY_OUTSIDE = "county_outside"
    MATTER_TEXT_REQUIRED = "matter_text_required"
    MATTER_DATE_INVALID = "matter_date_invalid"
