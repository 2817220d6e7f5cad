"""The error of a loan file that cannot be read at all (as opposed to rows that fail the checks)."""

from __future__ import annotations

from enum import StrEnum


class IngestError(Exception):
    """The file cannot be read at all, or the store cannot take it; ``code`` (a `Code`) says which:
    unsupported_format, unreadable, no_sheet, too_many_columns, too_many_rows, too_large_unpacked,
    store_not_ready."""

    def __init__(self, message: str, *, code: str = "unreadable"):
        super().__init__(message)
        self.code = str(code)


class Code(StrEnum):
    """Why this app refused: stable snake_case identifiers for programs (the API's `code`), never
    shown to people. Add members; never rename one."""

    PUSH_FOR_OWN_COMPANY = "push_for_own_company"
    NOT_A_FEEDER = "not_a_feeder"
    # IngestError: the file cannot be read at all, or the store cannot take it.
    UNSUPPORTED_FORMAT = "unsupported_format"
    UNREADABLE = "unreadable"
    NO_SHEET = "no_sheet"
    TOO_MANY_COLUMNS = "too_many_columns"
    TOO_MANY_ROWS = "too_many_rows"
    TOO_LARGE_UNPACKED = "too_large_unpacked"
    STORE_NOT_READY = "store_not_ready"
