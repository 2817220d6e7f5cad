"""Annual review: the checklist pre-filled from the platform's data, judgement, conclusion with
the consequences to propose, permissions and scoping."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from finsup.core.errors import ApplicationError, InvalidTransition, PermissionDenied
from finsup.institutions.choices import InstitutionKind
from finsup.licensing import selectors, services
from finsup.licensing.choices import CheckItem, CheckResult, Consequence, ReviewOutcome
from finsup.licensing.models import AnnualReview
from finsup.monitoring.models import RiskWarning
from tests import factories as f

from .helpers import at, filing, person

pytestmark = pytest.mark.django_db
MET, NOT_MET, NOT_ASSESSED = CheckResult.MET, CheckResult.NOT_MET, CheckResult.NOT_ASSESSED


def results(review):
    return {c.item: c.result for c in review.checks.all()}


def test_checklist_is_prefilled_from_the_platforms_data(world, clock):
    clock(at(2026, 3, 1))
    inst = world.inst_lanshan
    RiskWarning.objects.create(
        institution=inst,
        key="k1",
        source="rule_breach",
        level="warning",
        title="单户贷款超限",
        status="rectifying",
        opened_at=timezone.now(),
    )
    person(inst, approval_status="filed", took_office_on=datetime.date(2020, 1, 1))
    filing(
        inst,
        world.clerk_lanshan_inst,
        "ml_monthly_financial",
        datetime.date(2025, 12, 1),
        datetime.date(2025, 12, 31),
        {"net_assets": "90000000.00"},
    )
    review = services.annual_review_open(by=world.lanshan["clerk"], institution=inst, year=2025)
    got = results(review)
    assert list(got) == [
        CheckItem.CAPITAL_INTACT,
        CheckItem.REPORTS_ON_TIME,
        CheckItem.AUDITED_STATEMENTS,
        CheckItem.RECTIFICATIONS_CLOSED,
        CheckItem.EXECUTIVES_GOOD_STANDING,
    ]
    assert got[CheckItem.CAPITAL_INTACT] == NOT_MET  # net assets below registered capital
    assert got[CheckItem.REPORTS_ON_TIME] == NOT_MET  # the monthly reports of 2025 are missing
    assert got[CheckItem.AUDITED_STATEMENTS] == NOT_ASSESSED  # not filed through the platform for microloans
    assert got[CheckItem.RECTIFICATIONS_CLOSED] == NOT_MET
    assert got[CheckItem.EXECUTIVES_GOOD_STANDING] == MET
    capital = review.checks.get(item=CheckItem.CAPITAL_INTACT)
    assert capital.computed and "90,000,000.00" in capital.evidence


def test_guarantee_company_checklist_and_the_two_year_rule(world, clock):
    clock(at(2026, 6, 1))
    g = f.make_institution("371302", kind=InstitutionKind.GUARANTEE)
    for year in (2024, 2025):
        filing(
            g,
            world.lanshan["clerk"],
            "gs_annual",
            datetime.date(year, 1, 1),
            datetime.date(year, 12, 31),
            {
                "issued_year": "0",
                "net_assets": "120000000",
                "audit_report_date": f"{year + 1}-03-31",
                "audit_firm": "某会计师事务所",
                "audit_opinion": "标准无保留",
            },
        )
    review = services.annual_review_open(by=world.lanshan["lead_supervisor"], institution=g, year=2025)
    got = results(review)
    assert got[CheckItem.GUARANTEE_BUSINESS] == NOT_MET
    assert got[CheckItem.AUDITED_STATEMENTS] == MET
    assert got[CheckItem.CAPITAL_INTACT] == MET
    assert services.suggested_consequences(review=review, outcome=ReviewOutcome.FAIL) == [
        Consequence.WARNING,
        Consequence.RECTIFICATION,
        Consequence.SUSPEND_BUSINESS,
        Consequence.LICENCE_LOSS,
    ]


def _judge_all(review, by, result=MET):
    for check in review.checks.all():
        if check.result != result:
            services.annual_review_check_update(
                by=by, check=check, result=result, evidence="现场核实", remark="核实后调整"
            )


def test_conclusion_rules_and_consequences_as_data(world, clock):
    clock(at(2026, 3, 1))
    clerk, supervisor = world.lanshan["clerk"], world.lanshan["lead_supervisor"]
    review = services.annual_review_open(by=clerk, institution=world.inst_lanshan, year=2025)
    with pytest.raises(ApplicationError):  # items not assessed
        services.annual_review_conclude(by=supervisor, review=review, outcome=ReviewOutcome.PASS, reason="")
    check = review.checks.get(item=CheckItem.AUDITED_STATEMENTS)
    with pytest.raises(ApplicationError):  # a changed result needs a remark
        services.annual_review_check_update(by=clerk, check=check, result=MET, evidence="审计报告", remark="")
    _judge_all(review, clerk)
    services.annual_review_check_update(
        by=clerk,
        check=review.checks.get(item=CheckItem.REPORTS_ON_TIME),
        result=NOT_MET,
        evidence="缺报",
        remark="缺报3期",
    )
    with pytest.raises(PermissionDenied):  # a clerk does not conclude
        services.annual_review_conclude(by=clerk, review=review, outcome=ReviewOutcome.FAIL, reason="x")
    with pytest.raises(ApplicationError):  # a failed item forbids a plain pass
        services.annual_review_conclude(by=supervisor, review=review, outcome=ReviewOutcome.PASS, reason="")
    with pytest.raises(ApplicationError):  # a rectification needs its deadline
        services.annual_review_conclude(
            by=supervisor, review=review, outcome=ReviewOutcome.PASS_WITH_CONDITIONS, reason="报表缺报"
        )
    review = services.annual_review_conclude(
        by=supervisor,
        review=review,
        outcome=ReviewOutcome.PASS_WITH_CONDITIONS,
        reason="报表缺报",
        rectification_due=datetime.date(2026, 4, 30),
    )
    data = services.review_consequences(review)
    assert [(d["kind"], d["due_on"], d["through_province"]) for d in data] == [
        (Consequence.WARNING, None, False),
        (Consequence.RECTIFICATION, datetime.date(2026, 4, 30), False),
    ]
    assert (
        data[0]["institution_id"] == world.inst_lanshan.pk and data[0]["outcome"] == ReviewOutcome.PASS_WITH_CONDITIONS
    )
    from finsup.inspections.models import Measure

    proposed = Measure.objects.filter(institution=world.inst_lanshan).order_by("pk")
    assert [(m.kind, m.status) for m in proposed] == [("warning", "proposed"), ("rectification_order", "proposed")]
    with pytest.raises(InvalidTransition):
        services.annual_review_check_update(by=clerk, check=check, result=NOT_MET, evidence="", remark="x")
    with pytest.raises(InvalidTransition):
        services.annual_review_conclude(by=supervisor, review=review, outcome=ReviewOutcome.FAIL, reason="x")


def test_a_plain_pass_has_no_consequences(world, clock):
    clock(at(2026, 3, 1))
    review = services.annual_review_open(by=world.lanshan["clerk"], institution=world.inst_lanshan, year=2025)
    _judge_all(review, world.lanshan["clerk"])
    review = services.annual_review_conclude(
        by=world.city["leader"], review=review, outcome=ReviewOutcome.PASS, reason=""
    )
    assert services.review_consequences(review) == []


def test_opening_rules_and_scoping(world, clock):
    clock(at(2026, 3, 1))
    with pytest.raises(ApplicationError):  # the year has not ended
        services.annual_review_open(by=world.lanshan["clerk"], institution=world.inst_lanshan, year=2026)
    with pytest.raises(PermissionDenied):
        services.annual_review_open(by=world.lanshan["inspector"], institution=world.inst_lanshan, year=2025)
    with pytest.raises(PermissionDenied):
        services.annual_review_open(by=world.luozhuang["clerk"], institution=world.inst_lanshan, year=2025)
    review = services.annual_review_open(by=world.city["clerk"], institution=world.inst_lanshan, year=2025)
    with pytest.raises(ApplicationError):  # once a year
        services.annual_review_open(by=world.lanshan["clerk"], institution=world.inst_lanshan, year=2025)
    assert list(selectors.review_list(actor=world.lanshan["auditor"])) == [review]
    for outsider in (world.luozhuang["leader"], world.clerk_lanshan_inst):
        assert list(selectors.review_list(actor=outsider)) == []
        with pytest.raises(AnnualReview.DoesNotExist):
            selectors.review_get(actor=outsider, pk=review.pk)
