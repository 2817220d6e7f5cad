"""/healthz: what a monitoring system polls."""

import pytest

pytestmark = pytest.mark.django_db


def test_healthy_instance_answers_200_with_nothing_but_the_checks(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "loan_store": "ok", "media": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_a_store_that_cannot_be_written_makes_it_503(client, settings, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the store's parent folder should be")
    settings.FINSUP_LOAN_STORE = blocker / "loans_store"
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["loan_store"] == "failing" and response.json()["database"] == "ok"


def test_only_get(client):
    assert client.post("/healthz").status_code == 405
