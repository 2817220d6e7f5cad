"""County supervision summaries and the city's consolidated statement: only accepted and confirmed
filings count; sums, ratios (undefined on a zero denominator), warnings and filing states; the
Excel and DOCX files; who may download what."""

from __future__ import annotations

import datetime
import io
import zipfile
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone
from docx import Document
from openpyxl import load_workbook

from finsup.audit.models import AuditEntry
from finsup.institutions.choices import InstitutionKind
from finsup.monitoring.models import RiskWarning
from finsup.reporting import guards as filing_guards
from finsup.reporting.models import Submission
from finsup.reporting.summaries import data, excel
from finsup.reporting.summaries.docx import narrative_docx
from finsup.reporting.summaries.periods import summary_period
from finsup.reporting.summaries.specs import LATEST, SUM
from tests import factories as f

H1 = summary_period("2026H1")
TODAY = datetime.date(2026, 11, 27)
LANSHAN, LUOZHUANG, CITY = "371302", "371311", "371300"


def _month(year: int, month: int) -> tuple[datetime.date, datetime.date]:
    start = datetime.date(year, month, 1)
    end = (start + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
    return start, end


def _quarter(year: int, q: int) -> tuple[datetime.date, datetime.date]:
    start = datetime.date(year, 3 * q - 2, 1)
    return start, _month(year, 3 * q)[1]


def _at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))


def file(inst, code, period, status, version=1, filed_days_after_end=5, **values) -> Submission:
    start, end = period
    return Submission.objects.create(
        institution=inst,
        office=inst.county,
        report_code=code,
        report_version=2 if code in ("ml_monthly_funding", "ml_monthly_business", "gs_quarterly") else 1,
        period_start=start,
        period_end=end,
        version=version,
        status=status,
        values={k: str(v) for k, v in values.items()},
        channel="web",
        submitted_by=f.make_user(f"filer{Submission.objects.count()}", "institution", institution=inst),
        submitted_at=_at(end + datetime.timedelta(days=filed_days_after_end)),
        status_changed_at=_at(end + datetime.timedelta(days=filed_days_after_end + 1)),
    )


@pytest.fixture
def filings(world):
    """Lanshan: microloans A and B and a guarantee company; Luozhuang: one microloan."""
    a, c = world.inst_lanshan, world.inst_luozhuang
    b = f.make_institution(LANSHAN)
    g = f.make_institution(LANSHAN, kind=InstitutionKind.GUARANTEE, name="测试融资担保有限公司")
    funding = "ml_monthly_funding"
    # A: two accepted months; the June figures are the balances.
    file(
        a,
        funding,
        _month(2026, 5),
        "accepted",
        loans_total="10000000.00",
        npl_total="300000.00",
        loan_loss_provisions="450000.00",
        net_assets="50000000.00",
        nonstandard_funding_total="5000000.00",
    )
    file(
        a,
        funding,
        _month(2026, 6),
        "accepted",
        loans_total="12000000.00",
        npl_total="600000.00",
        loan_loss_provisions="900000.00",
        net_assets="51000000.00",
        nonstandard_funding_total="6000000.00",
    )
    file(a, "ml_monthly_business", _month(2026, 5), "accepted", disbursed_month="2000000.00")
    file(a, "ml_monthly_business", _month(2026, 6), "confirmed", disbursed_month="3000000.00")
    file(a, "ml_monthly_business", _month(2026, 4), "submitted", disbursed_month="9999999.00")  # not counted
    # B: June accepted (no provisions); July is outside the half-year; a returned filing does not count.
    file(
        b,
        funding,
        _month(2026, 6),
        "accepted",
        loans_total="8000000.00",
        npl_total="400000.00",
        loan_loss_provisions="0.00",
        net_assets="30000000.00",
        nonstandard_funding_total="0.00",
    )
    file(b, funding, _month(2026, 7), "accepted", loans_total="99999999.00", npl_total="0.00")
    file(b, "ml_monthly_business", _month(2026, 6), "returned", disbursed_month="7777777.00")
    file(b, "ml_monthly_business", _month(2025, 12), "accepted", disbursed_month="1111111.00")
    # G: Q1 corrected (v1 superseded), Q2 accepted with zero net assets.
    q1_old = file(g, "gs_quarterly", _quarter(2026, 1), "superseded", issued_quarter="5000000.00")
    q1 = file(
        g,
        "gs_quarterly",
        _quarter(2026, 1),
        "accepted",
        version=2,
        issued_quarter="1000000.00",
        net_assets="20000000.00",
        guarantee_liability_balance="30000000.00",
    )
    with filing_guards.lifted(connection):
        Submission.objects.filter(pk=q1.pk).update(supersedes=q1_old)
    file(
        g,
        "gs_quarterly",
        _quarter(2026, 2),
        "accepted",
        filed_days_after_end=30,
        issued_quarter="2000000.00",
        net_assets="0.00",
        guarantee_liability_balance="1000000.00",
    )
    # Luozhuang.
    file(
        c,
        funding,
        _month(2026, 6),
        "accepted",
        loans_total="5000000.00",
        npl_total="1000000.00",
        loan_loss_provisions="500000.00",
        net_assets="40000000.00",
        nonstandard_funding_total="0.00",
    )
    return {"a": a, "b": b, "g": g, "c": c}


