"""A service's refusal that no view caught answers its class's status, never a 500 (core.errors)."""

import pytest
from django.contrib.auth.models import AnonymousUser

from finsup.core.errors import ApplicationError, InvalidTransition, NotFound, OutOfScope, PermissionDenied
from finsup.web.middleware import ServiceErrorMiddleware

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("error", "status"),
    [
        (OutOfScope("outside"), 404),
        (NotFound("missing"), 404),
        (PermissionDenied("not your role"), 403),
        (InvalidTransition("not now"), 409),
        (ApplicationError("no"), 400),
    ],
)
def test_an_uncaught_refusal_answers_its_status(rf, error, status):
    request = rf.get("/somewhere/")
    request.user = AnonymousUser()
    response = ServiceErrorMiddleware(lambda r: None).process_exception(request, error)
    assert response.status_code == status
    if status != 404:  # the 404 page says nothing about the record
        assert error.message in response.content.decode()


def test_other_exceptions_are_left_to_django(rf):
    assert ServiceErrorMiddleware(lambda r: None).process_exception(rf.get("/"), ValueError("x")) is None
