"""Error codes of accounts (see finsup.core.errors)."""

from enum import StrEnum


class Code(StrEnum):
    """Why this app refused: stable snake_case identifiers for programs (the API's `code`), never
    shown to people. Add members; never rename one."""

    AUTHENTICATOR_EXISTS = "authenticator_exists"
    AUTHENTICATOR_REQUIRED = "authenticator_required"
    RESET_OWN_AUTHENTICATOR = "reset_own_authenticator"
    NO_AUTHENTICATOR = "no_authenticator"
    TOKEN_FOR_INSTITUTION_USERS = "token_for_institution_users"
    TOKEN_NAME_REQUIRED = "token_name_required"
    TOKEN_OF_OTHER_INSTITUTION = "token_of_other_institution"
    UNKNOWN_ROLE = "unknown_role"
    OVERSIGHT_BODY_MISMATCH = "oversight_body_mismatch"
    UNKNOWN_OVERSIGHT_BODY = "unknown_oversight_body"
    UNKNOWN_OFFICE = "unknown_office"
    USERNAME_TAKEN = "username_taken"
    UNKNOWN_USER = "unknown_user"