def _warning(inst, key, level, source, opened, closed=None):
    return RiskWarning.objects.create(
        institution=inst,
        key=key,
        source=source,
        level=level,
        title=f"预警{key}",
        status="closed" if closed else "open",
        opened_at=_at(opened),
        closed_at=_at(closed) if closed else None,
    )


def test_the_table_names_real_fields_of_the_kinds_reports():
    from finsup.reporting.catalogue_access import catalogue

    for kind, specs in data.FIGURES.items():
        keys = {s.key for s in specs}
        for spec in specs:
            assert catalogue()[spec.report].kind == kind
            assert spec.mode in (LATEST, SUM)
            assert spec.type in ("money", "count"), spec
        for ratio in data.RATIOS[kind]:
            assert {ratio.numerator, ratio.denominator} <= keys


def test_county_summary_counts_only_accepted_and_confirmed_filings(filings):
    summary = data.office_summary(office=f.office(LANSHAN), period=H1, today=TODAY)
    micro = summary.kind(InstitutionKind.MICROLOAN)
    assert micro.institutions == 2 and micro.reporting == 2
    # June balances of A and B (B's July and Luozhuang's filing are not in it).
    assert micro.value("loans_total") == Decimal("20000000.00")
    assert micro.value("npl_total") == Decimal("1000000.00")
    assert micro.value("provisions") == Decimal("900000.00")
    assert micro.value("net_assets") == Decimal("81000000.00")
    # Flows: A's May + June; not A's submitted April, B's returned June or B's December.
    assert micro.value("disbursed") == Decimal("5000000.00")
    assert micro.value("npl_ratio") == Decimal("0.05")
    assert micro.value("provision_coverage") == Decimal("0.9")

    rows = {r.institution.pk: r for r in micro.rows}
    assert rows[filings["a"].pk].value("loans_total") == Decimal("12000000.00")
    assert rows[filings["a"].pk].value("npl_ratio") == Decimal("0.05")
    assert rows[filings["b"].pk].value("disbursed") is None  # nothing accepted
    assert rows[filings["b"].pk].value("provision_coverage") == Decimal("0")


def test_zero_denominator_gives_no_ratio_and_superseded_filings_do_not_count(filings):
    summary = data.office_summary(office=f.office(LANSHAN), period=H1, today=TODAY)
    guarantee = summary.kind(InstitutionKind.GUARANTEE)
    assert guarantee.value("issued") == Decimal("3000000.00")  # Q1 v2 + Q2, not the superseded v1
    assert guarantee.value("net_assets") == Decimal("0")
    assert guarantee.value("leverage") is None
    assert next(c for c in guarantee.ratios if c.spec.key == "leverage").display == "—"
    empty = summary.kind(InstitutionKind.PRIVATE_CAPITAL)
    assert empty.institutions == 0 and empty.value("agri_share") is None


