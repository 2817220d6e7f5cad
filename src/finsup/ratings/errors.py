"""Error codes of ratings (see finsup.core.errors)."""

from enum import StrEnum


class Code(StrEnum):
    """Why this app refused: stable snake_case identifiers for programs (the API's `code`), never
    shown to people. Add members; never rename one."""

    REASON_REQUIRED = "reason_required"
    NOT_THE_CYCLE_OFFICE = "not_the_cycle_office"
    UNKNOWN_INSTITUTION_KIND = "unknown_institution_kind"
    NO_SCHEME_IN_FORCE = "no_scheme_in_force"
    NEGATIVE_SAMPLE_SIZE = "negative_sample_size"
    CYCLE_EXISTS = "cycle_exists"
    INITIAL_RATINGS_CLOSED = "initial_ratings_closed"
    INSTITUTION_NOT_IN_CYCLE = "institution_not_in_cycle"
    SAMPLE_ALREADY_DRAWN = "sample_already_drawn"
    INITIAL_RATINGS_MISSING = "initial_ratings_missing"
    CITY_REVIEW_NOT_OPEN = "city_review_not_open"
    NOT_IN_SAMPLE = "not_in_sample"
    LEVEL_DIFFERENCE_UNEXPLAINED = "level_difference_unexplained"
    CYCLE_NOT_UNDER_REVIEW = "cycle_not_under_review"
    SAMPLE_NOT_RERATED = "sample_not_rerated"
    RATING_NOT_FINAL = "rating_not_final"
    ALREADY_APPEALED = "already_appealed"
    NO_OPEN_APPEAL = "no_open_appeal"
    APPEAL_OUTCOME_REQUIRED = "appeal_outcome_required"
    NEW_LEVEL_REQUIRED = "new_level_required"
    SCORE_OUT_OF_RANGE = "score_out_of_range"
    SCORE_REASON_REQUIRED = "score_reason_required"
    CYCLE_NOT_FINAL = "cycle_not_final"
    NOTICES_ALREADY_DRAFTED = "notices_already_drafted"
    PROVINCE_DECIDES_ONLY = "province_decides_only"
    CYCLE_NOT_SUBMITTED = "cycle_not_submitted"
    RESULTS_PUBLISHED = "results_published"
    PROVINCE_LEVEL_REQUIRED = "province_level_required"
