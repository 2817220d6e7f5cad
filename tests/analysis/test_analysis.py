"""The monthly financial operation analysis: a month's surveys sent to the resident banks and insurers
of the register, answered by their own users, summed by field and county from the latest versions,
compared with the month before, and drafted into the analysis document whose text carries the figures."""

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from finsup.analysis import selectors, services
from finsup.analysis.models import AnalysisMonth
from finsup.core import clock
from finsup.core.errors import ApplicationError, PermissionDenied
from finsup.surveys import services as surveys
from finsup.surveys.models import Survey, SurveyRecipient
from tests import factories as f
from tests.conftest import LANSHAN, LUOZHUANG

pytestmark = pytest.mark.django_db
NOON = datetime.datetime(2026, 10, 12, 4, 0, tzinfo=datetime.UTC)  # noon in Linyi, Monday 12 October
SEPT, AUG = datetime.date(2026, 9, 1), datetime.date(2026, 8, 1)
DEADLINE = datetime.date(2026, 10, 20)


@pytest.fixture(autouse=True)
def fixed():
    with translation.override("zh-hans"), clock.at(NOON):
        yield


@pytest.fixture
def banks(world):
    icbc = f.make_partner(LANSHAN, "bank", "工商银行兰山支行")
    rcb = f.make_partner(LUOZHUANG, "bank", "罗庄农商银行")
    picc = f.make_partner(LANSHAN, "insurer", "人保财险临沂分公司")
    f.make_partner(LANSHAN, "department", "人民银行临沂市分行")
    world.icbc, world.rcb, world.picc = icbc, rcb, picc
    world.icbc_user = f.make_user("icbc", "partner", partner=icbc)
    world.rcb_user = f.make_user("rcb", "partner", partner=rcb)
    world.picc_user = f.make_user("picc", "partner", partner=picc)
    return world


def _answer(user, month, group, **values):
    recipient = SurveyRecipient.objects.get(
        survey__in=[s.survey for s in month.surveys.filter(group=group)], partner=user.partner
    )
    raw = {k: str(v) for k, v in values.items()}
    return surveys.answer_submit(
        recipient=recipient, by=user, raw=raw, channel="web", correction_reason=values.pop("_", "")
    )


def _bank(user, month, deposits, loans, npl, new=100):
    return _answer(user, month, "bank", deposits=deposits, loans=loans, loans_new=new, npl=npl)


def test_opening_a_month_sends_one_survey_per_group_to_the_partners_of_that_kind(banks):
    month = services.month_open(
        by=banks.city["clerk"], office=banks.city["clerk"].office, month=SEPT, deadline=DEADLINE
    )
    groups = {s.group: s.survey for s in month.surveys.all()}
    assert set(groups) == {"bank", "insurer"}
    assert groups["bank"].status == "sent" and groups["bank"].title == "2026年9月金融运行情况统计（银行业）"
    assert {r.partner.name for r in groups["bank"].recipients.all()} == {"工商银行兰山支行", "罗庄农商银行"}
    assert [r.partner.name for r in groups["insurer"].recipients.all()] == ["人保财险临沂分公司"]


def test_a_month_is_opened_once_never_in_advance_and_only_by_who_may(banks):
    clerk = banks.city["clerk"]
    services.month_open(by=clerk, office=clerk.office, month=datetime.date(2026, 9, 17), deadline=DEADLINE)
    with pytest.raises(ApplicationError, match="已经"):
        services.month_open(by=clerk, office=clerk.office, month=SEPT, deadline=DEADLINE)
    with pytest.raises(ApplicationError, match="尚未开始"):
        services.month_open(by=clerk, office=clerk.office, month=datetime.date(2026, 11, 1), deadline=DEADLINE)
    with pytest.raises(PermissionDenied):
        services.month_open(by=banks.city["inspector"], office=clerk.office, month=AUG, deadline=DEADLINE)
    assert AnalysisMonth.objects.count() == 1 and Survey.objects.count() == 2


def test_a_county_without_partners_is_told_so_and_nothing_is_written(banks):
    clerk = banks.luozhuang["clerk"]
    f.make_partner(LUOZHUANG, "department", "罗庄区财政局")
    Survey.objects.all().delete()
    from finsup.partners.models import Partner

    Partner.objects.filter(county__code=LUOZHUANG, kind="bank").update(kind="trust")
    with pytest.raises(ApplicationError, match="登记"):
        services.month_open(by=clerk, office=clerk.office, month=SEPT, deadline=DEADLINE)
    assert not AnalysisMonth.objects.exists() and not Survey.objects.exists()


