"""Error codes of the governance assessment (see finsup.core.errors)."""

from enum import StrEnum


class Code(StrEnum):
    """Why this app refused: stable snake_case identifiers for programs, never shown to people.
    Add members; never rename one."""

    YEAR_INVALID = "year_invalid"
    SCORE_MISSING = "score_missing"
    SCORE_OUT_OF_RANGE = "score_out_of_range"
