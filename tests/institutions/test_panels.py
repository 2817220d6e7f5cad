"""The institution page's tabs come from a registry the apps above fill (institutions/panels.py):
the registry imports neither reporting nor monitoring, and the page keeps its tabs in their place."""

import datetime

import pytest

from finsup.institutions import panels, services
from finsup.monitoring.services import warning_open

pytestmark = pytest.mark.django_db


def _tabs(user, institution):
    context = {"history": [], "shareholders": [], "key_persons": [], "related_parties": [], "decision_rows": []}
    return [t.key for t in panels.institution_tabs(actor=user, institution=institution, context=context)]


def test_the_tabs_keep_their_places_and_institutions_get_no_warnings_tab(world):
    staff = [
        "overview", "shareholders", "people", "related", "filings", "status", "decisions", "history", "warnings",
        "relations", "governance",
    ]  # fmt: skip
    assert _tabs(world.lanshan["lead_supervisor"], world.inst_lanshan) == staff
    supervisors_only = {"warnings", "relations", "governance"}
    assert _tabs(world.clerk_lanshan_inst, world.inst_lanshan) == [k for k in staff if k not in supervisors_only]


def test_open_warnings_follow_a_new_lead_supervisor_through_the_registered_hook(world):
    inst = world.inst_lanshan
    warning, _ = warning_open(institution=inst, key="k1", source="late_filing", level="warning", title="x")
    new_lead = world.lanshan["leader"]
    assert warning.assigned_to != new_lead
    services.institution_update(
        by=world.city["clerk"],
        institution=world.inst_lanshan,
        data={"lead_supervisor": new_lead, "lead_supervisor_filed_on": datetime.date(2026, 1, 1)},
    )
    warning.refresh_from_db()
    assert warning.assigned_to == new_lead