def test_figures_sum_the_latest_answers_by_field_and_county(banks):
    clerk = banks.city["clerk"]
    month = services.month_open(by=clerk, office=clerk.office, month=SEPT, deadline=DEADLINE)
    _bank(banks.icbc_user, month, deposits=5000000, loans=4000000, npl=60000)
    _bank(banks.rcb_user, month, deposits=3000000, loans=2500000, npl=50000)
    figures = selectors.month_figures(month)
    assert figures.answered == 2 and figures.asked == 3
    assert figures.total("bank", "deposits") == Decimal("80000000000")  # 8,000,000 万元 in yuan
    assert figures.by_county["兰山区"][("bank", "loans")] == Decimal("40000000000")
    # a correction is the next version; the figures read the latest
    recipient = SurveyRecipient.objects.get(partner=banks.rcb, survey__title__contains="银行业")
    surveys.answer_submit(
        recipient=recipient,
        by=banks.rcb_user,
        raw={"deposits": "3100000", "loans": "2500000", "loans_new": "100", "npl": "50000"},
        channel="web",
        correction_reason="存款余额填报有误",
    )
    assert selectors.month_figures(month).total("bank", "deposits") == Decimal("81000000000")


def test_a_bank_cannot_answer_for_another_nor_report_npl_above_loans(banks):
    clerk = banks.city["clerk"]
    month = services.month_open(by=clerk, office=clerk.office, month=SEPT, deadline=DEADLINE)
    recipient = SurveyRecipient.objects.get(partner=banks.icbc, survey__title__contains="银行业")
    raw = {"deposits": "10", "loans": "10", "loans_new": "1", "npl": "1"}
    with pytest.raises(PermissionDenied):
        surveys.answer_submit(recipient=recipient, by=banks.rcb_user, raw=raw, channel="web")
    with pytest.raises(surveys.AnswerRejected):
        surveys.answer_submit(recipient=recipient, by=banks.icbc_user, raw=raw | {"npl": "11"}, channel="web")
    assert selectors.month_figures(month).answered == 0


def test_the_analysis_document_carries_the_figures_and_the_change_on_the_month_before(banks):
    clerk = banks.city["clerk"]
    with clock.at(datetime.datetime(2026, 9, 8, 4, 0, tzinfo=datetime.UTC)):
        august = services.month_open(by=clerk, office=clerk.office, month=AUG, deadline=datetime.date(2026, 9, 15))
        _bank(banks.icbc_user, august, deposits=4900000, loans=3900000, npl=60000)
        _bank(banks.rcb_user, august, deposits=3000000, loans=2400000, npl=50000)
    month = services.month_open(by=clerk, office=clerk.office, month=SEPT, deadline=DEADLINE)
    with pytest.raises(ApplicationError, match="尚无"):
        services.analysis_draft(by=clerk, month=month)
    _bank(banks.icbc_user, month, deposits=5000000, loans=4000000, npl=60000)
    _bank(banks.rcb_user, month, deposits=3000000, loans=2500000, npl=50000)
    document = services.analysis_draft(by=clerk, month=month)
    assert document.title == "2026年9月全市金融运行情况分析" and document.status == "draft"
    text = "\n".join(document.context["sections"])
    assert "各项存款余额8,000,000.00万元，比上月增加100,000.00万元，增长1.27%" in text
    assert "各项贷款余额6,500,000.00万元" in text and "不良贷款率1.69%" in text
    assert "兰山区：各项存款余额5,000,000.00万元" in text
    assert "未报：人保财险临沂分公司" in text


def test_pages_chart_the_months_and_show_a_month(banks, client_for):
    clerk = banks.city["clerk"]
    month = services.month_open(by=clerk, office=clerk.office, month=SEPT, deadline=DEADLINE)
    _bank(banks.icbc_user, month, deposits=5000000, loans=4000000, npl=60000)
    client = client_for(banks.city["auditor"])
    page = client.get("/analysis/").content.decode()
    assert "analysis-chart-data" not in page  # a month not all in is left out of the chart
    assert "2026年9月" in page and "5,000,000.00" in page
    _bank(banks.rcb_user, month, deposits=3000000, loans=2500000, npl=50000)
    _answer(banks.picc_user, month, "insurer", premiums=400000, claims=250000)
    page = client.get("/analysis/").content.decode()
    assert "analysis-chart-data" in page and "8,000,000.00" in page
    detail = client.get(f"/analysis/{month.pk}/").content.decode()
    assert "罗庄农商银行" in detail and "工商银行兰山支行" in detail and "draft-analysis" not in detail
    assert client_for(banks.lanshan["leader"]).get(f"/analysis/{month.pk}/").status_code == 404
    assert client_for(banks.icbc_user).get("/analysis/").status_code == 404


def test_the_office_enters_a_banks_figures_sent_in_a_spreadsheet_and_the_answer_names_who(banks):
    clerk = banks.city["clerk"]
    month = services.month_open(by=clerk, office=clerk.office, month=SEPT, deadline=DEADLINE)
    recipient = SurveyRecipient.objects.get(partner=banks.rcb, survey__title__contains="银行业")
    raw = {"deposits": "3000000", "loans": "2500000", "loans_new": "80000", "npl": "50000"}
    assert surveys.may_answer(clerk, recipient) and not surveys.may_answer(banks.lanshan["clerk"], recipient)
    with pytest.raises(PermissionDenied):
        surveys.answer_submit(recipient=recipient, by=banks.city["inspector"], raw=raw, channel="excel")
    answer = surveys.answer_submit(recipient=recipient, by=clerk, raw=raw, channel="excel")
    assert answer.submitted_by == clerk and selectors.month_figures(month).answered == 1