def test_filing_states_and_warnings_of_the_period(filings):
    a, g = filings["a"], filings["g"]
    _warning(a, "w1", "serious", "rule_breach", datetime.date(2026, 3, 2), closed=datetime.date(2026, 6, 20))
    _warning(a, "w2", "warning", "late_filing", datetime.date(2026, 6, 1), closed=datetime.date(2026, 7, 5))
    _warning(g, "w3", "info", "rule_breach", datetime.date(2026, 5, 1))
    _warning(a, "w4", "critical", "rule_breach", datetime.date(2026, 8, 1))  # second half
    summary = data.office_summary(office=f.office(LANSHAN), period=H1, today=TODAY)
    w = summary.warnings
    assert (w.total.opened, w.total.closed, w.total.still_open) == (3, 1, 2)
    levels = {t.key: (t.opened, t.closed) for t in w.by_level}
    assert levels == {"info": (1, 0), "warning": (1, 0), "serious": (1, 1), "critical": (0, 0)}
    sources = {t.key: t.opened for t in w.by_source}
    assert sources["rule_breach"] == 2 and sources["late_filing"] == 1

    rows = {r.institution.pk: r for r in summary.rows}
    # A owes three monthly reports for six months: five filed (one still submitted), on time.
    counts = rows[a.pk].filings
    assert (counts.on_time, counts.late, counts.missing, counts.accepted) == (5, 0, 13, 4)
    assert rows[a.pk].warnings == 2
    # G's Q2 came 30 days after the quarter, past the 15-day deadline.
    assert rows[g.pk].filings.late == 1 and rows[g.pk].filings.on_time == 1
    assert summary.filings.as_of == datetime.date(2026, 7, 15)  # the quarterly deadline, the longest of a half-year
    assert data.obligations_as_of(summary_period("2025"), TODAY) == datetime.date(2026, 4, 30)  # annual: 120 days
    assert summary.filings.problems[0].state == "missing"
    assert any(p.state == "late" and p.institution == g for p in summary.filings.problems)


def test_city_consolidation_has_a_line_per_county_and_the_total(filings):
    summary = data.office_summary(office=f.office(CITY), period=H1, today=TODAY)
    consolidation = data.consolidate(summary)
    micro = next(k for k in consolidation.kinds if k.kind == InstitutionKind.MICROLOAN)
    lines = {line.office.code: line.summary for line in micro.lines}
    assert len(lines) == 15  # twelve counties and three zones
    assert lines[LANSHAN].value("loans_total") == Decimal("20000000.00")
    assert lines[LUOZHUANG].value("loans_total") == Decimal("5000000.00")
    assert lines["371312"].institutions == 0
    assert lines["371312"].value("loans_total") is None and lines["371312"].value("npl_ratio") is None
    assert micro.total.value("loans_total") == Decimal("25000000.00")
    assert micro.total.value("npl_ratio") == Decimal("0.08")  # 2,000,000 / 25,000,000, not a sum of ratios
    assert micro.total.institutions == 3


def _rows(ws):
    return [list(r) for r in ws.iter_rows(values_only=True)]


def test_county_workbook_has_its_sheets_and_figures_in_wan_yuan(filings):
    summary = data.office_summary(office=f.office(LANSHAN), period=H1, today=TODAY)
    wb = load_workbook(io.BytesIO(excel.summary_workbook(summary)))
    assert wb.sheetnames == ["汇总", "机构明细", "风险预警", "报送情况"]
    rows = _rows(wb["汇总"])
    assert rows[0][0] == "兰山区2026年上半年地方金融机构监管报告"
    assert any("数据来源：已受理报表" in (r[0] or "") for r in rows[:5])
    loans = next(r for r in rows if r[0] == "小额贷款公司" and r[1] == "各项贷款余额")
    assert loans[2] == pytest.approx(2000) and loans[3] == "万元"
    ratio = next(r for r in rows if r[1] == "融资担保放大倍数")
    assert ratio[2] == "—"
    cell = next(c for c in wb["汇总"]["C"] if c.value == pytest.approx(2000))
    assert cell.number_format == "#,##0.00"


