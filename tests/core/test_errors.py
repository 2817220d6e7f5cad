"""The errors' HTTP statuses and the one mapper (core.errors.status_of / to_dict)."""

import enum

from finsup.core.errors import (
    ApplicationError,
    InvalidTransition,
    NotFound,
    OutOfScope,
    PermissionDenied,
    status_of,
    to_dict,
)


class Code(enum.StrEnum):
    SOME_RULE = "some_rule"


def test_each_class_declares_its_status():
    assert [status_of(cls("x")) for cls in (ApplicationError, NotFound, PermissionDenied, InvalidTransition)] == [
        400,
        404,
        403,
        409,
    ]


def test_out_of_scope_is_a_404_and_still_a_permission_refusal():
    error = OutOfScope("outside")
    assert status_of(error) == 404 and error.code == "not_found"
    assert isinstance(error, NotFound) and isinstance(error, PermissionDenied)


def test_an_enum_code_is_kept_as_its_plain_value():
    error = ApplicationError("no", code=Code.SOME_RULE, field="name", errors=[("row 2", "bad")])
    assert type(error.code) is str and error.code == "some_rule"
    assert to_dict(error) == {"code": "some_rule", "detail": "no", "field": "name", "errors": [("row 2", "bad")]}
