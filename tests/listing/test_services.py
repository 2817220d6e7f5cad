"""The listing pipeline's services: a company entered and moved stage by stage (no skip, no silent
step back, listing with its stock code), subsidies and their payments within the grant, the
opinion drafted as an official document, restructurings; a refusal in Chinese changes nothing."""

import datetime
from decimal import Decimal

import docx
import pytest
from django.utils import translation

from finsup.audit.models import AuditEntry
from finsup.core.errors import ApplicationError, InvalidTransition
from finsup.documents.links import subject_link
from finsup.listing import services
from finsup.listing.models import Company, StageChange, Subsidy, SubsidyPayment

from .helpers import D, company, credit_code, listed_with_subsidy, on, to_listed

pytestmark = pytest.mark.django_db


def _state():
    return (
        list(Company.objects.values_list("stage", "stage_on", "stock_code")),
        StageChange.objects.count(),
        SubsidyPayment.objects.count(),
        AuditEntry.objects.count(),
    )


def test_a_company_moves_stage_by_stage_to_listed_with_its_stock_code(world):
    clerk = world.lanshan["clerk"]
    c = to_listed(clerk, company(clerk))
    assert c.stage == "listed" and c.stock_code == "301234" and c.listed_on == D(2025, 6, 30)
    stages = list(c.stages.values_list("from_stage", "to_stage"))
    assert stages == [
        ("", "cultivation"),
        ("cultivation", "tutoring"),
        ("tutoring", "application"),
        ("application", "approved"),
        ("approved", "listed"),
    ]
    assert c.stages.get(to_stage="listed").ipo_amount == Decimal("600000000.00")
    assert AuditEntry.objects.filter(subject=f"listing:company:{c.pk}").count() == 5


def test_a_skip_a_step_back_or_a_bad_date_is_refused_in_chinese_and_changes_nothing(world):
    clerk = world.lanshan["clerk"]
    c = company(clerk)
    before = _state()
    with on(D(2025, 5, 1)), translation.override("zh-hans"):
        with pytest.raises(InvalidTransition) as skip:
            services.company_stage_move(by=clerk, company=c, to_stage="listed", happened_on=D(2025, 5, 1), evidence="x")
        assert "培育" in skip.value.message and "上市" in skip.value.message
        with pytest.raises(ApplicationError) as early:
            services.company_stage_move(
                by=clerk, company=c, to_stage="tutoring", happened_on=D(2025, 1, 1), evidence="x"
            )
        assert "不能早于2025-03-03" in early.value.message
        with pytest.raises(ApplicationError):
            services.company_stage_move(
                by=clerk, company=c, to_stage="tutoring", happened_on=D(2025, 5, 1), evidence=""
            )
    assert _state() == before
    listed = to_listed(clerk, c)
    with on(D(2026, 1, 5)), pytest.raises(InvalidTransition):
        services.company_stage_move(
            by=clerk, company=listed, to_stage="approved", happened_on=D(2026, 1, 5), evidence="x"
        )


def test_listing_needs_the_stock_code(world):
    clerk = world.lanshan["clerk"]
    c = company(clerk)
    day = D(2025, 4, 1)
    with on(day):
        for stage in ("tutoring", "application", "approved"):
            c = services.company_stage_move(by=clerk, company=c, to_stage=stage, happened_on=day, evidence="公告")
        before = _state()
        with pytest.raises(ApplicationError) as refused:
            services.company_stage_move(by=clerk, company=c, to_stage="listed", happened_on=day, evidence="上市公告")
    assert refused.value.field == "stock_code" and _state() == before


def test_a_withdrawn_company_comes_back_only_to_cultivation(world):
    clerk = world.lanshan["clerk"]
    c = company(clerk)
    with on(D(2025, 4, 1)):
        c = services.company_stage_move(
            by=clerk, company=c, to_stage="withdrawn", happened_on=D(2025, 4, 1), evidence="企业来函"
        )
        with pytest.raises(InvalidTransition):
            services.company_stage_move(
                by=clerk, company=c, to_stage="tutoring", happened_on=D(2025, 4, 1), evidence="x"
            )
        c = services.company_stage_move(
            by=clerk, company=c, to_stage="cultivation", happened_on=D(2025, 4, 1), evidence="重新入库"
        )
    assert c.stage == "cultivation"


def test_the_credit_code_is_checked_and_unique(world):
    clerk = world.lanshan["clerk"]
    company(clerk, 1)
    bad = credit_code(2)[:-1] + ("0" if credit_code(2)[-1] != "0" else "1")
    for code in (bad, credit_code(1)):
        with on(D(2025, 3, 3)), pytest.raises(ApplicationError) as refused:
            services.company_register(
                by=clerk,
                office=clerk.office,
                name="某公司",
                credit_code=code,
                board="main",
                entered_on=D(2025, 3, 3),
                evidence="入库",
            )
        assert refused.value.field == "credit_code"
    assert Company.objects.count() == 1