def test_city_consolidated_total_line_is_the_sum_of_the_county_lines(filings):
    consolidation = data.consolidate(data.office_summary(office=f.office(CITY), period=H1, today=TODAY))
    wb = load_workbook(io.BytesIO(excel.consolidated_workbook(consolidation)))
    assert wb.sheetnames == ["小额贷款公司", "融资性担保机构", "民间资本管理机构", "民间融资登记服务机构"]
    for ws in wb.worksheets:
        rows = _rows(ws)
        head = next(i for i, r in enumerate(rows) if r[0] == "县区")
        titles = rows[head]
        body = [r for r in rows[head + 1 :] if r[0] is not None]
        total = body[-1]
        assert total[0] == "合计" and len(body) == 16
        for col, title in enumerate(titles[1:], start=1):
            if title.endswith(("（万元）", "（家）", "（笔）")):
                numbers = [r[col] for r in body[:-1] if isinstance(r[col], int | float)]
                if not numbers:  # no county has the figure: no data, not zero
                    assert total[col] == "—", (ws.title, title)
                    continue
                assert total[col] == pytest.approx(sum(numbers)), (ws.title, title)
    micro = _rows(wb["小额贷款公司"])
    lanshan = next(r for r in micro if r[0] == "兰山区")
    total = next(r for r in micro if r[0] == "合计")
    assert lanshan[1] == 2 and total[1] == 3
    assert total[3] == pytest.approx(2500)  # 各项贷款余额, 万元


def test_narrative_docx_is_an_official_document(filings):
    summary = data.office_summary(office=f.office(LANSHAN), period=H1, today=TODAY)
    content = narrative_docx(summary)
    doc = Document(io.BytesIO(content))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "兰山区2026年上半年地方金融机构监管报告" in text
    assert "兰山区金融工作办公室" in text
    assert "兰金办〔" in text and "〕__号" in text
    assert "各项贷款余额2,000.00万元" in text
    assert "不良贷款率为5.00%" in text
    assert "融资担保放大倍数因分母为零无法计算" in text
    for heading in ("一、基本情况", "二、业务运行情况", "三、风险预警及处置情况", "四、报表报送情况", "五、下一步工作"):
        assert heading in text
    section = doc.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    assert [round(m.mm) for m in (section.top_margin, section.bottom_margin)] == [37, 35]
    assert [round(m.mm) for m in (section.left_margin, section.right_margin)] == [28, 26]
    head = doc.paragraphs[0].runs[0]
    assert head.text == "临沂市兰山区金融工作办公室"  # the full name: the city in front
    assert head.font.color.rgb is not None and str(head.font.color.rgb) == "FF0000"
    xml = zipfile.ZipFile(io.BytesIO(content)).read("word/document.xml").decode()
    assert 'w:color w:val="FF0000"' in xml
    assert 'w:eastAsia="仿宋_GB2312"' in xml
    body_run = next(p for p in doc.paragraphs if p.text.startswith("现将")).runs[0]
    assert body_run.font.size.pt == 16
    assert (
        body_run._element.rPr.rFonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia")
        == "仿宋_GB2312"
    )


# -- Pages and downloads ------------------------------------------------------------------------


def test_county_user_sees_only_the_own_county(filings, world, client_for):
    client = client_for(world.lanshan["leader"])
    assert client.get(f"/filings/summaries/{LANSHAN}/2026H1.xlsx").status_code == 200
    assert client.get(f"/filings/summaries/{LANSHAN}/2026H1.docx").status_code == 200
    assert client.get(f"/filings/summaries/{LUOZHUANG}/2026H1.xlsx").status_code == 404
    assert client.get(f"/filings/summaries/{LUOZHUANG}/2026H1.docx").status_code == 404
    assert client.get(f"/filings/summaries/{CITY}/2026H1.xlsx").status_code == 404
    assert client.get("/filings/summaries/city/2026H1.xlsx").status_code == 404
    assert client.get(f"/filings/summaries/?office={LUOZHUANG}").status_code == 404
    page = client.get("/filings/summaries/?period=2026H1")
    assert page.status_code == 200
    assert [o.code for o in page.context["offices"]] == [LANSHAN]
    assert page.context["summary"].kind(InstitutionKind.MICROLOAN).value("loans_total") == Decimal("20000000.00")


