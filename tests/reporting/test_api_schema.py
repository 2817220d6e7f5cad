"""The filing operation with near-valid figures, so that validation runs to the end: never a server
error. (Every operation with every schemathesis check: tests/api/test_openapi_contract.py.)"""

import json

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import given
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error

from finsup.config.wsgi import application
from tests.api.fuzzing import bounded

from .channels import pc_institution, token_for
from .helpers import pc_figures

EXAMPLES = bounded(25)
AWKWARD = ["1e-999999", "1E+30", "-0", "1,000", "NaN", "Infinity", " ", "0.1", "１２", "9" * 40, "2026-13-01"]
FIGURE = st.one_of(
    st.none(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(AWKWARD),
    st.text(max_size=12),
)


@pytest.fixture
def api(db):
    # Requests go through the WSGI handler, whose end-of-request signal would close the test's
    # database connection in the middle of its transaction (PostgreSQL): as Django's test client does,
    # keep the connection open while the test runs.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        _, user = pc_institution("pc_fuzz")
        schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
        yield schema, {"Authorization": f"Bearer {token_for(user)}"}
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _operations(schema):
    return [result.ok() for result in schema.get_all_operations()]


def test_near_valid_filings_never_answer_with_a_server_error(api):
    schema, headers = api
    operation = next(op for op in _operations(schema) if op.label == "POST /api/v1/filings")
    fields = sorted(pc_figures())

    @EXAMPLES
    @given(changes=st.dictionaries(st.sampled_from(fields), FIGURE, max_size=4), reason=st.sampled_from(["", "更正"]))
    def run(changes, reason):
        body = {"report": "pc_quarterly", "period": "2026Q1", "values": {**pc_figures(), **changes}}
        if reason:
            body["correction_reason"] = reason
        json.dumps(body)  # what the client sends
        case = operation.Case(body=body, media_type="application/json")
        response = case.call_and_validate(headers=headers, checks=[not_a_server_error])
        assert response.status_code in (201, 400, 422), response.text

    run()
