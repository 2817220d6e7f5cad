"""Error codes of the practitioner qualification (see finsup.core.errors)."""

from enum import StrEnum


class Code(StrEnum):
    """Why this app refused: stable snake_case identifiers for programs, never shown to people.
    Add members; never rename one."""

    INSTITUTION_KIND = "institution_kind"
    NAME_REQUIRED = "name_required"
    ID_NUMBER_INVALID = "id_number_invalid"
    ALREADY_REGISTERED = "already_registered"
    DATE_INVALID = "date_invalid"
    HOURS_INVALID = "hours_invalid"
    ORGANISER_REQUIRED = "organiser_required"
    SCORE_INVALID = "score_invalid"
    NO_PASSED_EXAM = "no_passed_exam"
    CERTIFICATE_VALID = "certificate_valid"
    NOT_REVOCABLE = "not_revocable"
    REASON_REQUIRED = "reason_required"
    KIND_INVALID = "kind_invalid"
    MEMBER_OUTSIDE = "member_outside"
    SUMMARY_REQUIRED = "summary_required"
