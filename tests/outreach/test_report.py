"""The campaign's summary report to the superior office: its figures from the record (events,
people reached, copies, views, materials, the counties of a city's May month) and the step."""

import datetime

import pytest

from finsup.core.errors import ApplicationError, InvalidTransition
from finsup.documents.choices import DocumentKind, DocumentStatus
from finsup.outreach import services
from finsup.outreach.report import outreach_report_context

from .factories import event, material, may_campaign

pytestmark = pytest.mark.django_db


@pytest.fixture
def may_2025(world):
    lanshan, luozhuang, city = world.lanshan["clerk"], world.luozhuang["clerk"], world.city["clerk"]
    a = may_campaign(lanshan, year=2025)
    event(a, lanshan, channel="community", audience=1200, copies=800)
    event(a, lanshan, channel="tv", audience=0, copies=0, views=15000)
    material(a, lanshan)
    b = may_campaign(luozhuang, year=2025)
    event(b, luozhuang, channel="community", audience=300, copies=100)
    c = may_campaign(city, year=2025)
    event(c, city, channel="web", audience=0, copies=0, views=2000)
    material(c, city)
    material(c, city, title="宣传折页", kind="leaflet")
    summary = "活动组织有序。\n群众防范意识明显增强。"
    return tuple(
        services.campaign_complete(campaign=campaign, by=clerk, summary=summary)
        for campaign, clerk in ((a, lanshan), (b, luozhuang), (c, city))
    )


def test_a_county_reports_its_own_campaign_to_the_city(world, may_2025):
    lanshan, _, _ = may_2025
    context = outreach_report_context(lanshan)
    assert context["addressee"] == "临沂市金融工作办公室"
    assert context["figures"] == [
        "共开展宣传活动2场次",
        "覆盖群众1,200人次",
        "发放宣传资料800份",
        "媒体宣传阅读收听收看15,000人次",
        "制作宣传材料1种",
    ]
    assert context["offices"] == []  # nothing below a county
    assert context["channels"] == [
        "电视：1场次，覆盖群众0人次，阅读收听收看15,000人次",
        "社区活动：1场次，覆盖群众1,200人次，阅读收听收看0人次",
    ]
    assert context["summary"] == ["活动组织有序。", "群众防范意识明显增强。"]
    assert (context["start_date"], context["end_date"]) == (datetime.date(2025, 5, 1), datetime.date(2025, 5, 31))


def test_the_city_reports_the_month_of_its_whole_jurisdiction(world, may_2025):
    _, _, city = may_2025
    context = outreach_report_context(city)
    assert context["addressee"] == world.city["clerk"].office.parent.name
    assert context["figures"][:3] == ["共开展宣传活动4场次", "覆盖群众1,500人次", "发放宣传资料900份"]
    assert "制作宣传材料3种" in context["figures"] and "覆盖2个县（区）" in context["figures"]
    assert context["offices"][0] == "本级：开展宣传活动1场次，覆盖群众0人次，发放宣传资料0份"
    assert len(context["offices"]) == 3


def test_no_report_for_a_campaign_still_open(world):
    campaign = may_campaign(world.lanshan["clerk"], year=2025)
    with pytest.raises(InvalidTransition):
        services.campaign_report_draft(campaign=campaign, by=world.lanshan["clerk"])
    with pytest.raises(ApplicationError):  # nor from another county
        services.campaign_report_draft(campaign=campaign, by=world.luozhuang["clerk"])


def test_the_county_drafts_its_report_to_the_city_once(world, may_2025, client_for):
    lanshan, _, _ = may_2025
    client = client_for(world.lanshan["clerk"])
    assert b'id="draft-report"' in client.get(lanshan.get_absolute_url()).content
    assert client.post(f"/outreach/{lanshan.pk}/report/").status_code == 302
    [report] = lanshan.office.documents.all()
    assert (report.kind, report.status, report.word) == (DocumentKind.OUTREACH_REPORT, DocumentStatus.DRAFT, "报")
    assert report.institution is None and report.subject == lanshan
    assert report.context["addressee"] == "临沂市金融工作办公室"
    page = client.get(lanshan.get_absolute_url()).content.decode()
    assert "宣传活动总结报告" in page and 'id="draft-report"' not in page
    with pytest.raises(ApplicationError):  # one report per campaign: revise it instead
        services.campaign_report_draft(campaign=lanshan, by=world.lanshan["clerk"])
