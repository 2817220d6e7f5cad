"""Incidents escalated to the province reach its users' work queue; they handle them through the
incidents' own services (issue 18). What the counties and the city still hold is not the province's."""

import datetime

from django.utils import timezone

from finsup.incidents import services
from finsup.incidents.choices import EscalationLevel, IncidentStatus
from finsup.notifications.waiting import waiting_for
from tests.incidents.factories import report_incident


def _queue(user):
    return [i for i in waiting_for(user) if i.url.startswith("/incidents/")]


def test_an_escalated_incident_waits_for_the_province_which_acknowledges_it(world, province, client):
    now = timezone.now()
    incident = report_incident(world.clerk_lanshan_inst, severity="I", now=now - datetime.timedelta(hours=1))
    other = report_incident(world.clerk_luozhuang_inst, severity="III", now=now)  # the county's
    assert not _queue(province["leader"])
    services.incident_acknowledge(incident=other, by=world.luozhuang["leader"], note="县金融办已处置。")
    services.incidents_escalate(now=now + datetime.timedelta(days=30))
    incident.refresh_from_db()
    assert incident.level == EscalationLevel.PROVINCE
    [item] = _queue(province["leader"])
    assert item.count == 1 and "level=province" in item.url
    client.force_login(province["lead_supervisor"])
    assert incident.title in client.get(item.url).content.decode()
    services.incident_acknowledge(incident=incident, by=province["lead_supervisor"], note="省金融办已介入处置。")
    incident.refresh_from_db()
    assert incident.status == IncidentStatus.ACKNOWLEDGED and incident.acknowledged_by == province["lead_supervisor"]
    assert not _queue(province["leader"])
