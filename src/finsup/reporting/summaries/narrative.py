"""The text of the county's narrative supervision report (县区金融办半年度/年度监管报告), generated
from a summary. It is the wording of an official document, so it is Chinese and kept here as
data, not in the interface's translation catalogue. `docx` lays it out."""

from __future__ import annotations

from dataclasses import dataclass, field

from finsup.monitoring.choices import WarningLevel

from .labels import KIND_LABELS, date_zh, figure_text, period_zh, place_name, ratio_text, report_title
from .results import KindSummary, Summary
from .specs import SUM

# Numbering of documents is a later step: the clerk fills in the serial number.
NUMBER_PLACEHOLDER = "__"
NUMERALS = "一二三四五六七八九十"

OPENING = "现将{our}{period}地方金融机构监管情况报告如下。"
BASIC = (
    "截至{end}，{our}共有纳入监管的地方金融机构{n}家，其中{kinds}。"
    "报告期内，{reporting}家机构的报表经审核受理，本报告数据均来自已受理报表。"
)
BASIC_NONE = "截至{end}，{our}无纳入监管的地方金融机构。"
KIND_NO_DATA = "共{n}家，报告期内无已受理报表。"
KIND_INTRO = "共{n}家，{reporting}家报送数据。"
BALANCES = "截至期末（各机构报告期内最近一期已受理报表），{items}"
FLOWS = "报告期内，{items}"
RATIO = "{label}为{value}"
RATIO_UNDEFINED = "{label}因分母为零无法计算"
BUSINESS_NONE = "报告期内无相关业务数据。"
WARNINGS_NONE = "报告期内，{our}未发出风险预警。"
WARNINGS = (
    "报告期内，共发出风险预警{n}条。按等级分，{levels}；按来源分，{sources}。"
    "截至期末，已处置关闭{closed}条，尚在处置{open}条。"
)
WARNINGS_SEVERE = "严重及以上等级预警涉及：{names}。"
FILINGS_NONE = "报告期内无应报报表。"
FILINGS = (
    "报告期内，辖内机构应报报表{due}份，其中按时报送{on_time}份、逾期报送{late}份、未报送{missing}份{not_due}；"
    "经审核受理（含市金融办确认）的报表{accepted}份。"
)
FILINGS_NOT_DUE = "，另有{n}份尚未到报送期限"
FILINGS_PROBLEMS = "未按时报送的机构：{items}。"
NEXT_STEPS = "【请监管人员填写：针对本期发现的问题和风险隐患，提出下一步监管工作安排。】"
HEADINGS = ("基本情况", "业务运行情况", "风险预警及处置情况", "报表报送情况", "下一步工作")
SEVERE = (WarningLevel.SERIOUS, WarningLevel.CRITICAL)


@dataclass(frozen=True)
class Paragraph:
    text: str
    lead: str = ""  # a second-level heading run in the same paragraph, e.g. "（一）小额贷款公司。"


@dataclass(frozen=True)
class Section:
    heading: str  # "一、基本情况"
    paragraphs: list[Paragraph] = field(default_factory=list)


@dataclass(frozen=True)
class Narrative:
    issuer: str
    number: str
    title: str
    addressee: str
    opening: str
    sections: list[Section]
    signature: str
    date: str


def our(office) -> str:
    """我区 / 我县 / 我市, or 辖区 for a development zone."""
    place = place_name(office)
    return {"区": "我区", "县": "我县", "市": "我市"}.get(place[-1:], "辖区")


def narrative(summary: Summary) -> Narrative:
    office, period = summary.office, summary.period
    issued = summary.generated_at.date()
    prefix = office.document_prefix or place_name(office)
    bodies = [_basic(summary), _business(summary), _warnings(summary), _filings(summary), [Paragraph(NEXT_STEPS)]]
    sections = [
        Section(f"{NUMERALS[i]}、{heading}", body)
        for i, (heading, body) in enumerate(zip(HEADINGS, bodies, strict=True))
    ]
    return Narrative(
        issuer=office.full_name,  # the red header: 临沂市兰山区金融工作办公室
        number=f"{prefix}〔{issued.year}〕{NUMBER_PLACEHOLDER}号",
        title=report_title(office, period),
        addressee=f"{office.parent.name}：" if office.parent_id else "",
        opening=OPENING.format(our=our(office), period=period_zh(period)),
        sections=sections,
        signature=office.full_name,
        date=date_zh(issued),
    )


