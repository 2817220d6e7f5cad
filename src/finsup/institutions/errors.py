"""Error codes of institutions (see finsup.core.errors)."""

from enum import StrEnum


class Code(StrEnum):
    """Why this app refused: stable snake_case identifiers for programs (the API's `code`), never
    shown to people. Add members; never rename one."""

    LEAD_SUPERVISOR_NOT_IN_OFFICE = "lead_supervisor_not_in_office"
    LEAD_SUPERVISOR_FILING_DATE_REQUIRED = "lead_supervisor_filing_date_required"
    ONLINE_ONLY_MICROLOAN = "online_only_microloan"
    STATUS_REASON_REQUIRED = "status_reason_required"
    GROUP_OF_OTHER_INSTITUTION = "group_of_other_institution"
    STAKES_OVER_100 = "stakes_over_100"
    GROUP_NAME_TAKEN = "group_name_taken"
    GROUP_NOT_EMPTY = "group_not_empty"
    LEFT_BEFORE_TAKING_OFFICE = "left_before_taking_office"
    ID_NUMBER_REQUIRED = "id_number_required"
    CREDIT_CODE_REQUIRED = "credit_code_required"
    ESTABLISHMENT_DATA_MISSING = "establishment_data_missing"
    SHAREHOLDER_NOT_FOUND = "shareholder_not_found"
    PERSON_NOT_IN_OFFICE = "person_not_in_office"
