"""An incident linked to the inspections and measures about its institution (issue 7, point 2)."""

import pytest

from finsup.core.errors import ApplicationError
from finsup.incidents import selectors
from finsup.incidents import services as incidents
from finsup.incidents.models import IncidentLink, IncidentLogEntry
from finsup.inspections import services as inspections

from .factories import report_incident

pytestmark = pytest.mark.django_db


def test_an_incident_links_a_measure_and_an_inspection_of_its_institution_only(world, client):
    lead = world.lanshan["lead_supervisor"]
    incident = report_incident(world.clerk_lanshan_inst, severity="II")
    measure = inspections.measure_propose(by=lead, institution=world.inst_lanshan, kind="warning", proposal="挤兑风险")
    other = inspections.measure_propose(
        by=world.luozhuang["lead_supervisor"], institution=world.inst_luozhuang, kind="warning", proposal="x"
    )
    choices = [c.source for c in selectors.incident_record_choices(actor=lead, incident=incident)]
    assert f"inspections.measure:{measure.pk}" in choices and f"inspections.measure:{other.pk}" not in choices

    with pytest.raises(ApplicationError):  # another county's measure: not linkable, nothing written
        incidents.incident_link_record(incident=incident, by=lead, source=f"inspections.measure:{other.pk}")
    assert not IncidentLink.objects.exists()

    client.force_login(lead)
    response = client.post(f"/incidents/{incident.pk}/records/", {"record": f"inspections.measure:{measure.pk}"})
    assert response.status_code == 302
    assert [r.source for r in selectors.incident_linked_records(actor=lead, incident=incident)] == [
        f"inspections.measure:{measure.pk}"
    ]
    assert IncidentLogEntry.objects.filter(incident=incident, kind="link").exists()
    page = client.get(f"/incidents/{incident.pk}/").content.decode()
    assert f"/supervision/measures/{measure.pk}/" in page
    with pytest.raises(ApplicationError):  # twice: refused
        incidents.incident_link_record(incident=incident, by=lead, source=f"inspections.measure:{measure.pk}")
