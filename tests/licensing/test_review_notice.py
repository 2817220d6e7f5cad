"""The notice of an annual-review conclusion: drafted by the county once the review is concluded,
with the conclusion, each item's result, the issues found, the requirements and the deadline."""

from __future__ import annotations

import datetime

import pytest

from finsup.core.errors import ApplicationError, InvalidTransition, PermissionDenied
from finsup.documents.choices import DocumentKind, DocumentStatus
from finsup.documents.models import OfficialDocument
from finsup.licensing import services
from finsup.licensing.choices import CheckItem, CheckResult, ReviewOutcome

from .helpers import at

pytestmark = pytest.mark.django_db


def conclude_with_conditions(world, clock):
    """A 2025 review of the Lanshan institution: every item met but the reports, passed with conditions."""
    clock(at(2026, 3, 1))
    clerk = world.lanshan["clerk"]
    review = services.annual_review_open(by=clerk, institution=world.inst_lanshan, year=2025)
    for check in review.checks.all():
        result = CheckResult.NOT_MET if check.item == CheckItem.REPORTS_ON_TIME else CheckResult.MET
        if check.result != result:
            services.annual_review_check_update(
                by=clerk, check=check, result=result, evidence="现场核实", remark="2025年10月月度报表逾期报送"
            )
    return services.annual_review_conclude(
        by=world.lanshan["lead_supervisor"],
        review=review,
        outcome=ReviewOutcome.PASS_WITH_CONDITIONS,
        reason="报表报送存在逾期",
        rectification_due=datetime.date(2026, 4, 30),
    )


def test_the_county_drafts_the_notice_of_the_conclusion(world, clock):
    review = conclude_with_conditions(world, clock)
    notice = services.annual_review_notice_draft(by=world.lanshan["clerk"], review=review)
    assert (notice.kind, notice.status, notice.word) == (DocumentKind.ANNUAL_REVIEW_NOTICE, DocumentStatus.DRAFT, "审")
    assert notice.office == world.inst_lanshan.county and notice.institution == world.inst_lanshan
    assert notice.subject == review
    context = notice.context
    assert (context["year"], context["outcome"], context["reasons"]) == ("2025", "有条件通过", "报表报送存在逾期")
    assert "报表报送完整及时：不符合" in context["items"] and "资本金足额到位且未抽逃：符合" in context["items"]
    [issue] = context["issues"]  # the item not met, with what the platform found
    assert issue.startswith("报表报送完整及时：2025年度应报报表36份：逾期报送0份，缺报36份")
    assert context["requirements"][0] == "我办拟对你公司予以警示" and len(context["requirements"]) == 2
    assert context["deadline"] == "2026-04-30"
    with pytest.raises(ApplicationError):  # one notice per review: revise it instead
        services.annual_review_notice_draft(by=world.lanshan["clerk"], review=review)


def test_no_notice_before_the_conclusion_nor_from_another_county(world, clock):
    clock(at(2026, 3, 1))
    review = services.annual_review_open(by=world.lanshan["clerk"], institution=world.inst_lanshan, year=2025)
    with pytest.raises(InvalidTransition):
        services.annual_review_notice_draft(by=world.lanshan["clerk"], review=review)
    with pytest.raises(PermissionDenied):
        services.annual_review_notice_draft(by=world.luozhuang["clerk"], review=review)
    with pytest.raises(PermissionDenied):
        services.annual_review_notice_draft(by=world.lanshan["inspector"], review=review)
    assert not OfficialDocument.objects.exists()


def test_the_review_page_offers_the_step_then_lists_the_draft(world, clock, client_for):
    review = conclude_with_conditions(world, clock)
    client = client_for(world.lanshan["clerk"])
    assert b'id="draft-notice"' in client.get(review.get_absolute_url()).content
    assert client.post(f"/licensing/reviews/{review.pk}/notice/").status_code == 302
    page = client.get(review.get_absolute_url()).content.decode()
    assert "年审结论通知书" in page and 'id="draft-notice"' not in page
