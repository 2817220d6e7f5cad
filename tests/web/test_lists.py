"""The list kit (finsup.web.lists): paging with a total, sorting (names in pinyin order, in the
database and in memory), the filtered rows exported to Excel and read back with openpyxl."""

from __future__ import annotations

import datetime
from decimal import Decimal
from io import BytesIO

import pytest
from django.test import RequestFactory
from django.views.generic import ListView
from openpyxl import load_workbook

from finsup.core.collation import pinyin_key
from finsup.institutions.models import Institution
from finsup.web.lists import DATE, MONEY, NAME, NUMBER, RATIO, Column, ListPageMixin, sort_rows
from tests import factories as f

NAMES = ["张庄小额贷款有限公司", "阿里山融资担保有限公司", "北城民间资本管理有限公司", "成武小额贷款有限公司"]
PINYIN_ORDER = ["阿里山融资担保有限公司", "北城民间资本管理有限公司", "成武小额贷款有限公司", "张庄小额贷款有限公司"]

COLUMNS = (
    Column("name", "名称", "name", kind=NAME, order=("name",)),
    Column("capital", "实缴资本", "paid_in_capital", kind=MONEY, order=("paid_in_capital",)),
    Column("ratio", "比例", lambda i: Decimal("0.466505")),
    Column("share", "占比", lambda i: Decimal("0.25"), kind=RATIO),
    Column("since", "成立日期", "established_on", kind=DATE, order=("established_on",)),
    Column("code", "统一社会信用代码", "credit_code", export=False, table=False),
)


class InstitutionPage(ListPageMixin, ListView):
    template_name = "institutions/list.html"  # never rendered: the tests read the context
    columns = COLUMNS
    default_sort = "name"
    export_title = "机构名录"
    paginate_by = 3

    def get_queryset(self):
        qs = Institution.objects.all()
        q = self.request.GET.get("q")
        return qs.filter(name__contains=q) if q else qs

    def render_to_response(self, context, **kwargs):
        return context


def _page(query=""):
    request = RequestFactory().get("/list/" + query)
    return InstitutionPage.as_view()(request)


@pytest.fixture
def institutions(db):
    return [
        f.make_institution(
            name=name, registered_capital=Decimal(500_000_000), paid_in_capital=Decimal(100_000_000 + i * 12_345_678)
        )
        for i, name in enumerate(NAMES)
    ]


def test_pinyin_key_orders_names_as_read():
    assert sorted(NAMES, key=pinyin_key) == PINYIN_ORDER
    # In memory (and on SQLite) a name is read in context: 长 is chang in 长城. ICU's collation on
    # PostgreSQL reads each character one way (长 as zhang), so the shared tests avoid such names.
    assert pinyin_key("长城") < pinyin_key("成武") < pinyin_key("张庄")


def test_a_queryset_sorts_by_the_pinyin_collation(institutions):
    rows = sort_rows(Institution.objects.all(), COLUMNS, "name")
    assert [i.name for i in rows] == PINYIN_ORDER
    rows = sort_rows(Institution.objects.all(), COLUMNS, "-name")
    assert [i.name for i in rows] == PINYIN_ORDER[::-1]
    rows = sort_rows(Institution.objects.all(), COLUMNS, "-capital")
    assert [i.name for i in rows] == NAMES[::-1]


def test_a_list_sorts_in_memory_and_an_unknown_key_changes_nothing(institutions):
    rows = list(Institution.objects.order_by("pk"))
    assert [i.name for i in sort_rows(rows, COLUMNS, "name")] == PINYIN_ORDER
    assert sort_rows(rows, COLUMNS, "code") == rows  # not sortable
    assert sort_rows(rows, COLUMNS, "bogus") == rows


def test_pages_carry_the_total_and_a_page_past_the_end_shows_the_last(institutions):
    ctx = _page()
    assert ctx["listing"].total == 4
    assert [i.name for i in ctx["object_list"]] == PINYIN_ORDER[:3]
    ctx = _page("?page=2")
    assert [i.name for i in ctx["object_list"]] == PINYIN_ORDER[3:]
    assert [i.name for i in _page("?page=99")["object_list"]] == PINYIN_ORDER[3:]


def test_headers_link_to_the_other_direction_and_keep_the_filter(institutions):
    listing = _page("?q=小额&page=2")["listing"]
    assert listing.total == 2
    name, capital, ratio = listing.headers[:3]
    assert name.direction == "asc" and "sort=-name" in name.url and "q=" in name.url and "page" not in name.url
    assert capital.direction == "" and "sort=capital" in capital.url
    assert ratio.url == ""  # not sortable
    assert len(listing.headers) == 5  # the credit code is not a column of the table
    assert "export=xlsx" in listing.export_url and "q=" in listing.export_url


def test_the_export_holds_every_filtered_row_with_chinese_headers_wan_and_percent(institutions):
    request = RequestFactory().get("/list/?q=小额&sort=-name&export=xlsx")
    response = InstitutionPage.as_view()(request)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("名称", "实缴资本（万元）", "比例", "占比", "成立日期")
    assert [r[0] for r in rows[1:]] == ["张庄小额贷款有限公司", "成武小额贷款有限公司"]  # filtered, sorted, not paged
    capital = sheet.cell(row=3, column=2)  # 成武: 100,000,000 + 3 × 12,345,678 yuan
    assert capital.value == pytest.approx(10000 + 3 * 1234.5678) and capital.number_format == "#,##0.00"
    share = sheet.cell(row=2, column=4)
    assert share.value == pytest.approx(0.25) and share.number_format == "0.00%"
    assert sheet.cell(row=2, column=5).value == datetime.datetime(2015, 3, 1)
    codes = {i.credit_code for i in institutions}
    assert not codes & {v for r in rows for v in r}  # no identifier exported


def test_the_export_of_more_rows_than_a_page(institutions):
    response = InstitutionPage.as_view()(RequestFactory().get("/list/?export=xlsx"))
    sheet = load_workbook(BytesIO(response.content)).active
    assert sheet.max_row == 1 + 4


def test_number_columns_sort_numerically_in_memory():
    rows = [{"n": 10}, {"n": 9}, {"n": None}, {"n": 100}]
    column = Column("n", "n", lambda r: r["n"], kind=NUMBER, sortable=True)
    assert [r["n"] for r in sort_rows(rows, (column,), "n")] == [9, 10, 100, None]
    assert [r["n"] for r in sort_rows(rows, (column,), "-n")] == [100, 10, 9, None]
