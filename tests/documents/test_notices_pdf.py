"""The notices of rating results and of an annual-review conclusion and the outreach summary
report, each drafted by its record's step and signed off by a leader of its issuing office (one
LibreOffice run per office): the PDF text holds the title, the number, the addressee, the facts of
the record, the issuing office and the date."""

import datetime
import re
import shutil

import pytest

from finsup.documents import services
from finsup.documents.choices import KIND_TITLES
from finsup.licensing import services as licensing
from finsup.outreach import services as outreach
from finsup.ratings import services as ratings
from finsup.ratings.models import Rating
from tests.documents.issuing import signed_off
from tests.licensing.test_review_notice import conclude_with_conditions
from tests.outreach.factories import event, may_campaign
from tests.ratings.helpers import run_cycle
from tests.ratings.test_notices import WEAK


@pytest.fixture(autouse=True)
def _libreoffice():
    assert shutil.which("soffice"), "needs LibreOffice: apt-get install libreoffice-writer-nogui (.ci/run does)"


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text)  # pdftotext spaces digits from Chinese and breaks lines


def test_the_three_documents_print_what_their_records_hold(world, monkeypatch):
    clock = lambda moment: monkeypatch.setattr("django.utils.timezone.now", lambda: moment)  # noqa: E731
    review = conclude_with_conditions(world, clock)  # the clock at 2026-03-01
    county_notice = licensing.annual_review_notice_draft(by=world.lanshan["clerk"], review=review)

    cycle = run_cycle(
        world, year=2025, kind="microloan", institutions=[world.inst_lanshan, world.inst_luozhuang], scores=WEAK
    )
    rating = Rating.objects.get(cycle=cycle, institution=world.inst_lanshan)
    rating_notice = next(
        d for d in ratings.cycle_notices_draft(cycle=cycle, by=world.city["leader"]) if d.subject == rating
    )

    campaign = may_campaign(world.lanshan["clerk"], year=2025)
    event(campaign, world.lanshan["clerk"], audience=12345, copies=2000)
    campaign = outreach.campaign_complete(
        campaign=campaign, by=world.lanshan["clerk"], summary="群众防范意识明显增强。"
    )
    report = outreach.campaign_report_draft(campaign=campaign, by=world.lanshan["clerk"])

    # signed off by each issuing office's leader: one LibreOffice run per office
    county_notice, report = signed_off([county_notice, report], by=world.lanshan["leader"])
    rating_notice = signed_off(rating_notice, by=world.city["leader"])
    date = "2026年3月1日"  # the day of the sign-off

    text = _compact(services.document_pdf_text(rating_notice))
    for part in (
        KIND_TITLES[rating_notice.kind],
        rating_notice.number,
        f"{world.inst_lanshan.name}：",
        "临沂市金融工作办公室",
        date,
    ):
        assert part in text, part
    assert f"综合得分为{rating.final_total:.2f}分，评定为{rating.get_final_level_display()}级" in text
    assert "公司治理与内控（权重20%）：得分40分，扣减综合得分12分。理由：董事会未按章程召开。" in text

    text = _compact(services.document_pdf_text(county_notice))
    for part in (
        KIND_TITLES[county_notice.kind],
        county_notice.number,
        f"{world.inst_lanshan.name}：",
        world.inst_lanshan.county.name,
        date,
    ):
        assert part in text, part
    assert "你公司2025年度年审结论为：有条件通过。" in text and "请你公司于2026年4月30日前完成整改" in text

    text = _compact(services.document_pdf_text(report))
    for part in (
        KIND_TITLES[report.kind],
        report.number,
        "临沂市金融工作办公室：",
        world.inst_lanshan.county.name,
        date,
    ):
        assert part in text, part
    assert "覆盖群众12,345人次" in text and "发放宣传资料2,000份" in text and "签发人" in text
    assert datetime.date.fromisoformat(report.context["start_date"]) == datetime.date(2025, 5, 1)
