"""The error of a loan file that cannot be read at all (as opposed to rows that fail the checks)."""

from __future__ import annotations


class IngestError(Exception):
    """The file cannot be read at all, or the store cannot take it; ``code`` says which:
    unsupported_format, unreadable, no_sheet, too_many_columns, too_many_rows, too_large_unpacked,
    store_not_ready."""

    def __init__(self, message: str, *, code: str = "unreadable"):
        super().__init__(message)
        self.code = code
