"""The steps of a case as the office takes them, with the Lanshan staff of the `world` fixture."""

from __future__ import annotations

import datetime
from decimal import Decimal

from finsup.penalties import services
from finsup.penalties.choices import PaperKind

FACTS = "2026年10月，你公司未按规定报送月度监管报表，经责令限期改正后逾期仍未改正。"
RULE = "《山东省地方金融条例》第三十一条"
EVIDENCE = "监管报表报送记录\n责令改正通知书及送达回证\n询问笔录"


def opened(world, institution, *, penalty="sd_fin_51"):
    case = services.case_propose(
        by=world.lanshan["inspector"], institution=institution, facts=FACTS, rule_breached=RULE, penalty=penalty
    )
    case = services.case_approve(by=world.lanshan["leader"], case=case, opinion="同意立案。")
    return services.case_record_evidence(by=world.lanshan["inspector"], case=case, evidence=EVIDENCE)


def paper(case, kind):
    return case.papers.filter(kind=kind, served_of=None).latest("pk")


def notified(world, case, *, fine, penalty="sd_fin_51", served_on: datetime.date):
    services.case_notice_prepare(by=world.lanshan["inspector"], case=case, penalty=penalty, fine=Decimal(fine))
    notice = paper(case, PaperKind.PRIOR_NOTICE)
    services.paper_check(by=world.lanshan["lead_supervisor"], case=case, paper=notice)
    services.paper_issue(by=world.lanshan["leader"], case=case, paper=notice)
    services.paper_serve(
        by=world.lanshan["inspector"], case=case, paper=notice, served_on=served_on, manner="direct", served_to="张三"
    )
    case.refresh_from_db()
    return case


def decided(world, case, *, fine, penalty="sd_fin_51", review=""):
    """The decision drafted by the inspector, checked (核稿) by the lead supervisor, signed off by the leader."""
    decision = services.case_decision_prepare(
        by=world.lanshan["inspector"], case=case, penalty=penalty, fine=Decimal(fine), review=review
    )
    services.paper_check(by=world.lanshan["lead_supervisor"], case=case, paper=decision)
    return services.case_decide(by=world.lanshan["leader"], case=case)
