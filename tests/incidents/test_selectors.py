import pytest

from finsup.incidents import selectors
from finsup.incidents.models import Incident

from .factories import report_incident

pytestmark = pytest.mark.django_db


def test_an_institution_sees_only_the_incidents_it_reported(world):
    own = report_incident(world.clerk_lanshan_inst)
    by_office = report_incident(world.lanshan["lead_supervisor"], institution=world.inst_lanshan, kind="fraud")
    assert list(selectors.incident_list(actor=world.clerk_lanshan_inst)) == [own]
    with pytest.raises(Incident.DoesNotExist):
        selectors.incident_get(actor=world.clerk_lanshan_inst, pk=by_office.pk)
    assert set(selectors.incident_list(actor=world.lanshan["inspector"])) == {own, by_office}
    assert not selectors.incident_list(actor=world.clerk_luozhuang_inst).exists()
