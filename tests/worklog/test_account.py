"""Issue 22 point 6: an office's yearly account of one duty (履职情况报告) drafted from its tasks and work
records item by item, signed off, its PDF carrying the records (pdftotext); who may draft it; and the
public portal's counts beside each item of the responsibility list (counts only, never the records)."""

import datetime
import re

import pytest
from django.utils import translation

from finsup.core.errors import ApplicationError, PermissionDenied
from finsup.documents.services import document_pdf_text
from finsup.worklog import services
from tests.documents.issuing import signed_off

from .helpers import liaison_task, on

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture(autouse=True)
def chinese():
    with translation.override("zh-hans"):
        yield


@pytest.fixture
def lanshan_year(world):
    """Lanshan's 2026 under duty 2: the liaison task of ⑤ (Q1 and Q2 due by 15 August; Q1 held as a
    meeting, Q2 not: overdue), a note under ⑨, and one record of 2025 that is not this year's."""
    leader, clerk = world.lanshan["leader"], world.lanshan["clerk"]
    with on(D(2026, 1, 5)):
        task = liaison_task(leader, clerk, D(2026, 1, 1))
    with on(D(2026, 4, 10)):
        services.meeting_record(
            by=clerk,
            office=clerk.office,
            item=5,
            title="一季度驻区金融机构联络会议",
            done_on=D(2026, 4, 10),
            attendees="区金融办，驻区各银行负责人",
            minutes="通报一季度辖区存贷款情况，协调小微企业续贷。",
            task=task,
            period_start=D(2026, 1, 1),
        )
    with on(D(2026, 6, 3)):
        services.note_record(
            by=clerk,
            office=clerk.office,
            item=9,
            title="排查地方金融风险隐患",
            done_on=D(2026, 6, 3),
            text="对辖区小额贷款公司逾期贷款开展专项排查。",
        )
    with on(D(2025, 11, 3)):
        services.note_record(
            by=clerk, office=clerk.office, item=9, title="去年的排查", done_on=D(2025, 11, 3), text="不计入本年。"
        )
    return world


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_the_report_of_a_duty_carries_its_records_and_overdue_periods_into_the_pdf(lanshan_year):
    leader = lanshan_year.lanshan["leader"]
    with on(D(2026, 9, 1)):
        draft = services.performance_report_draft(by=leader, office=leader.office, duty=2, year=2026)
        final = signed_off(draft)
    assert (
        draft.title
        == "兰山区金融工作办公室2026年度履职情况报告（负责推动全市金融发展,承担地方金融稳定和风险防范监管责任）"
    )
    assert draft.context["addressee"] == "临沂市金融工作办公室"
    text = _compact(document_pdf_text(final))
    assert final.number in text and "兰山区金融工作办公室2026年度履职情况报告" in text
    assert "⑤负责联系协调驻临沂金融机构" in text
    assert "应完成2期，按期完成1期，逾期未完成1期：驻临金融机构季度联络会议（6月期）" in text
    assert "2026年4月10日，召开“一季度驻区金融机构联络会议”：通报一季度辖区存贷款情况" in text
    assert "2026年6月3日，开展“排查地方金融风险隐患”：对辖区小额贷款公司逾期贷款开展专项排查" in text
    assert "去年的排查" not in text
    assert "⑩协调有关部门依法查处非法集资" in text and "本年度无工作记录" in text


def test_only_leaders_and_lead_supervisors_draft_it_for_a_year_that_has_begun(lanshan_year):
    with on(D(2026, 9, 1)):
        with pytest.raises(PermissionDenied):
            services.performance_report_draft(
                by=lanshan_year.lanshan["clerk"], office=lanshan_year.lanshan["clerk"].office, duty=2, year=2026
            )
        leader = lanshan_year.lanshan["leader"]
        with pytest.raises(ApplicationError, match="已开始"):
            services.performance_report_draft(by=leader, office=leader.office, duty=2, year=2027)
        with pytest.raises(ApplicationError, match="职责"):
            services.performance_report_draft(by=leader, office=leader.office, duty=7, year=2026)


def test_the_register_page_drafts_it_and_the_portal_counts_the_year(lanshan_year, client_for, client):
    leader = lanshan_year.lanshan["leader"]
    with on(D(2026, 9, 1)):
        page = client_for(leader).get("/worklog/").content.decode()
        assert 'id="account-form"' in page
        response = client_for(leader).post("/worklog/account/", {"duty": "2", "year": "2026"})
        assert response.status_code == 302 and response.url.startswith("/documents/")
        assert 'id="account-form"' not in client_for(lanshan_year.lanshan["clerk"]).get("/worklog/").content.decode()
        client.logout()
        portal = client.get("/responsibilities/").content.decode()
    assert "2026年：工作记录1条，会议1次" in portal  # item ⑤
    assert "通报一季度" not in portal  # counts only
