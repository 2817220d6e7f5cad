"""The incident pages through the test client."""

import pytest
from django.urls import reverse

from .factories import report_incident

pytestmark = pytest.mark.django_db


def test_an_institution_user_reports_an_incident_and_cannot_see_the_log(world, client):
    client.force_login(world.clerk_lanshan_inst)
    response = client.post(
        reverse("incidents:report"),
        {"kind": "fraud", "severity": "II", "title": "员工诈骗", "description": "x", "occurred_at": "2026-11-01T10:00"},
    )
    assert response.status_code == 302
    page = client.get(response.url)
    assert page.status_code == 200 and "emergency" not in page.content.decode()


def test_the_supervisor_acknowledges_and_logs(world, client):
    incident = report_incident(world.clerk_lanshan_inst)
    client.force_login(world.lanshan["lead_supervisor"])
    url = reverse("incidents:transition", args=[incident.pk])
    assert client.post(url, {"to_status": "acknowledged", "text": ""}).status_code == 400
    assert client.post(url, {"to_status": "acknowledged", "text": "已受理"}).status_code == 302
    assert (
        client.post(reverse("incidents:log", args=[incident.pk]), {"kind": "action", "text": "约谈"}).status_code == 302
    )
    incident.refresh_from_db()
    assert incident.status == "acknowledged" and incident.log.count() == 3
