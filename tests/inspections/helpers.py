"""Builders for inspection tests: every step through the real services."""

from __future__ import annotations

import datetime

from django.core.files.base import ContentFile
from django.utils import timezone

from finsup.inspections import services as s
from finsup.inspections.choices import InspectionKind, TeamRole
from finsup.monitoring.choices import WarningLevel, WarningSource
from finsup.monitoring.services import warning_open
from tests.documents.issuing import sign_all_open

PLANNED = datetime.date(2026, 11, 2), datetime.date(2026, 11, 6)
EARLY_REASON = "被查机构经营场所将于计划进场日起装修，经协商提前进场"


def new_inspection(by, institution, *, kind=InspectionKind.THEMATIC, unannounced=False, title="", plan=None):
    return s.inspection_create(
        by=by,
        institution=institution,
        kind=kind,
        unannounced=unannounced,
        title=title or f"{institution.name}专项检查",
        scope_text="2025年1月1日至2026年9月30日的贷款业务与财务管理",
        legal_basis="《山东省地方金融条例》第四十二条",
        planned_start=PLANNED[0],
        planned_end=PLANNED[1],
        plan=plan,
    )


def staff(inspection, by, members):
    """Adds each (user, team role) and has each declare no conflict."""
    for user, role in members:
        member = s.member_add(by=by, inspection=inspection, user=user, team_role=role)
        s.member_declare(by=user, member=member, has_conflict=False, declaration="")
    return inspection


def team_of(office_users: dict):
    """A leader and a member from one office's users (lead supervisor and inspector)."""
    return [(office_users["lead_supervisor"], TeamRole.LEADER), (office_users["inspector"], TeamRole.MEMBER)]


def started(office_users, institution, *, kind=InspectionKind.THEMATIC, at=None, unannounced=False):
    by = office_users["inspector"]
    inspection = new_inspection(by, institution, kind=kind, unannounced=unannounced)
    staff(inspection, by, team_of(office_users))
    if not unannounced:
        s.inspection_notify(by=by, inspection=inspection)
    # A test's clock may stand before PLANNED: such a start needs its reason (ignored otherwise).
    return s.inspection_start(by=by, inspection=inspection, at=at, early_start_reason=EARLY_REASON)


def started_on(office_users, institution, day: datetime.date, *, kind=InspectionKind.THEMATIC):
    # At 9:00 that day; today before 9:00 (local time), now: a start cannot lie in the future.
    at = min(timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 0))), timezone.now())
    return started(office_users, institution, kind=kind, at=at)


def add_finding(by, inspection, *, title="贷款五级分类不准确", deadline=None, evidence=()):
    return s.finding_create(
        by=by,
        inspection=inspection,
        title=title,
        description="抽查20笔贷款中有3笔逾期90天以上仍列为关注类。",
        citation="《小额贷款公司监督管理暂行办法》第二十条",
        rule_id="ml2008_provision_adequacy",
        evidence=evidence,
        deadline=deadline,
    )


def to_rectification(office_users, institution, *, findings=1, deadline=None, sign=True):
    """An inspection through facts, report and opinion letter, with `findings` findings; its documents
    signed off (the rectification starts then) unless `sign` is false (they wait as drafts)."""
    by = office_users["inspector"]
    inspection = started(office_users, institution)
    for n in range(findings):
        add_finding(by, inspection, title=f"问题{n + 1}", deadline=deadline)
    present_and_report(by, inspection)
    inspection = s.inspection_issue_opinion(by=by, inspection=inspection, requirements=["逐项整改并报送整改报告"])
    return signed(inspection) if sign else inspection


def signed(inspection):
    """The inspection after a leader signed off its open documents (the opinion letter opens the
    rectification to the institution on the day it is signed)."""
    sign_all_open()
    inspection.refresh_from_db()
    return inspection


def present_and_report(by, inspection):
    s.inspection_present_facts(
        by=by, inspection=inspection, facts=["贷款分类不准确"], assessment="内控制度基本健全，贷款分类管理薄弱。"
    )
    return s.inspection_report(
        by=by,
        inspection=inspection,
        confirmed_by="张三",
        confirmed_on=timezone.localdate(),
        overview="检查组于2026年11月进场检查。",
    )


def upload(by, inspection, content=b"working paper", name="底稿.pdf"):
    return s.evidence_upload(by=by, inspection=inspection, file=ContentFile(content, name=name), description="底稿")


def make_warning(institution, title="单户贷款余额超过净资产10%"):
    warning, _created = warning_open(
        institution=institution,
        key=f"test:{institution.pk}:{title}",
        source=WarningSource.RULE_BREACH,
        level=WarningLevel.WARNING,
        title=title,
    )
    return warning
