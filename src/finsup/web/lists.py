"""The list kit: every staff list is paginated with its total, sorted by its main columns (names
in pinyin order), filtered by the page's own filter, and exported to Excel as the filtered rows
under the page's Chinese headers (money in 万元, ratios as %, no identifiers).

A page declares its columns once; they give the sortable table headers and the workbook:

    class WarningListView(ScopedViewMixin, ListPageMixin, ListView):
        columns = (
            Column("institution", _("institution"), "institution.name", kind=NAME, order=("institution__name",)),
            Column("opened", _("opened at"), "opened_at", kind=DATETIME, order=("opened_at",)),
            ...
        )
        default_sort = "-opened"
        export_title = _("Risk warnings")

`get_queryset()` returns the filtered rows, a queryset or a list (rows computed in memory sort in
Python by the column's value). `?sort=key` / `?sort=-key` sorts; `?export=xlsx` answers the workbook
of every filtered row instead of the page.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from io import BytesIO
from typing import Any

from django.core.paginator import Paginator
from django.db.models import F, QuerySet
from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from finsup.core.clock import today
from finsup.core.collation import pinyin_key, pinyin_order
from finsup.core.numbers import WAN

# What a column holds, which decides its sort and its cell in the workbook.
TEXT, NAME, MONEY, RATIO, NUMBER, DATE, DATETIME = "text", "name", "money", "ratio", "number", "date", "datetime"

XLSX = "xlsx"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MONEY_FORMAT, RATIO_FORMAT, DATE_FORMAT, DATETIME_FORMAT = "#,##0.00", "0.00%", "yyyy-mm-dd", "yyyy-mm-dd hh:mm"


@dataclass(frozen=True)
class Column:
    """One column of a list. `value` is a dotted attribute path or a function of the row (a choice
    is given by its label, e.g. `lambda w: w.get_status_display()`). `order` names the model
    fields a queryset sorts on; `sortable` sorts rows in memory by the value. `table=False` keeps a
    column out of the page's headers (the workbook only); `export=False` the reverse."""

    key: str
    label: Any
    value: str | Callable[[Any], Any] = ""
    kind: str = TEXT
    order: tuple[str, ...] = ()
    sortable: bool = False
    table: bool = True
    export: bool = True
    css: str = ""

    @property
    def can_sort(self) -> bool:
        return bool(self.order) or self.sortable

    def read(self, row) -> Any:
        if callable(self.value):
            return self.value(row)
        value = row
        for part in (self.value or self.key).split("."):
            value = None if value is None else getattr(value, part, None)
        return value() if callable(value) else value

    def header(self) -> str:
        label = str(self.label)
        if self.kind == MONEY:
            return _("%(label)s (10k yuan)") % {"label": label}
        return label


# The columns most record lists share: the institution a record is about, sorted by name (pinyin), and
# the office over it.
INSTITUTION = Column(
    "institution", gettext_lazy("institution"), "institution.name", kind=NAME, order=("institution__name",)
)
INSTITUTION_OFFICE = Column(
    "office", gettext_lazy("office"), "institution.county.name", kind=NAME, order=("institution__county__code",)
)


@dataclass(frozen=True)
class Header:
    column: Column
    url: str  # the page sorted by this column ("" when it does not sort)
    direction: str  # "asc", "desc" or "" (not the current sort)


@dataclass
class Listing:
    """What a list template reads: the total, the sortable headers, the query for the pager."""

    total: int
    sort: str
    headers: list[Header] = field(default_factory=list)
    query: str = ""
    export_url: str = ""


def sort_rows(rows, columns: Sequence[Column], sort: str):
    """The rows in the order `sort` names ("key" or "-key"); an unknown key leaves them as they are.
    A queryset sorts in the database (names through the pinyin collation, then pk for a stable
    page); a list sorts in memory (names by their pinyin key, empty values last)."""
    key, descending = sort.lstrip("-"), sort.startswith("-")
    column = next((c for c in columns if c.key == key and c.can_sort), None)
    if column is None:
        return rows
    if isinstance(rows, QuerySet):
        terms = []
        for name in column.order:
            if column.kind == NAME:
                terms.append(pinyin_order(name, descending=descending))
            else:
                terms.append(F(name).desc(nulls_last=True) if descending else F(name).asc(nulls_last=True))
        return rows.order_by(*terms, "-pk" if descending else "pk")
    present = [r for r in rows if column.read(r) is not None]
    missing = [r for r in rows if column.read(r) is None]
    sort_key = (lambda r: pinyin_key(str(column.read(r)))) if column.kind in (NAME, TEXT) else column.read
    return sorted(present, key=sort_key, reverse=descending) + missing


