"""A private-capital company of Lanshan whose accepted 2026Q1 filing breaches two rules, through the
real filing, review and evaluation services: the breaches its users justify in these tests."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from finsup.monitoring.choices import WarningSource
from finsup.monitoring.models import RiskWarning
from finsup.reporting import services, workflow
from finsup.reporting.models import Submission
from tests import factories as f
from tests.reporting.helpers import Q1_2026, pc_figures

# 6,000 / (10,000 + 5,000) = 40 % > 30 %; 1,500 of a registered capital of 10,000 (万元) = 15 % > 10 %.
BREACHING = {"short_term_investment_avg": "6000", "investment_total": "14000", "related_party_investment": "1500"}
SHORT_TERM, RELATED_PARTY = "pc_short_term_max", "pc_related_party_max"


@dataclass
class Breaches:
    institution: object
    clerk: object
    filing: Submission
    short_term: RiskWarning
    related_party: RiskWarning


def filed_breaches(world, *, county: str = "371302", prefix: str = "qiyuan") -> Breaches:
    offices = {"371302": world.lanshan, "371311": world.luozhuang}[county]
    inst = f.make_institution(
        county,
        kind="private_capital",
        name=f"{prefix}民间资本管理股份有限公司",
        established_on=datetime.date(2018, 1, 1),
        approved_on=datetime.date(2018, 1, 1),
        lead_supervisor=offices["lead_supervisor"],
        lead_supervisor_filed_on=datetime.date(2018, 2, 1),
    )
    clerk = f.make_user(f"{prefix}_clerk", "institution", institution=inst, display_name=f"{prefix}经办")
    filing = services.submission_file(
        by=clerk,
        institution=inst,
        report_code="pc_quarterly",
        period=Q1_2026,
        raw=pc_figures(**BREACHING),
        channel="web",
    )
    workflow.submission_accept(submission=filing, by=offices["lead_supervisor"])
    warnings = RiskWarning.objects.filter(institution=inst, source=WarningSource.RULE_BREACH)
    return Breaches(
        institution=inst,
        clerk=clerk,
        filing=filing,
        short_term=warnings.get(rule_id=SHORT_TERM),
        related_party=warnings.get(rule_id=RELATED_PARTY),
    )
