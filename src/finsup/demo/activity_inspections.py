"""The demo's on-site inspections, one at each stage of the procedure (planned, notice issued, on
site, facts for confirmation, reported, opinion letter issued, rectifying, closed with or without
findings), conducted by the city office and by county offices, each step through the inspection
services as the inspector, the team, the institution's user or the leader would take it; the
services issue the numbered documents of each step."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.files.base import ContentFile

from finsup.inspections import services
from finsup.inspections.choices import InspectionKind, Severity, TeamRole

from .activity_pdf import text_pdf
from .activity_time import acting, office_moment, working_days_before
from .activity_world import CITY, LANSHAN, World

# The steps of an inspection and the working days each comes after the one before.
STEPS = [
    ("create", 0),
    ("team", 1),
    ("notify", 2),
    ("start", 5),
    ("findings", 2),
    ("facts", 3),
    ("report", 5),
    ("letter", 5),
    ("submit", 10),
    ("review", 3),
    ("close", 5),
]
_ALL = [name for name, _gap in STEPS]
# Each stage: the steps taken to reach it.
STAGES = {
    "planned": _ALL[:2],
    "notified": _ALL[:3],
    "on_site": _ALL[:5],
    "facts": _ALL[:6],
    "reported": _ALL[:7],
    "letter": _ALL[:8],
    "rectifying": _ALL[:10],
    "closed": _ALL,
    "closed_clean": ["create", "team", "notify", "start", "facts", "report", "close"],
}
# (office, stage, kind, unannounced, the institution login's company); the city inspects institutions
# of these counties.
PROGRAMME = [
    (CITY, "closed", InspectionKind.THEMATIC, False, False),
    (CITY, "letter", InspectionKind.ANNUAL_AUDIT, False, False),
    (CITY, "reported", InspectionKind.THEMATIC, False, False),
    (CITY, "planned", InspectionKind.ANNUAL_AUDIT, False, False),
    (LANSHAN, "planned", InspectionKind.ANNUAL_AUDIT, False, False),
    (LANSHAN, "notified", InspectionKind.THEMATIC, False, False),
    (LANSHAN, "on_site", InspectionKind.THEMATIC, False, False),
    (LANSHAN, "facts", InspectionKind.ANNUAL_AUDIT, False, False),
    (LANSHAN, "rectifying", InspectionKind.THEMATIC, False, True),
    (LANSHAN, "closed", InspectionKind.ANNUAL_AUDIT, False, False),
    (LANSHAN, "closed_clean", InspectionKind.ANNUAL_AUDIT, False, False),
    ("371311", "rectifying", InspectionKind.ANNUAL_AUDIT, False, False),
    ("371311", "closed", InspectionKind.THEMATIC, False, False),
    ("371323", "on_site", InspectionKind.AD_HOC, True, False),
    ("371323", "letter", InspectionKind.THEMATIC, False, False),
    ("371323", "closed_clean", InspectionKind.ANNUAL_AUDIT, False, False),
]
CITY_TARGETS = ["371312", "371323", "371327", "371311", "371324"]
BASIS = "《山东省地方金融条例》第三十五条、第三十六条"
EARLY_START_REASON = "被查机构主要负责人计划日期外出，经双方协商提前进场"

# (title, description, citation, severity); {n} and {m} are drawn counts.
_COMMON_FINDINGS = [
    (
        "内控制度执行不到位",
        "抽查{n}笔业务中有{m}笔调查与审批由同一人完成，未执行审贷（审保）分离。",
        "《山东省地方金融条例》第二十条",
        Severity.MINOR,
    ),
    (
        "业务档案管理不规范",
        "抽查的{n}份业务档案中有{m}份缺少客户身份证明或合同签章。",
        "《山东省地方金融条例》第二十条",
        Severity.MINOR,
    ),
    (
        "重大事项未按规定报告",
        "公司变更高级管理人员后{m}个月才向监管部门报告，超过规定期限。",
        "《山东省地方金融条例》第二十四条",
        Severity.MINOR,
    ),
]
_FINDINGS = {
    "microloan": [
        (
            "贷款五级分类不准确",
            "抽查{n}笔贷款中有{m}笔逾期90天以上仍列为关注类，贷款损失准备计提不足。",
            "《小额贷款公司监督管理暂行办法》第二十条",
            Severity.MAJOR,
        ),
        (
            "贷款利率超过规定上限",
            "{m}笔贷款综合年化利率超过合同成立时一年期贷款市场报价利率的4倍。",
            "《山东省小额贷款公司监督管理暂行办法》第二十五条",
            Severity.MAJOR,
        ),
    ],
    "guarantee": [
        (
            "单户担保责任余额超过规定比例",
            "对同一被担保人的融资担保责任余额超过净资产的10%，涉及{m}户。",
            "《融资担保公司监督管理条例》第十六条",
            Severity.MAJOR,
        ),
        (
            "存出保证金管理不规范",
            "{m}笔存出保证金未在合作银行专户存放，账务处理不清。",
            "《融资担保公司监督管理条例》第十八条",
            Severity.MINOR,
        ),
    ],
    "private_capital": [
        (
            "投资业务超出核准范围",
            "抽查{n}笔业务中有{m}笔以借款形式向非股东企业提供资金。",
            "《山东省民间融资机构监督管理暂行办法》第十五条",
            Severity.MAJOR,
        ),
    ],
    "lending_registry": [
        (
            "借贷登记信息不完整",
            "抽查{n}笔民间借贷登记中有{m}笔缺少资金用途或出借人身份信息。",
            "《山东省民间融资机构监督管理暂行办法》第二十二条",
            Severity.MINOR,
        ),
    ],
}
_TITLES = {
    InspectionKind.ANNUAL_AUDIT: "{year}年度现场检查",
    InspectionKind.THEMATIC: "{year}年合规经营专项检查",
    InspectionKind.AD_HOC: "群众反映问题临时性检查",
}


@dataclass
class Visit:
    office: str
    institution: object
    stage: str
    kind: str
    unannounced: bool
    findings: list[tuple[str, str, str, str]]
    moments: dict[str, datetime.datetime]

    @property
    def title(self) -> str:
        year = self.moments["create"].year
        return f"{self.institution.name}{_TITLES[self.kind].format(year=year)}"


def plan_inspections(world: World) -> list[Visit]:
    visits = []
    for office, stage, kind, unannounced, login in PROGRAMME:
        county = world.rng.choice(CITY_TARGETS) if office == CITY else office
        institution = world.pick(county, login=login)
        steps = [s for s in STAGES[stage] if not (unannounced and s == "notify")]
        gaps = dict(STEPS)
        tail = world.rng.randint(25, 80) if stage.startswith("closed") else world.rng.randint(1, 4)
        diary = world.diary(sum(gaps[s] for s in steps) + tail)
        moments = {s: diary.step(gaps[s]) for s in steps}
        pool = _FINDINGS[institution.kind] + _COMMON_FINDINGS
        count = 0 if stage == "closed_clean" or "findings" not in steps else world.rng.randint(2, 3)
        findings = [
            (t, d.format(n=world.rng.randint(15, 40), m=world.rng.randint(2, 6)), c, s)
            for t, d, c, s in world.rng.sample(pool, count)
        ]
        visits.append(Visit(office, institution, stage, kind, unannounced, findings, moments))
    return visits


def load_inspections(world: World, visits: list[Visit]) -> dict[str, int]:
    plans = {}
    for office in dict.fromkeys(v.office for v in visits):
        first = min(v.moments["create"] for v in visits if v.office == office)
        plans[office] = _plan(world, office, first)
    for visit in visits:
        _Run(world, visit, plans[visit.office]).go()
    return {"inspections": len(visits), "inspection_findings": sum(len(v.findings) for v in visits)}


def _plan(world: World, office: str, before: datetime.datetime):
    inspector, leader = world.staff(office, "inspector"), world.staff(office, "leader")
    moment = office_moment(working_days_before(before.date(), 8), 10 * 60)
    with acting(inspector, moment):
        plan = services.plan_create(by=inspector, year=before.year, title=f"{before.year}年度现场检查计划")
    with acting(leader, office_moment(working_days_before(before.date(), 6), 15 * 60)):
        return services.plan_approve(by=leader, plan=plan)


class _Run:
    """One inspection taken through its steps."""

    def __init__(self, world: World, visit: Visit, plan):
        self.world, self.visit, self.plan = world, visit, plan
        self.inspector = world.staff(visit.office, "inspector")
        lead = visit.institution.lead_supervisor
        if visit.office == CITY or lead is None or lead.office.code != visit.office:
            lead = world.staff(visit.office, "supervisor")
        self.lead = lead
        self.user = world.institution_user(visit.institution)
        self.inspection, self.findings = None, []

    def go(self) -> None:
        for step, moment in self.visit.moments.items():
            getattr(self, f"_{step}")(moment)

    def _create(self, moment):
        v, day = self.visit, moment.date()
        start = day + datetime.timedelta(days=10)
        with acting(self.inspector, moment):
            self.inspection = services.inspection_create(
                by=self.inspector,
                institution=v.institution,
                kind=v.kind,
                unannounced=v.unannounced,
                title=v.title,
                scope_text=f"{day.year - 1}年1月1日至{day.year}年{day.month}月的经营管理、业务合规、风险管理和财务状况",
                legal_basis=BASIS,
                planned_start=start,
                planned_end=start + datetime.timedelta(days=4),
                plan=self.plan if v.kind != InspectionKind.AD_HOC else None,
            )

    def _team(self, moment):
        for user, role in ((self.lead, TeamRole.LEADER), (self.inspector, TeamRole.MEMBER)):
            with acting(self.inspector, moment):
                member = services.member_add(by=self.inspector, inspection=self.inspection, user=user, team_role=role)
            with acting(user, moment):
                services.member_declare(by=user, member=member, has_conflict=False, declaration="")

    def _notify(self, moment):
        with acting(self.inspector, moment):
            services.inspection_notify(
                by=self.inspector,
                inspection=self.inspection,
                materials=["近两年财务报表及审计报告", "业务台账及合同档案", "内部管理制度汇编"],
                contact=f"{self.inspector}，{self.inspector.work_phone}",
            )

    def _start(self, moment):
        with acting(self.inspector, moment):
            # The working days of the diary may bring the start before the planned day: then with its reason.
            services.inspection_start(
                by=self.inspector, inspection=self.inspection, at=moment, early_start_reason=EARLY_START_REASON
            )

    def _findings(self, moment):
        with acting(self.inspector, moment):
            paper = ContentFile(
                text_pdf(
                    [
                        "现场检查工作底稿",
                        self.visit.institution.name,
                        *[f"{t}：{d}" for t, d, _c, _s in self.visit.findings],
                    ]
                ),
                name="现场检查工作底稿.pdf",
            )
            evidence = services.evidence_upload(
                by=self.inspector, inspection=self.inspection, file=paper, description="抽查业务档案工作底稿"
            )
            self.findings = [
                services.finding_create(
                    by=self.inspector,
                    inspection=self.inspection,
                    title=title,
                    description=description,
                    citation=citation,
                    severity=severity,
                    evidence=[evidence],
                )
                for title, description, citation, severity in self.visit.findings
            ]

    def _facts(self, moment):
        facts = [f"{t}：{d}" for t, d, _c, _s in self.visit.findings] or ["检查期间未发现违法违规问题。"]
        assessment = (
            "公司治理结构基本健全，内控制度有待进一步落实。"
            if self.visit.findings
            else "公司经营合规，内控制度健全有效。"
        )
        with acting(self.lead, moment):
            services.inspection_present_facts(
                by=self.lead, inspection=self.inspection, facts=facts, assessment=assessment
            )

    def _report(self, moment):
        institution = self.visit.institution
        with acting(self.lead, moment):
            services.inspection_report(
                by=self.lead,
                inspection=self.inspection,
                confirmed_by=institution.legal_representative or "公司负责人",
                confirmed_on=moment.date(),
                overview=f"检查组于{self.inspection.planned_start:%Y年%m月%d日}进场，"
                f"查阅了{institution.name}的制度、账簿和业务档案，并与主要负责人座谈。",
                recommendations=["健全内控制度并严格执行", "加强业务档案管理"] if self.findings else [],
            )

    def _letter(self, moment):
        with acting(self.lead, moment):
            services.inspection_issue_opinion(
                by=self.lead,
                inspection=self.inspection,
                requirements=["对检查发现的问题逐项整改", "追究相关责任人员责任", "整改完成后报送书面整改报告"],
            )

    def _submit(self, moment):
        for finding in self.findings:
            with acting(self.user, moment):
                services.rectification_submit(
                    by=self.user,
                    finding=finding,
                    text=f"针对“{finding.title}”，公司已修订相关制度，逐笔核查并纠正，明确责任人，完成整改。",
                )

    def _review(self, moment):
        for n, finding in enumerate(self.findings):
            closing = self.visit.stage == "closed"
            with acting(self.lead, moment):
                if closing or n == 0:
                    services.rectification_verify(by=self.lead, finding=finding, reason="经核查整改材料，整改到位。")
                elif n == 1:
                    services.rectification_return(
                        by=self.lead,
                        finding=finding,
                        reason="整改报告未附制度修订文件和责任追究材料，请补充后重新报送。",
                    )  # the third, if any, waits for review

    def _close(self, moment):
        with acting(self.lead, moment):
            if self.findings:
                services.followup_record(
                    by=self.lead, inspection=self.inspection, visited_on=moment.date(), notes="回访核实整改措施已落实。"
                )
                for finding in self.findings:
                    services.rectification_close(by=self.lead, finding=finding, reason="整改到位，予以销号。")
            services.inspection_close(by=self.lead, inspection=self.inspection, note="检查工作结束，材料归档。")
