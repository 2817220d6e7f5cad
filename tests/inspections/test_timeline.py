import datetime

import pytest
from django.utils import timezone

from finsup.inspections import services as s
from finsup.inspections import timeline
from finsup.inspections.timeline import TimelineEntry, institution_timeline, register_timeline_source
from finsup.institutions.models import Institution
from tests.monitoring.factories import make_filing

from .helpers import make_warning, to_rectification


def test_every_event_of_an_institution_in_time_order(world, monkeypatch):
    clerk, supervisor = world.clerk_lanshan_inst, world.lanshan["lead_supervisor"]
    make_filing(world.inst_lanshan, period_end=datetime.date(2026, 9, 30), by=clerk)
    warning = make_warning(world.inst_lanshan)
    inspection = to_rectification(world.lanshan, world.inst_lanshan)
    finding = inspection.findings.get()
    s.rectification_submit(by=clerk, finding=finding, text="已整改。")
    s.rectification_verify(by=supervisor, finding=finding, reason="核实。")
    interview = s.interview_create(
        by=supervisor,
        institution=world.inst_lanshan,
        warning=warning,
        lead_interviewer=world.lanshan["leader"],
        recorder=world.lanshan["clerk"],
        interviewees="总经理李某",
        place="会议室",
        reasons="预警",
        outline="提纲",
        scheduled_at=timezone.now(),
    )
    s.interview_notify(by=supervisor, interview=interview)
    s.measure_impose(
        by=world.lanshan["leader"],
        institution=world.inst_lanshan,
        kind="reminder",
        reasons="提示",
        basis="条例",
        warnings=[warning],
    )
    monkeypatch.setattr(timeline, "_SOURCES", list(timeline._SOURCES))  # the hook for rating events
    rating_at = timezone.now() + datetime.timedelta(seconds=1)
    register_timeline_source(lambda user, inst: [TimelineEntry(rating_at, "rating", "评级：II级")])

    entries = institution_timeline(user=supervisor, institution=world.inst_lanshan)
    assert [e.at for e in entries] == sorted(e.at for e in entries)
    kinds = {e.kind for e in entries}
    assert {"filing", "warning", "inspection", "document", "rectification", "interview", "measure", "rating"} <= kinds
    assert entries[-1].kind == "rating"
    assert entries[0].kind == "filing" and entries[0].url
    inspection_steps = [e.title for e in entries if e.kind == "inspection"]
    assert len(inspection_steps) == 1 + inspection.events.count()

    own = institution_timeline(user=clerk, institution=world.inst_lanshan)
    assert not {e.kind for e in own} & {"warning", "interview", "measure", "document"}
    assert {"filing", "inspection", "rectification"} <= {e.kind for e in own}

    with pytest.raises(Institution.DoesNotExist):
        institution_timeline(user=world.luozhuang["leader"], institution=world.inst_lanshan)