def test_city_user_may_choose_any_county_and_download_the_consolidation(filings, world, client_for):
    client = client_for(world.city["inspector"])
    page = client.get(f"/filings/summaries/?office={CITY}&period=2026H1")
    assert page.status_code == 200
    assert page.context["consolidation"] is not None
    assert "/filings/summaries/city/2026H1.xlsx" in page.content.decode()
    assert len(page.context["offices"]) == 16
    response = client.get("/filings/summaries/city/2026H1.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    assert client.get(f"/filings/summaries/{LUOZHUANG}/2026H1.docx").status_code == 200
    assert client.get(f"/filings/summaries/{LUOZHUANG}/2026Q1.xlsx").status_code == 404
    assert client.get("/filings/summaries/?period=nonsense").status_code == 404


def test_institution_users_get_404(filings, world, client_for):
    client = client_for(world.clerk_lanshan_inst)
    assert client.get("/filings/summaries/").status_code == 404
    assert client.get(f"/filings/summaries/{LANSHAN}/2026H1.xlsx").status_code == 404


def test_every_download_is_audited(filings, world, client_for):
    client = client_for(world.city["leader"])
    before = AuditEntry.objects.filter(action="export", object_type="reporting.summary").count()
    client.get(f"/filings/summaries/{LANSHAN}/2026H1.xlsx")
    client.get(f"/filings/summaries/{LANSHAN}/2026H1.docx")
    client.get("/filings/summaries/city/2025.xlsx")
    entries = AuditEntry.objects.filter(action="export", object_type="reporting.summary").order_by("seq")
    assert entries.count() == before + 3
    assert [e.object_id for e in entries][-3:] == [
        f"{LANSHAN}/2026H1/xlsx",
        f"{LANSHAN}/2026H1/docx",
        f"{CITY}/2025/consolidated_xlsx",
    ]
    assert entries.last().actor_id == world.city["leader"].pk


def test_summary_page_query_count_does_not_grow_with_institutions(
    filings, world, client_for, django_assert_max_num_queries
):
    client = client_for(world.city["leader"])
    with django_assert_max_num_queries(25):
        assert client.get(f"/filings/summaries/?office={CITY}&period=2026H1").status_code == 200


def test_an_office_without_institutions_still_gets_its_report(world):
    summary = data.office_summary(office=f.office("371373"), period=summary_period("2025"), today=TODAY)
    assert summary.institutions == 0
    doc = Document(io.BytesIO(narrative_docx(summary)))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "临沂临港经济开发区2025年度地方金融机构监管报告" in text
    assert "我区无纳入监管的地方金融机构" in text and "报告期内无应报报表" in text
    wb = load_workbook(io.BytesIO(excel.summary_workbook(summary)))
    assert wb.sheetnames == ["汇总", "机构明细", "风险预警", "报送情况"]


@pytest.mark.parametrize(
    ("label", "start", "end"),
    [
        ("2026H1", "2026-01-01", "2026-06-30"),
        ("2025h2", "2025-07-01", "2025-12-31"),
        ("2025", "2025-01-01", "2025-12-31"),
    ],
)
def test_summary_periods_are_half_years_and_years(label, start, end):
    period = summary_period(label)
    assert (period.start.isoformat(), period.end.isoformat()) == (start, end)


@pytest.mark.parametrize("label", ["2026Q1", "2026-03", "2026H3", "H1", "", "abcd"])
def test_other_period_labels_are_refused(label):
    with pytest.raises(ValueError):
        summary_period(label)


def test_a_provincial_user_starts_with_the_city(world, client_for):
    user = f.make_user("province_leader", "leader", "370000")
    page = client_for(user).get("/filings/summaries/")
    assert page.status_code == 200 and page.context["office"].code == CITY
