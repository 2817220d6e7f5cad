"""Error codes of the listing pipeline (see finsup.core.errors)."""

from enum import StrEnum


class Code(StrEnum):
    """Why this app refused: stable snake_case identifiers for programs, never shown to people.
    Add members; never rename one."""

    NAME_REQUIRED = "name_required"
    CREDIT_CODE_INVALID = "credit_code_invalid"
    CREDIT_CODE_TAKEN = "credit_code_taken"
    COUNTY_INVALID = "county_invalid"
    BOARD_INVALID = "board_invalid"
    STAGE_DATE_INVALID = "stage_date_invalid"
    EVIDENCE_REQUIRED = "evidence_required"
    STOCK_CODE_REQUIRED = "stock_code_required"
    IPO_AMOUNT_INVALID = "ipo_amount_invalid"
    BASIS_REQUIRED = "basis_required"
    AMOUNT_INVALID = "amount_invalid"
    STAGE_NOT_REACHED = "stage_not_reached"
    PAYMENT_EXCEEDS_GRANT = "payment_exceeds_grant"
    VOUCHER_REQUIRED = "voucher_required"
    PAYMENT_DATE_INVALID = "payment_date_invalid"
    OPINION_TEXT_REQUIRED = "opinion_text_required"
    OPINION_STAGE = "opinion_stage"
    NOT_LISTED = "not_listed"
    COUNTERPARTY_REQUIRED = "counterparty_required"
    KIND_INVALID = "kind_invalid"
    STAGE_INVALID = "stage_invalid"
    STATUS_INVALID = "status_invalid"
