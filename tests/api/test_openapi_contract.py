"""The API keeps its published contract: schemathesis generates requests from /api/v1/openapi.json (the
app's live schema, loaded through the WSGI application) and runs every check it has on each answer:
no server error; every status, content type, header and body documented; invalid data refused;
valid data accepted (see POSITIVE_DATA_ACCEPTANCE); authentication enforced (ignored_auth re-sends
each successful request without and with a wrong token); and, in the stateful test, the documented
links followed from one answer to the next operation (use_after_free, ensure_resource_availability).

Every operation runs its examples, coverage and fuzzing phases as its own test; the stateful test
chains operations through the schema's links. Bounded and derandomized: the same requests every run.
The caller is a microloan company's user with a real API token, on the test database."""

from unittest import mock

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from schemathesis.config import SchemathesisConfig

from finsup.accounts import tokens
from finsup.config.wsgi import application
from finsup.loans.choices import FeedChannel
from finsup.loans.feeds import loan_batch_receive
from tests.loans.feed_helpers import company, own_rows

from .fuzzing import bounded

ALL_CHECKS = [
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_headers_conformance",
    "response_schema_conformance",
    "negative_data_rejection",
    "positive_data_acceptance",
    "missing_required_header",
    "unsupported_method",
    "allow_header_conformance",
    "use_after_free",
    "ensure_resource_availability",
    "ignored_auth",
]
# positive_data_acceptance (a request the schema calls valid must be accepted) holds for every read.
# It cannot hold for the three writes, and that is their design: a filing's `values` are checked
# against the definition of the report and period it names, a survey answer's against the items the
# survey defined, and a loan push's records against the v1 contract's rules (check digits, dates, code
# lists, the company's own credit code). JSON Schema cannot say any of them; each answers such a body
# 400/422 with the errors by field or record, which the schema documents. Every other check runs on
# them too.
WRITES_VALIDATED_BEYOND_THE_SCHEMA = ["file_report", "answer_survey", "push_batch"]

CONFIG = SchemathesisConfig.from_dict(
    {
        "seed": 20261206,
        "checks": {name: {"enabled": True} for name in ALL_CHECKS},
        "generation": {"mode": "all", "deterministic": True},
        "operations": [
            {
                "include-operation-id": WRITES_VALIDATED_BEYOND_THE_SCHEMA,
                "checks": {"positive_data_acceptance": {"enabled": False}},
            }
        ],
    }
)
# Loaded once, at collection, from the running app (no database access is needed to serve it).
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application, config=CONFIG)

EXAMPLES = bounded(15)
SCENARIOS = bounded(12, stateful_step_count=6)
# The caller's token, issued by the real service in each test (see `caller`). Fixed, because
# schemathesis builds the coverage phase's requests when the tests are collected.
PREFIX, SECRET = "c0ffee00", "contract-test-token-0123456789abcdefghijklmnopq"
TOKEN = f"fsk_{PREFIX}_{SECRET}"


@schema.auth(refresh_interval=None)
class InstitutionToken:
    """Every generated request carries the real token, so that ignored_auth can tell it from a
    generated one (it re-sends a successful request without it and with a wrong one)."""

    def get(self, case, context):
        return TOKEN

    def set(self, case, data, context):
        case.headers = {**(case.headers or {}), "Authorization": f"Bearer {data}"}


@pytest.fixture
def caller(db, settings, tmp_path):
    """A microloan company's user with an API token (for InstitutionToken); the company has one batch."""
    settings.FINSUP_LOAN_STORE = tmp_path / "loan-store"
    settings.FINSUP_LOAN_INBOX = tmp_path / "loan-inbox"
    settings.FINSUP_LOAN_RAW_KEEP_DIR = ""
    inst, clerk = company("contract")
    loan_batch_receive(
        institution=inst, channel=FeedChannel.API, source_name="seed", records=own_rows(inst, n=8), by=clerk
    )
    # The WSGI handler's end-of-request signal would close the test's connection in the middle of
    # its transaction (PostgreSQL); as Django's test client does, keep it open while the test runs.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    with (
        mock.patch.object(tokens.secrets, "token_hex", return_value=PREFIX),
        mock.patch.object(tokens.secrets, "token_urlsafe", return_value=SECRET),
    ):
        assert tokens.api_token_create(by=clerk, name="contract test")[1] == TOKEN
    try:
        yield clerk
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@schema.parametrize()
@EXAMPLES
def test_every_operation_keeps_the_contract(case, caller):
    case.call_and_validate()


@pytest.mark.usefixtures("caller")
def test_chained_operations_keep_the_contract():
    schema.as_state_machine().run(settings=SCENARIOS)
