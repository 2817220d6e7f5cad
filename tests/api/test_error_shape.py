"""Every answer under /api/ that is an error is JSON with a `code` and a `detail`, whoever produced
it (ninja, a service, Django's resolver, a crash), and the schema documents it. Regressions of
issue 13: the 401 body had no `code`; `/api/v1/institutions/abc` answered Django's HTML 404; an
inferred OpenAPI link fed the hex `batch_id` into the integer `batch_pk`."""

import json

import pytest
import schemathesis
from django.test import Client
from schemathesis.specs.openapi.stateful.dependencies import inject_links

from finsup.api.urls import api
from finsup.audit.models import AuditEntry
from finsup.core.errors import ApplicationError, InvalidTransition, NotFound, OutOfScope, PermissionDenied
from finsup.reporting.models import Submission
from finsup.reporting.services import FilingRejected
from tests.reporting.channels import pc_institution, token_for

pytestmark = pytest.mark.django_db


def _error(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["code"] == code and body["detail"], body
    return body


@pytest.fixture
def token(db):
    _, user = pc_institution("shape")
    return token_for(user)


def test_no_credentials_answer_401_with_a_code_and_the_scheme(client):
    response = client.get("/api/v1/filings")
    _error(response, 401, "not_authenticated")
    assert response["WWW-Authenticate"] == "Bearer"


def test_a_wrong_token_answers_401_with_a_code(client):
    response = client.get("/api/v1/reports", HTTP_AUTHORIZATION="Bearer fsk_00000000_nope")
    body = _error(response, 401, "not_authenticated")
    assert "令牌" in body["detail"]


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/institutions/abc",
        "/api/v1/filings/0",
        f"/api/v1/filings/{2**70}",
        "/api/v1/loans/batches/-1",
        "/api/v1/loans/batches/1.5",
        "/api/v1/nothing-here",
        "/api/v2/",
    ],
)
def test_paths_no_route_matches_answer_a_json_404(client, token, path):
    _error(client.get(path, HTTP_AUTHORIZATION=f"Bearer {token}"), 404, "not_found")


def test_pages_outside_the_api_keep_their_html_404(client):
    response = client.get("/institutions/abc")
    assert response.status_code == 404 and response["Content-Type"].startswith("text/html")


def test_a_method_the_path_lacks_answers_a_json_405_with_allow(client, token):
    response = client.delete("/api/v1/filings", HTTP_AUTHORIZATION=f"Bearer {token}")
    _error(response, 405, "method_not_allowed")
    assert set(response["Allow"].replace(" ", "").split(",")) == {"GET", "POST"}


def test_a_body_that_is_not_json_answers_400_malformed_body(client, token):
    entries = AuditEntry.objects.count()
    response = client.post(
        "/api/v1/filings", "{not json", content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}"
    )
    _error(response, 400, "malformed_body")
    assert not Submission.objects.exists() and AuditEntry.objects.count() == entries  # refused before the service


def test_a_request_against_the_schema_answers_422_with_field_errors(client, token):
    body = _error(
        client.get("/api/v1/filings", {"status": "nonsense"}, HTTP_AUTHORIZATION=f"Bearer {token}"),
        422,
        "invalid_request",
    )
    assert [e["field"] for e in body["errors"]] == ["query.status"]


def test_a_session_write_without_its_csrf_token_answers_403_csrf_failed(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.clerk_lanshan_inst)
    entries = AuditEntry.objects.count()
    body = {"report": "pc_quarterly", "period": "2026Q1", "values": {}}
    response = client.post("/api/v1/filings", json.dumps(body), content_type="application/json")
    _error(response, 403, "csrf_failed")
    assert not Submission.objects.exists() and AuditEntry.objects.count() == entries


def test_a_server_error_answers_json_500(token, monkeypatch):
    def crash(user):
        raise RuntimeError("a bug")

    monkeypatch.setattr("finsup.reporting.api._reports_for", crash)
    client = Client(raise_request_exception=False)
    _error(client.get("/api/v1/reports", HTTP_AUTHORIZATION=f"Bearer {token}"), 500, "server_error")