def cell_value(column: Column, value):
    """A value as the workbook holds it: money in 万元, ratios as fractions shown as %, local
    times without zone (Excel has none), labels and lazy strings as text."""
    if value is None or value == "":
        return None
    if column.kind == MONEY:
        return Decimal(value) / WAN
    if column.kind in (RATIO, NUMBER):
        return value if isinstance(value, int | float | Decimal) else Decimal(str(value))
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return value.replace(tzinfo=None)
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return str(value)


CELL_FORMATS = {MONEY: MONEY_FORMAT, RATIO: RATIO_FORMAT, DATE: DATE_FORMAT, DATETIME: DATETIME_FORMAT}


def workbook(columns: Sequence[Column], rows: Iterable, *, title: str) -> bytes:
    """The rows as one sheet: a bold header of the columns' labels, one line per row."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=_sheet_title(title))
    exported = [c for c in columns if c.export]
    header = []
    for column in exported:
        cell = WriteOnlyCell(sheet, value=column.header())
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    for row in rows:
        cells = []
        for column in exported:
            cell = WriteOnlyCell(sheet, value=cell_value(column, column.read(row)))
            if column.kind in CELL_FORMATS:
                cell.number_format = CELL_FORMATS[column.kind]
            cells.append(cell)
        sheet.append(cells)
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def _sheet_title(title: str) -> str:
    # Excel: at most 31 characters, none of []:*?/\
    return "".join(ch for ch in str(title) if ch not in "[]:*?/\\")[:31] or "Sheet1"


def xlsx_response(columns: Sequence[Column], rows: Iterable, *, title: str) -> HttpResponse:
    response = HttpResponse(workbook(columns, rows, title=title), content_type=XLSX_TYPE)
    filename = f"{title}-{today():%Y%m%d}.xlsx"
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response


def _iterate(rows):
    return rows.iterator(chunk_size=2000) if isinstance(rows, QuerySet) else rows


class ListPageMixin:
    """For a ListView (or anything with get_queryset, get_context_data and render_to_response):
    sorts what `get_queryset()` returns by `?sort=`, answers `?export=xlsx` with the workbook of
    every filtered row, pages the rest and puts a `listing` in the context."""

    columns: Sequence[Column] = ()
    default_sort = ""
    export_title: Any = ""
    paginate_by = 25
    page_kwarg = "page"

    def current_sort(self) -> str:
        sort = self.request.GET.get("sort", "")
        if sort.lstrip("-") in {c.key for c in self.columns if c.can_sort}:
            return sort
        return self.default_sort

    def get(self, request, *args, **kwargs):
        rows = sort_rows(self.get_queryset(), self.columns, self.current_sort())
        if request.GET.get("export") == XLSX and self.export_title:
            return xlsx_response(self.columns, self.export_rows(rows), title=str(self.export_title))
        self.object_list = rows
        return self.render_to_response(self.get_context_data())

    def export_rows(self, rows) -> Iterable:
        """Every filtered row for the workbook, a queryset read in chunks (a page may wrap them)."""
        return _iterate(rows)

    def paginate_queryset(self, queryset, page_size):
        """A page number past the end shows the last page rather than 404 (a list that shrank)."""
        paginator = Paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["listing"] = self.listing(ctx.get("paginator"))
        ctx["query"] = ctx["listing"].query
        return ctx

    def listing(self, paginator) -> Listing:
        sort = self.current_sort()
        query = self.request.GET.copy()
        query.pop(self.page_kwarg, None)
        query.pop("export", None)
        base = query.copy()
        base.pop("sort", None)
        headers = []
        for column in self.columns:
            if not column.table:
                continue
            if not column.can_sort:
                headers.append(Header(column, "", ""))
                continue
            current = sort.lstrip("-") == column.key
            direction = ("desc" if sort.startswith("-") else "asc") if current else ""
            base["sort"] = f"-{column.key}" if direction == "asc" else column.key
            headers.append(Header(column, "?" + base.urlencode(), direction))
        export = query.copy()
        export["export"] = XLSX
        total = paginator.count if paginator is not None else len(self.object_list)
        return Listing(
            total=total,
            sort=sort,
            headers=headers,
            query=query.urlencode(),
            export_url="?" + export.urlencode() if self.export_title else "",
        )
