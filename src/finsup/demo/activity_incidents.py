"""The demo's major risk incidents at each stage: reported and not yet acknowledged (within its
time), escalated to the city when the county did not acknowledge it in time, acknowledged with
the response under way (one reported by the institution login's company itself), and closed with
its response log and links, through the incident services."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from finsup.incidents import services
from finsup.incidents.choices import IncidentKind, IncidentSeverity, LogEntryKind

from .activity_time import acting
from .activity_world import CITY, LANSHAN, World

# (county, kind, severity, stage, working days back, reported by the institution itself, the login's)
PROGRAMME = [
    (LANSHAN, IncidentKind.LARGE_DEFAULT, IncidentSeverity.GRADE_III, "closed", 60, False, False),
    (LANSHAN, IncidentKind.OTHER, IncidentSeverity.GRADE_IV, "acknowledged", 6, True, True),
    ("371323", IncidentKind.MASS_COMPLAINT, IncidentSeverity.GRADE_III, "acknowledged", 9, True, False),
    ("371311", IncidentKind.EXECUTIVE_ABSCONDED, IncidentSeverity.GRADE_II, "escalated", 14, False, False),
    ("371327", IncidentKind.OTHER, IncidentSeverity.GRADE_IV, "reported", 1, False, False),
]
_TEXT = {
    IncidentKind.LARGE_DEFAULT: (
        "大额贷款逾期",
        "公司对某房地产企业的两笔贷款合计1,800万元逾期超过90天，借款人已停工。",
    ),
    IncidentKind.OTHER: ("经营场所被临时查封", "因出租方涉诉，公司经营场所被法院临时查封，业务暂停办理。"),
    IncidentKind.MASS_COMPLAINT: ("客户集中到公司反映问题", "约30名客户到公司反映担保费退还问题，情绪激动。"),
    IncidentKind.EXECUTIVE_ABSCONDED: ("公司总经理失联", "公司总经理已连续三日无法联系，部分客户资金去向不明。"),
}


@dataclass
class Event:
    institution: object
    kind: str
    severity: str
    stage: str
    by_institution: bool
    moments: list[datetime.datetime]


def plan_incidents(world: World) -> list[Event]:
    out = []
    for county, kind, severity, stage, back, by_institution, login in PROGRAMME:
        institution = world.pick(county, login=login)
        steps = {"reported": 1, "acknowledged": 3, "escalated": 3, "closed": 5}[stage]
        moments = world.moments([0] + [world.rng.randint(1, 4) for _n in range(steps - 1)], back=back)
        out.append(Event(institution, kind, severity, stage, by_institution, moments))
    return out


def load_incidents(world: World, events: list[Event]) -> dict[str, int]:
    for event in events:
        _incident(world, event)
    return {"incidents": len(events)}


def _incident(world: World, event: Event) -> None:
    institution, reported = event.institution, event.moments[0]
    county = institution.county.code
    reporter = world.institution_user(institution) if event.by_institution else world.staff(county, "supervisor")
    title, description = _TEXT[event.kind]
    data = {
        "institution": institution,
        "kind": event.kind,
        "severity": event.severity,
        "title": f"{institution.name}{title}",
        "description": description,
        "occurred_at": reported - datetime.timedelta(hours=3),
    }
    with acting(reporter, reported):
        incident = services.incident_report(by=reporter, data=data, now=reported)
    if event.stage == "reported":
        return
    handler = world.staff(county, "leader")
    if event.stage == "escalated":  # nobody acknowledged it in time: the daily run moves it to the city
        late = reported + datetime.timedelta(hours=services.escalation_hours(event.severity, "county") + 1)
        with acting(None, late):
            services.incidents_escalate(now=late)
        handler = world.staff(CITY, "leader")
    with acting(handler, event.moments[1]):
        incident = services.incident_acknowledge(
            incident=incident, by=handler, note="已启动应急处置，成立工作专班，责成公司主要负责人到岗。"
        )
    with acting(handler, event.moments[2]):
        services.incident_log_add(
            incident=incident,
            by=handler,
            kind=LogEntryKind.ACTION,
            text="工作专班进驻公司，核查资产和客户资金情况，做好解释疏导。",
        )
    if event.stage != "closed":
        return
    with acting(handler, event.moments[3]):
        services.incident_log_add(
            incident=incident, by=handler, kind=LogEntryKind.DECISION, text="要求公司制定清收方案，每周报告进展。"
        )
    with acting(handler, event.moments[4]):
        services.incident_close(
            incident=incident, by=handler, note="借款人已提供足额抵押并签订还款协议，风险得到控制。"
        )
