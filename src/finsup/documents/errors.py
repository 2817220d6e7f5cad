"""Error codes of documents (see finsup.core.errors)."""

from enum import StrEnum


class Code(StrEnum):
    """Why this app refused: stable snake_case identifiers for programs (the API's `code`), never
    shown to people. Add members; never rename one."""

    UNKNOWN_DOCUMENT_KIND = "unknown_document_kind"
    CONTENT_NOT_A_DICT = "content_not_a_dict"
    PDF_UNREADABLE = "pdf_unreadable"
    DOCUMENT_FINAL = "document_final"
    ALREADY_FINALISED = "already_finalised"
    NO_PDF_YET = "no_pdf_yet"
    INSTITUTION_OUTSIDE_ISSUER = "institution_outside_issuer"
    NOT_LATEST_VERSION = "not_latest_version"
    DOCUMENT_NOT_FOUND = "document_not_found"
    INVALID_CONTEXT = "invalid_context"
    ALREADY_CHECKED = "already_checked"
    CHECKER_IS_DRAFTER = "checker_is_drafter"
    NOT_CHECKED = "not_checked"
    SIGNER_OF_ANOTHER_OFFICE = "signer_of_another_office"
    NOT_ELECTRONIC = "not_electronic"
    ALREADY_ACKNOWLEDGED = "already_acknowledged"
    NOT_SIGNED_OFF = "not_signed_off"
    NO_ADDRESSEE = "no_addressee"
    NO_RECIPIENT = "no_recipient"
    DELIVERY_IN_FUTURE = "delivery_in_future"
    DELIVERY_BEFORE_SIGN_OFF = "delivery_before_sign_off"
    NO_DELIVERY = "no_delivery"
    DOCX_ALTERED = "docx_altered"
    PDF_NOT_READY = "pdf_not_ready"
    PDF_NOT_FAILED = "pdf_not_failed"