def _basic(summary: Summary) -> list[Paragraph]:
    end = date_zh(summary.period.end)
    if not summary.institutions:
        return [Paragraph(BASIC_NONE.format(end=end, our=our(summary.office)))]
    kinds = "、".join(f"{KIND_LABELS[k.kind]}{k.institutions}家" for k in summary.kinds if k.institutions)
    text = BASIC.format(
        end=end, our=our(summary.office), n=summary.institutions, kinds=kinds, reporting=summary.reporting
    )
    return [Paragraph(text)]


def _business(summary: Summary) -> list[Paragraph]:
    kinds = [k for k in summary.kinds if k.institutions]
    if not kinds:
        return [Paragraph(BUSINESS_NONE)]
    return [Paragraph(_kind_text(k), lead=f"（{NUMERALS[i]}）{KIND_LABELS[k.kind]}。") for i, k in enumerate(kinds)]


def _label(spec) -> str:
    label = spec.title_zh.replace("其中：", "其中")
    return label.removeprefix("本期") if spec.mode == SUM else label


def _kind_text(kind: KindSummary) -> str:
    if not kind.reporting:
        return KIND_NO_DATA.format(n=kind.institutions)
    balances = [c for c in kind.figures if c.spec.mode != SUM and c.value is not None]
    flows = [c for c in kind.figures if c.spec.mode == SUM and c.value is not None]
    parts = [KIND_INTRO.format(n=kind.institutions, reporting=kind.reporting)]
    sentences = []
    if balances:
        sentences.append(BALANCES.format(items="，".join(_item(c) for c in balances)))
    if flows:
        sentences.append(FLOWS.format(items="，".join(_item(c) for c in flows)))
    if sentences:
        parts.append("；".join(sentences) + "。")
    if kind.ratios:
        parts.append("，".join(_ratio(c) for c in kind.ratios) + "。")
    return "".join(parts)


def _item(cell) -> str:
    return f"{_label(cell.spec)}{figure_text(cell.value, cell.spec.type, cell.spec.unit_zh)}"


def _ratio(cell) -> str:
    if cell.value is None:
        return RATIO_UNDEFINED.format(label=cell.spec.title_zh)
    return RATIO.format(label=cell.spec.title_zh, value=ratio_text(cell.value, cell.spec.style))


def _tally_text(tallies) -> str:
    return "、".join(f"{t.label}{t.opened}条" for t in tallies if t.opened)


def _warnings(summary: Summary) -> list[Paragraph]:
    w = summary.warnings
    if not w.total.opened:
        return [Paragraph(WARNINGS_NONE.format(our=our(summary.office)))]
    text = WARNINGS.format(
        n=w.total.opened,
        levels=_tally_text(w.by_level),
        sources=_tally_text(w.by_source),
        closed=w.total.closed,
        open=w.total.still_open,
    )
    severe = sorted({i.institution.name for i in w.items if i.level in SEVERE})
    if severe:
        text += WARNINGS_SEVERE.format(names="、".join(severe))
    return [Paragraph(text)]


def _filings(summary: Summary) -> list[Paragraph]:
    c = summary.filings.totals
    if not c.due and not c.not_due:
        return [Paragraph(FILINGS_NONE)]
    text = FILINGS.format(
        due=c.due,
        on_time=c.on_time,
        late=c.late,
        missing=c.missing,
        not_due=FILINGS_NOT_DUE.format(n=c.not_due) if c.not_due else "",
        accepted=c.accepted,
    )
    items = []
    for row in summary.rows:
        counts, parts = row.filings, []
        if counts.missing:
            parts.append(f"未报送{counts.missing}份")
        if counts.late:
            parts.append(f"逾期报送{counts.late}份")
        if parts:
            items.append(f"{row.institution.name}（{'、'.join(parts)}）")
    if items:
        text += FILINGS_PROBLEMS.format(items="；".join(items))
    return [Paragraph(text)]
