"""The listing pipeline's pages: the reserve with its filters, a company's page with its timeline,
subsidies in 万元, a company entered and a payment refused through the forms (nothing written),
another county's company out of reach, the yearly figures and their Excel file."""

import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from finsup.core.errors import ApplicationError
from finsup.documents.services import document_check, document_sign_off
from finsup.listing import services
from finsup.listing.models import Company, SubsidyPayment
from finsup.search.selectors import search
from finsup.worklog import services as worklog

from .helpers import D, company, credit_code, listed_with_subsidy, on

pytestmark = pytest.mark.django_db
SNAKE = re.compile(r">[^<]*\b[a-z]+_[a-z_]+\b[^<]*<")
TODAY = D(2026, 3, 2)


def _listed_with_subsidy(world):
    return listed_with_subsidy(world.lanshan["clerk"])


def test_the_reserve_and_a_company_page_in_chinese_with_money_in_wan(world, client):
    c, _subsidy = _listed_with_subsidy(world)
    client.force_login(world.city["leader"])
    with on(TODAY):
        html = client.get("/listing/?stage=listed").content.decode()
        assert c.name in html and "301234" in html and "创业板" in html
        assert c.name not in client.get("/listing/?stage=tutoring").content.decode()
        page = client.get(f"/listing/{c.pk}/").content.decode()
    assert "上市公告书" in page and "辅导备案" in page and "123.45" in page and "200.00" in page and "万元" in page
    assert "60,000.00" in page  # raised at listing: 6亿元
    main = re.sub(r"\b(lanshan|city|luozhuang)_[a-z_]+\b", "", page[page.index("<main") :])
    assert not SNAKE.search(main), SNAKE.search(main)


def test_another_county_institutions_and_the_public_see_nothing(world, client):
    c = company(world.lanshan["clerk"])
    for user in (world.luozhuang["leader"], world.clerk_lanshan_inst):
        client.force_login(user)
        assert client.get(f"/listing/{c.pk}/").status_code == 404
    client.force_login(world.luozhuang["leader"])
    assert c.name not in client.get("/listing/").content.decode()
    client.logout()
    assert client.get(f"/listing/{c.pk}/").status_code == 302


def test_a_company_is_entered_through_the_form(world, client):
    client.force_login(world.city["clerk"])
    lanshan = world.lanshan["clerk"].office
    data = {
        "office": lanshan.pk,
        "name": "临沂新能源股份有限公司",
        "credit_code": credit_code(7),
        "board": "main",
        "entered_on": "2026-03-02",
        "evidence": "入库通知",
    }
    with on(TODAY):
        bad = client.post("/listing/new/", data | {"credit_code": "91371302MA00000000"})
        assert bad.status_code == 400 and not Company.objects.exists()
        response = client.post("/listing/new/", data)
    c = Company.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/listing/{c.pk}/" and c.office == lanshan


def test_a_payment_above_the_grant_is_refused_on_the_page(world, client):
    c, subsidy = _listed_with_subsidy(world)
    client.force_login(world.lanshan["clerk"])
    with on(TODAY):
        response = client.post(
            f"/listing/subsidies/{subsidy.pk}/pay/",
            {
                f"pay-{subsidy.pk}-amount": "80",
                f"pay-{subsidy.pk}-paid_on": "2026-03-01",
                f"pay-{subsidy.pk}-voucher": "记-1",
            },
        )
    assert response.status_code == 400 and "超过奖补余额" in response.content.decode()
    assert SubsidyPayment.objects.count() == 1


def test_the_yearly_figures_and_their_excel(world, client):
    _listed_with_subsidy(world)
    company(world.luozhuang["clerk"], 2, name="罗庄后备企业")
    client.force_login(world.city["leader"])
    with on(TODAY):
        html = client.get("/listing/figures/?year=2025").content.decode()
        assert client.get("/listing/figures/?year=1999").status_code == 404
        response = client.get("/listing/figures.xlsx?year=2025")
    table = html[html.index('id="figures"') :]
    assert "兰山" in table and "罗庄" in table and "60,000.00" in table and "123.45" in table
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    total = rows[-1]
    assert total[-3] == 1 and float(total[-2]) == 60000.0 and float(total[-1]) == 123.45


def test_the_reserve_page_costs_the_same_queries_for_more_companies(world, client, django_assert_max_num_queries):
    clerk = world.lanshan["clerk"]
    company(clerk, 1, name="甲公司")
    client.force_login(world.city["leader"])
    with on(TODAY):
        with CaptureQueriesContext(connection) as one:
            client.get("/listing/")
        for n in range(2, 6):
            company(clerk, n, name=f"公司{n}")
        with django_assert_max_num_queries(len(one.captured_queries)):
            html = client.get("/listing/").content.decode()
    assert "公司5" in html


def test_a_work_record_of_the_duty_register_links_a_company(world, client):
    clerk = world.lanshan["clerk"]
    c = company(clerk)
    with on(D(2025, 3, 5)):
        record = worklog.link_record(
            by=clerk,
            office=clerk.office,
            item=15,
            source=f"listing.company:{c.pk}",
            done_on=D(2025, 3, 5),
            text="走访企业",
        )
    assert record.source == f"listing.company:{c.pk}" and c.name in record.source_label
    with on(D(2025, 3, 5)):
        with pytest.raises(ApplicationError):  # another county's clerk cannot link it
            worklog.link_record(
                by=world.luozhuang["clerk"],
                office=world.luozhuang["clerk"].office,
                item=15,
                source=f"listing.company:{c.pk}",
                done_on=D(2025, 3, 5),
            )


def test_the_staff_search_finds_a_company_by_name_code_or_stock_code_within_reach(world):
    c, _subsidy = _listed_with_subsidy(world)

    def found(actor, text):
        return [h.url for g in search(actor=actor, text=text) if g.key == "listing" for h in g.hits]

    for text in ("智造科技", c.credit_code, "301234"):
        assert found(world.city["leader"], text) == [c.get_absolute_url()], text
    assert found(world.luozhuang["leader"], "智造科技") == []
    assert found(world.clerk_lanshan_inst, "智造科技") == []


def test_the_staff_search_finds_the_signed_opinion_which_has_no_institution(world):
    clerk = world.lanshan["clerk"]
    c = company(clerk)
    with on(D(2025, 3, 10)):
        c = services.company_stage_move(
            by=clerk, company=c, to_stage="tutoring", happened_on=D(2025, 3, 10), evidence="公告"
        )
        draft = services.opinion_draft(by=clerk, company=c, facts=["无违法违规记录。"], opinion_text="同意。")
        checked = document_check(document=draft, by=world.lanshan["lead_supervisor"])
        final = document_sign_off(document=checked, by=world.lanshan["leader"])
    hits = [h for g in search(actor=world.city["leader"], text="智造科技") if g.key == "documents" for h in g.hits]
    assert [h.title for h in hits] == [f"{final.number} {final.title}"]
    assert hits[0].detail.startswith("中国证券监督管理委员会山东监管局")