def test_a_county_may_not_enter_a_company_in_another_county_and_an_auditor_none(world):
    with on(D(2025, 3, 3)), pytest.raises(ApplicationError):
        company(world.lanshan["clerk"], office=world.luozhuang["clerk"].office)
    with on(D(2025, 3, 3)), pytest.raises(ApplicationError):
        company(world.lanshan["auditor"])
    city_entered = company(world.city["clerk"], office=world.lanshan["clerk"].office)
    assert city_entered.office == world.lanshan["clerk"].office


def test_payments_never_exceed_the_grant(world):
    clerk = world.lanshan["clerk"]
    _c, subsidy = listed_with_subsidy(clerk, paid=1_500_000)
    with on(D(2025, 8, 1)):
        before = _state()
        with translation.override("zh-hans"), pytest.raises(ApplicationError) as refused:
            services.subsidy_pay(
                by=clerk, subsidy=subsidy, amount="500000.01", paid_on=D(2025, 8, 1), voucher="记-0802"
            )
        assert refused.value.field == "amount" and "50.00 万元" in refused.value.message
        assert _state() == before
        services.subsidy_pay(by=clerk, subsidy=subsidy, amount=500_000, paid_on=D(2025, 8, 1), voucher="记-0802")
    assert sum(p.amount for p in subsidy.payments.all()) == Decimal("2000000.00")


def test_a_subsidy_is_for_a_stage_reached(world):
    clerk = world.lanshan["clerk"]
    c = company(clerk)
    with on(D(2025, 8, 1)), pytest.raises(ApplicationError) as refused:
        services.subsidy_grant(
            by=clerk, company=c, basis="第四条", for_stage="tutoring", amount=500_000, granted_on=D(2025, 8, 1)
        )
    assert refused.value.field == "for_stage" and not Subsidy.objects.exists()


def test_the_opinion_is_drafted_as_a_document_of_the_county_office(world):
    clerk = world.lanshan["clerk"]
    c = company(clerk)
    with on(D(2025, 3, 10)):
        with pytest.raises(ApplicationError):  # cultivation: no application to give an opinion on
            services.opinion_draft(by=clerk, company=c, facts=["a"], opinion_text="b")
        c = services.company_stage_move(
            by=clerk, company=c, to_stage="tutoring", happened_on=D(2025, 3, 10), evidence="公告"
        )
        document = services.opinion_draft(
            by=clerk,
            company=c,
            facts=["该公司近三年无重大违法违规记录。"],
            opinion_text="同意该公司申请首次公开发行股票。",
        )
    assert document.title == "关于临沂智造科技股份有限公司首次公开发行股票并在创业板上市的审核意见"
    assert document.office == clerk.office and document.status == "draft" and document.word == "函"
    assert document.context["addressee"] == "中国证券监督管理委员会山东监管局"
    with document.docx.open("rb") as f:
        text = "\n".join(p.text for p in docx.Document(f).paragraphs)
    assert (
        "临沂智造科技股份有限公司（统一社会信用代码：" in text and "审核意见：同意该公司申请首次公开发行股票。" in text
    )
    assert "保荐机构为中泰证券" in text and "中国证券监督管理委员会山东监管局：" in text
    assert subject_link(clerk, document).url == c.get_absolute_url()  # the register links it back
    assert subject_link(world.luozhuang["clerk"], document) is None


def test_restructurings_of_a_listed_company_move_forward_only(world):
    clerk = world.lanshan["clerk"]
    c = company(clerk)
    with on(D(2025, 3, 10)), pytest.raises(ApplicationError):
        services.restructuring_add(
            by=clerk,
            company=c,
            kind="acquisition",
            office_role="guide",
            counterparty="某公司",
            started_on=D(2025, 3, 10),
        )
    c = to_listed(clerk, c)
    with on(D(2025, 9, 1)):
        r = services.restructuring_add(
            by=clerk,
            company=c,
            kind="acquisition",
            office_role="guide",
            counterparty="临沂新材料有限公司",
            amount=300_000_000,
            started_on=D(2025, 9, 1),
        )
        r = services.restructuring_update(
            by=clerk, restructuring=r, status="announced", happened_on=D(2025, 9, 1), note="披露预案"
        )
        with pytest.raises(InvalidTransition):
            services.restructuring_update(by=clerk, restructuring=r, status="planned", happened_on=D(2025, 9, 1))
    assert r.status == "announced" and r.updates.count() == 2
    assert datetime.date(2025, 9, 1) == r.status_on
