"""Error codes of the archive (see finsup.core.errors)."""

from enum import StrEnum


class Code(StrEnum):
    """Why this app refused: stable snake_case identifiers for programs (the API's `code`), never
    shown to people. Add members; never rename one."""

    UNKNOWN_MATTER_KIND = "unknown_matter_kind"
    MATTER_NOT_FOUND = "matter_not_found"
    NOT_AN_ARCHIVIST = "not_an_archivist"
    NOT_THE_MATTERS_OFFICE = "not_the_matters_office"
    MATTER_OPEN = "matter_open"
    ALREADY_ARCHIVED = "already_archived"
    FILE_ALTERED = "file_altered"
    DOCUMENTS_NOT_SIGNED_OFF = "documents_not_signed_off"
