"""The demo's complaints and tip-offs, one at each stage (received, accepted, under investigation,
result recorded, result published, not accepted) and a tip-off of possible illegal fundraising
referred to the police, filed as the public files them on the portal and handled through the
complaint services by the offices they are routed to. The published one is found on the portal by
its tracking code (random, as for every complaint: it is what keeps a result private)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from finsup.complaints import services
from finsup.complaints.choices import ComplaintKind, ComplaintStatus, ReferralBody
from finsup.core.request_context import Actor, acting_as

from .activity_time import acting
from .activity_world import LANSHAN, World

PUBLIC = Actor(label="command:demo load as the public (portal)", channel="command")
# What complainants write: (subject, description), by kind of institution.
_GRIEVANCES = {
    "microloan": ("贷款利息过高", "我在该公司借款5万元，合同约定月息1.5%，另收服务费3000元，实际利率远超规定。"),
    "guarantee": ("担保费收取不合理", "公司在银行放款前要求一次性缴纳两年担保费，并额外收取评审费。"),
    "private_capital": ("投资款到期不兑付", "公司业务员推荐的投资项目到期后公司以资金紧张为由拖延兑付本金。"),
    "lending_registry": ("借贷登记信息泄露", "在公司办理借贷登记后，频繁接到陌生贷款推销电话，怀疑个人信息被泄露。"),
}
_NAMES = ["王丽", "张强", "刘洋", "陈静", "李军", "赵敏", "孙磊"]
# (county of the institution, or None: no institution named; stage; working days back; anonymous)
PROGRAMME = [
    (LANSHAN, ComplaintStatus.PUBLISHED, 40, False),
    (LANSHAN, ComplaintStatus.RESOLVED, 12, False),
    (LANSHAN, ComplaintStatus.RECEIVED, 1, True),
    ("371323", ComplaintStatus.INVESTIGATING, 15, False),
    ("371311", ComplaintStatus.ACCEPTED, 3, False),
    ("371312", ComplaintStatus.DECLINED, 20, False),
    (None, "referred", 10, True),
]
_PATH = {
    ComplaintStatus.RECEIVED: [],
    ComplaintStatus.ACCEPTED: ["accept"],
    ComplaintStatus.INVESTIGATING: ["accept", "investigate"],
    ComplaintStatus.RESOLVED: ["accept", "investigate", "resolve"],
    ComplaintStatus.PUBLISHED: ["accept", "investigate", "resolve", "publish"],
    ComplaintStatus.DECLINED: ["decline"],
    "referred": ["accept", "refer"],
}


@dataclass
class Grievance:
    institution: object | None
    stage: str
    complainant: tuple[str, str] | None  # name and phone; None: anonymous
    moments: list[datetime.datetime]


def plan_complaints(world: World) -> list[Grievance]:
    out = []
    for county, stage, back, anonymous in PROGRAMME:
        institution = world.pick(county) if county else None
        # Within its deadline at the demo's date: 5 days to accept, 10 to start the investigation.
        gaps = [0] + [world.rng.randint(1, 2) for _s in _PATH[stage]]
        moments = world.moments(gaps, back=back + (world.rng.randint(0, 2) if back > 5 else 0))
        phone = f"13{world.rng.randint(0, 9)}{world.rng.randint(10_000_000, 99_999_999)}"
        complainant = None if anonymous else (world.rng.choice(_NAMES), phone)
        out.append(Grievance(institution, stage, complainant, moments))
    return out


def load_complaints(world: World, plans: list[Grievance]) -> dict[str, int]:
    for plan in plans:
        _complaint(world, plan)
    return {"complaints": len(plans)}


def _data(plan: Grievance) -> dict:
    if plan.institution is None:
        return {
            "kind": ComplaintKind.TIP_OFF,
            "respondent_name": "临沂某投资咨询有限公司",
            "subject": "有公司以高息回报吸收公众资金",
            "description": "该公司在社区举办养老讲座，承诺年化收益18%、保本保息，动员老年人购买理财产品。",
            "anonymous": True,
        }
    subject, description = _GRIEVANCES[plan.institution.kind]
    data = {"kind": ComplaintKind.COMPLAINT, "institution": plan.institution, "subject": subject}
    data |= {"description": description, "anonymous": plan.complainant is None}
    if plan.complainant is not None:
        data |= {"name": plan.complainant[0], "phone": plan.complainant[1]}
    return data


def _complaint(world: World, plan: Grievance) -> None:
    filed = plan.moments[0]
    with acting_as(PUBLIC), acting(None, filed):
        complaint = services.complaint_file(data=_data(plan), now=filed)
    county = complaint.office.code
    handler = complaint.assigned_to or world.staff(county, "supervisor")
    for step, moment in zip(_PATH[plan.stage], plan.moments[1:], strict=True):
        with acting(handler, moment):
            complaint = _step(world, complaint, step, handler, moment)


def _step(world: World, complaint, step: str, handler, moment):
    if step == "accept":
        return services.complaint_transition(complaint=complaint, to_status=ComplaintStatus.ACCEPTED, by=handler)
    if step == "investigate":
        services.complaint_note_add(complaint=complaint, by=handler, text="已调取借款合同和还款记录，约谈公司负责人。")
        return services.complaint_transition(
            complaint=complaint, to_status=ComplaintStatus.INVESTIGATING, by=handler, note="进入调查核实。"
        )
    if step == "resolve":
        result = (
            f"经调查，{complaint.institution.name}存在收费不规范问题。我办已责令公司退还多收费用并限期整改，"
            f"投诉人{complaint.complainant_name or ''}（电话{complaint.complainant_phone or '未留'}）已收到退款。"
        )
        return services.complaint_resolve(complaint=complaint, by=handler, result=result)
    if step == "publish":
        return services.complaint_publish(complaint=complaint, by=handler)
    if step == "decline":
        return services.complaint_transition(
            complaint=complaint,
            to_status=ComplaintStatus.DECLINED,
            by=handler,
            note="所反映事项属于合同纠纷，不属于本办监管职责范围，建议通过诉讼或仲裁途径解决。",
        )
    services.complaint_refer(
        complaint=complaint,
        by=handler,
        body=ReferralBody.POLICE,
        referred_on=moment.date(),
        note="涉嫌非法吸收公众存款，已移送公安机关经侦部门。",
    )
    return complaint
