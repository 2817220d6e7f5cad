"""Error codes of the exchange with the province (see finsup.core.errors)."""

from enum import StrEnum


class Code(StrEnum):
    """Why this app refused: stable snake_case identifiers for programs (the API's `code`), never
    shown to people. Add members; never rename one."""

    NOT_AN_EXCHANGE_OFFICE = "not_an_exchange_office"
    UNKNOWN_EXPORT_KIND = "unknown_export_kind"
    NOT_A_SUMMARY_PERIOD = "not_a_summary_period"
    NOT_AN_OFFICE_REPORT = "not_an_office_report"
    REPORT_NOT_FILED = "report_not_filed"
    RECEIPT_ALREADY_RECORDED = "receipt_already_recorded"
    RECEIPT_INCOMPLETE = "receipt_incomplete"
