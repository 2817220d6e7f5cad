"""The demo's executive interviews (prepared and notified, held, archived) and supervisory measures
(proposed, decided by a leader, dismissed, imposed at once), most of them about institutions with
open risk warnings, through the inspection app's services. The rating cycle and the annual review
propose further measures themselves (finsup.inspections.effects)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from finsup.inspections import services
from finsup.inspections.choices import MeasureKind
from finsup.monitoring.choices import WarningSource, WarningStatus
from finsup.monitoring.selectors import warning_scope

from .activity_time import acting, office_moment, working_days_after
from .activity_world import CITY, LANSHAN, World

_BASIS = "《山东省地方金融条例》第四十二条"


@dataclass
class Talk:
    office: str
    institution: object
    warnings: list
    stage: str  # notified, held, archived
    moments: list[datetime.datetime]


@dataclass
class Ruling:
    office: str
    institution: object
    warnings: list
    kind: str
    stage: str  # proposed, decided, dismissed, imposed
    moments: list[datetime.datetime]


def _with_warnings(world: World, office: str, county: str) -> tuple[object, list]:
    """An institution of the county with open rule-breach warnings (any operating one if none has)."""
    viewer = world.staff(office, "leader")
    open_ = warning_scope(actor=viewer).filter(
        institution__county__code=county, source=WarningSource.RULE_BREACH, status=WarningStatus.OPEN
    )
    ids = sorted(set(open_.values_list("institution_id", flat=True)) - world.taken)
    if not ids:
        return world.pick(county), []
    pk = world.rng.choice(ids)
    world.taken.add(pk)
    warnings = list(open_.filter(institution_id=pk).select_related("institution__county").order_by("pk")[:2])
    return warnings[0].institution, warnings


def plan_interviews(world: World) -> list[Talk]:
    talks = []
    for office, county, stage, back in (
        (LANSHAN, LANSHAN, "archived", 45),
        (LANSHAN, LANSHAN, "notified", 3),
        (CITY, "371323", "held", 12),
    ):
        institution, warnings = _with_warnings(world, office, county)
        diary = world.diary(back + world.rng.randint(0, 5))
        steps = {"notified": 2, "held": 3, "archived": 4}[stage]
        talks.append(Talk(office, institution, warnings, stage, [diary.step(g) for g in (0, 1, 5, 10)[:steps]]))
    return talks


def plan_measures(world: World) -> list[Ruling]:
    rulings = []
    for office, county, kind, stage, back in (
        (LANSHAN, LANSHAN, MeasureKind.WARNING, "decided", 30),
        (LANSHAN, LANSHAN, MeasureKind.RECTIFICATION_ORDER, "proposed", 4),
        (CITY, "371312", MeasureKind.EXECUTIVE_INTERVIEW, "dismissed", 20),
        (CITY, "371311", MeasureKind.WARNING, "imposed", 15),
    ):
        institution, warnings = _with_warnings(world, office, county)
        diary = world.diary(back + world.rng.randint(0, 5))
        rulings.append(Ruling(office, institution, warnings, kind, stage, [diary.step(0), diary.step(3)]))
    return rulings


def load_interviews(world: World, talks: list[Talk]) -> dict[str, int]:
    for talk in talks:
        _talk(world, talk)
    return {"interviews": len(talks)}


def load_measures(world: World, rulings: list[Ruling]) -> dict[str, int]:
    for ruling in rulings:
        _ruling(world, ruling)
    return {"measures": len(rulings)}


def _reasons(institution, warnings) -> str:
    if warnings:
        return "\n".join(f"风险预警：{w.title}" for w in warnings)
    return f"{institution.name}经营情况出现异常，需当面了解情况。"


def _talk(world: World, talk: Talk) -> None:
    institution = talk.institution
    organiser = world.staff(talk.office, "supervisor")
    lead, recorder = world.staff(talk.office, "leader"), world.staff(talk.office, "supervisor", 2)
    created = talk.moments[0]
    scheduled = office_moment(working_days_after(talk.moments[1].date(), 3), 9 * 60 + 30)
    with acting(organiser, created):
        interview = services.interview_create(
            by=organiser,
            institution=institution,
            lead_interviewer=lead,
            recorder=recorder,
            interviewees=f"{institution.legal_representative or '法定代表人'}（法定代表人）、总经理",
            place=f"{lead.office.name}三楼会议室",
            reasons=_reasons(institution, talk.warnings),
            outline="一、通报监管发现的问题；二、听取公司说明；三、提出整改要求。",
            scheduled_at=scheduled,
            warning=talk.warnings[0] if talk.warnings else None,
        )
    with acting(organiser, talk.moments[1]):
        services.interview_notify(
            by=organiser,
            interview=interview,
            materials=["公司近期经营情况说明", "相关问题的整改方案"],
            contact=f"{organiser}，{organiser.work_phone}",
        )
    if len(talk.moments) > 2:
        with acting(recorder, talk.moments[2]):  # recorded two working days after it was held
            services.interview_hold(
                by=recorder,
                interview=interview,
                held_at=scheduled,
                memo="监管部门通报了预警事项；公司负责人说明了原因，承认内控存在薄弱环节。\n"
                "公司表示将在一个月内完成整改并书面报告。",
                requirements=["一个月内报送书面整改报告", "整改期间不得新增同类业务"],
            )
    if len(talk.moments) > 3:
        with acting(organiser, talk.moments[3]):
            services.interview_archive(by=organiser, interview=interview)


def _ruling(world: World, ruling: Ruling) -> None:
    institution, warnings = ruling.institution, ruling.warnings
    leader = world.staff(ruling.office, "leader")
    grounds = _reasons(institution, warnings)
    if ruling.stage == "imposed":
        with acting(leader, ruling.moments[0]):
            services.measure_impose(
                by=leader,
                institution=institution,
                kind=ruling.kind,
                reasons=grounds,
                basis=_BASIS,
                warnings=warnings,
                deadline=ruling.moments[0].date() + datetime.timedelta(days=60),
            )
        return
    proposer = world.staff(ruling.office, "supervisor")
    with acting(proposer, ruling.moments[0]):
        measure = services.measure_propose(
            by=proposer, institution=institution, kind=ruling.kind, proposal=grounds, warnings=warnings
        )
    with acting(leader, ruling.moments[1]):
        if ruling.stage == "decided":
            services.measure_decide(
                by=leader,
                measure=measure,
                reasons=grounds,
                basis=_BASIS,
                deadline=ruling.moments[1].date() + datetime.timedelta(days=60),
                remedy="如不服本决定，可在收到本决定书之日起六十日内依法申请行政复议，或者六个月内依法提起行政诉讼。",
            )
        elif ruling.stage == "dismissed":
            services.measure_dismiss(
                by=leader, measure=measure, reasons="公司已主动整改并报送材料，暂不采取该措施，继续跟踪监测。"
            )
