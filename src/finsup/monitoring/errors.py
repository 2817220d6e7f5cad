"""Error codes of monitoring (see finsup.core.errors)."""

from enum import StrEnum


class Code(StrEnum):
    """Why this app refused: stable snake_case identifiers for programs (the API's `code`), never
    shown to people. Add members; never rename one."""

    NOT_A_RULE_BREACH = "not_a_rule_breach"
    WARNING_CLOSED = "warning_closed"
    JUSTIFICATION_WAITING = "justification_waiting"
    NOTE_REQUIRED = "note_required"
    TEXT_REQUIRED = "text_required"
    NOTHING_SELECTED = "nothing_selected"