def test_a_report_is_read_for_a_period_of_any_frequency(client, token):
    def get(period):
        return client.get("/api/v1/reports/pc_quarterly", {"period": period}, HTTP_AUTHORIZATION=f"Bearer {token}")

    assert get("2026-03").json()["version"] == get("2026Q1").json()["version"]  # a monthly label, same day
    _error(get("1000"), 404, "not_found")  # no version in force then
    _error(get("tv"), 422, "invalid_request")  # found by schemathesis: a 400 the schema did not announce
    _error(get("2026Q5"), 422, "invalid_request")


def test_a_nul_in_a_text_filter_is_refused_as_the_schema_says(client, token):
    parameter = next(p for p in _schema()["paths"]["/api/v1/filings"]["get"]["parameters"] if p["name"] == "report")
    assert parameter["schema"]["anyOf"][0]["pattern"] == "^[^\\x00]*$"
    response = client.get("/api/v1/filings", {"report": "pc\x00"}, HTTP_AUTHORIZATION=f"Bearer {token}")
    _error(response, 422, "invalid_request")


def _schema() -> dict:
    return json.loads(json.dumps(api.get_openapi_schema()))  # as served: status codes as strings


def test_every_operation_documents_its_errors_in_the_one_shape():
    spec = _schema()
    error_ref = "#/components/schemas/ErrorOut"
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            responses = operation["responses"]
            assert {"401", "404"} <= set(responses) or {"401", "403"} <= set(responses), (method, path)
            for status, response in responses.items():
                if status.startswith("4") and status != "422":
                    assert response["content"]["application/json"]["schema"] == {"$ref": error_ref}, (status, path)
    assert set(spec["components"]["schemas"]["ErrorOut"]["required"]) == {"code", "detail"}


def _type_at(spec: dict, schema: dict, pointer: list[str]) -> str | None:
    """The JSON type of the field `pointer` names in a response `schema` ($ref and anyOf resolved)."""
    while "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    if not pointer:
        return schema.get("type")
    head, rest = pointer[0], pointer[1:]
    if schema.get("type") == "array":
        return _type_at(spec, schema["items"], rest)
    if "anyOf" in schema:
        found = {_type_at(spec, option, pointer) for option in schema["anyOf"]} - {None}
        return found.pop() if len(found) == 1 else None
    return _type_at(spec, schema["properties"][head], rest)


def _by_reference(spec: dict, reference: str) -> dict:
    path, method = reference.removeprefix("#/paths/").rsplit("/", 1)
    return spec["paths"][path.replace("~1", "/").replace("~0", "~")][method]


def test_every_link_feeds_a_parameter_a_value_of_its_type():
    """The documented links and those schemathesis infers: no text field feeds an integer id."""
    loaded = schemathesis.openapi.from_dict(_schema())
    inject_links(loaded)
    spec = loaded.raw_schema
    targets = {op["operationId"]: op for ops in spec["paths"].values() for op in ops.values()}
    checked = 0
    for operations in spec["paths"].values():
        for operation in operations.values():
            for response in operation["responses"].values():
                for link in response.get("links", {}).values():
                    target = targets.get(link.get("operationId")) or _by_reference(spec, link["operationRef"])
                    for name, expression in link.get("parameters", {}).items():
                        parameter = next(p for p in target["parameters"] if p["name"] == name.split(".")[-1])
                        pointer = [p for p in expression.split("#", 1)[1].split("/") if p]
                        body = response["content"]["application/json"]["schema"]
                        assert _type_at(spec, body, pointer) == parameter["schema"]["type"], (link, expression)
                        checked += 1
    assert checked >= 5


@pytest.mark.parametrize(
    ("error", "status", "code"),
    [
        (OutOfScope("outside"), 404, "not_found"),  # out of jurisdiction: the answer does not say it exists
        (NotFound("missing"), 404, "not_found"),
        (PermissionDenied("not your role"), 403, "forbidden"),
        (InvalidTransition("not now", code="already_done"), 409, "already_done"),
        (FilingRejected("bad figures", errors=[("values.x", "too big")]), 422, "filing_rejected"),
        (ApplicationError("no", code="some_rule"), 400, "some_rule"),
    ],
)
def test_a_services_refusal_answers_the_status_its_class_declares(rf, error, status, code):
    response = api.on_exception(rf.get("/api/v1/"), error)
    response.json = lambda: json.loads(response.content)  # a test client's answer has it; this one does not
    body = _error(response, status, code)
    assert body["detail"] == error.message and body["errors"] == [{"field": f, "message": m} for f, m in error.errors]
