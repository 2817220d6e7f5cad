"""Error codes of the financial operation analysis (see finsup.core.errors)."""

from enum import StrEnum


class Code(StrEnum):
    """Why this app refused: stable snake_case identifiers for programs, never shown to people.
    Add members; never rename one."""

    MONTH_OPEN = "month_open"
    MONTH_FUTURE = "month_future"
    NO_PARTNERS = "no_partners"
    NO_ANSWERS = "no_answers"
