"""The first draft of an office's own report (a county's or zone's supervision report to the city,
the city's consolidated report and annual-review report to the province): its figures counted from
the platform's records of the period in the office's jurisdiction, read through each app's
selectors (those of the apps that depend on reporting through reporting.office_facts), and its
narrative written from those figures. The wording is the office's, in Chinese whatever the
interface language; the next steps are drafted from the matters still open. The office edits the
draft before it is sent for sign-off."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from finsup.complaints.selectors import complaint_period_counts
from finsup.core import clock
from finsup.institutions.choices import InstitutionKind, InstitutionStatus
from finsup.institutions.selectors import institutions_under
from finsup.monitoring.selectors import warning_period_counts
from finsup.outreach.selectors import outreach_period_counts

from .choices import SubmissionAction
from .models import SubmissionEvent
from .obligations import LATE, MISSING, obligations
from .office_facts import office_facts
from .periods import Period
from .summaries.labels import period_zh, place_name

KIND_FIELDS = {
    InstitutionKind.MICROLOAN: "microloan_count",
    InstitutionKind.GUARANTEE: "guarantee_count",
    InstitutionKind.PRIVATE_CAPITAL: "private_capital_count",
    InstitutionKind.LENDING_REGISTRY: "lending_registry_count",
}
SUPERVISED = [InstitutionStatus.OPERATING, InstitutionStatus.SUSPENDED, InstitutionStatus.EXITING]


@dataclass(frozen=True)
class Facts:
    """What the office's records say of the period (all counts)."""

    office: object
    period: Period
    institutions: dict[str, int]
    reviewed: int
    filings_missing: int
    filings_late: int
    warnings: dict[str, int]
    supervision: dict[str, int]
    complaints: dict[str, int]
    incidents: dict[str, int]
    outreach: dict[str, int]
    ratings: dict[str, int]
    reviews: dict[str, int]


def _start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def period_facts(*, office, period: Period) -> Facts:
    start, end = _start(period.start), _start(period.end + datetime.timedelta(days=1))
    supervised = institutions_under(office=office).filter(status__in=SUPERVISED)
    by_kind = {field: supervised.filter(kind=kind).count() for kind, field in KIND_FIELDS.items()}
    reviewed = (
        SubmissionEvent.objects.filter(
            submission__institution__county__path__startswith=office.path,
            action__in=[SubmissionAction.ACCEPT, SubmissionAction.RETURN],
            at__gte=start,
            at__lt=end,
        )
        .values("submission")
        .distinct()
        .count()
    )
    duties = [
        o
        for o in obligations(institutions=supervised.select_related("county"), as_of=clock.today())
        if period.start <= o.period.end <= period.end
    ]
    return Facts(
        office=office,
        period=period,
        institutions=by_kind,
        reviewed=reviewed,
        filings_missing=sum(o.state == MISSING for o in duties),
        filings_late=sum(o.state == LATE for o in duties),
        warnings=warning_period_counts(office=office, start=start, end=end),
        supervision=office_facts("supervision", office=office, start=start, end=end),
        complaints=complaint_period_counts(office=office, start=start, end=end),
        incidents=office_facts("incidents", office=office, start=start, end=end),
        outreach=outreach_period_counts(office=office, start=period.start, end=period.end),
        ratings=office_facts("ratings", office=office, year=period.start.year),
        reviews=office_facts("annual_reviews", office=office, year=period.start.year, kind=InstitutionKind.MICROLOAN),
    )


def drafted_values(*, report, office, period: Period) -> dict[str, str]:
    """Field id → the text the form starts from, for every field of the report's version."""
    facts = period_facts(office=office, period=period)
    if report.code == "city_microloan_annual_review":
        figures = _review_figures(facts)
        texts = _review_texts(facts)
    else:
        figures = _supervision_figures(facts)
        texts = _supervision_texts(facts)
    values = {k: str(v) for k, v in figures.items()} | texts
    version = report.version_for(period.end)
    return {f.id: values.get(f.id, "") for f in version.fields} if version else values


def _supervision_figures(f: Facts) -> dict[str, int]:
    s, r = f.supervision, f.ratings
    return {
        **f.institutions,
        "reports_reviewed": f.reviewed,
        "onsite_inspections": s["inspections"],
        "annual_audits": s["inspections"],
        "risk_warnings": f.warnings["warnings"],
        "executive_interviews": s["interviews"],
        "rectification_notices": s["rectification_notices"],
        "rectifications_completed": s["rectifications_completed"],
        "complaints_received": f.complaints["received"],
        "complaints_resolved": min(f.complaints["resolved"], f.complaints["received"]),
        "major_incidents": f.incidents["reported"],
        "rated_count": r["rated"],
        "rated_level_1": r["I"],
        "rated_level_2": r["II"],
        "rated_level_3": r["III"],
        "rated_level_4": r["IV"],
        "rated_level_5": r["V"],
    }


def _our(office) -> str:
    place = place_name(office)
    return {"区": "我区", "县": "我县", "市": "我市"}.get(place[-1:], "辖区")


def _supervision_texts(f: Facts) -> dict[str, str]:
    our, when = _our(f.office), period_zh(f.period)
    n = sum(f.institutions.values())
    s, w, c, i = f.supervision, f.warnings, f.complaints, f.incidents
    summary = (
        f"{when}，{our}纳入监管的地方金融机构共{n}家，其中小额贷款公司{f.institutions['microloan_count']}家、"
        f"融资性担保机构{f.institutions['guarantee_count']}家、民间资本管理机构{f.institutions['private_capital_count']}家、"
        f"民间融资登记服务机构{f.institutions['lending_registry_count']}家。"
        f"报告期内，审核非现场监管报表{f.reviewed}份，逾期报送{f.filings_late}份、未报送{f.filings_missing}份；"
        f"开展现场检查{s['inspections']}次，约见谈话高管{s['interviews']}次，"
        f"作出监管措施决定{s['measures']}项；发出风险提示与预警{w['warnings']}条，"
        f"其中违反监管规则{w['breaches']}条。"
        f"受理投诉举报{c['received']}件、办结{c['resolved']}件，报告风险事件{i['reported']}起；"
        f"开展金融知识宣传活动{f.outreach['events']}场次，覆盖群众{f.outreach['audience']}人次。"
    )
    if f.period.end.month == 12 and f.period.start.month == 1 and f.ratings["rated"]:
        r = f.ratings
        summary += (
            f"{f.period.start.year}年度分类评级共评定{r['rated']}家，其中Ⅰ级{r['I']}家、Ⅱ级{r['II']}家、"
            f"Ⅲ级{r['III']}家、Ⅳ级{r['IV']}家、Ⅴ级{r['V']}家。"
        )
    problems = (
        f"现场检查发现问题{s['findings']}项，下发整改要求涉及{s['rectification_notices']}次检查，"
        f"报告期内完成整改{s['rectifications_completed']}项。"
        f"风险预警已处置关闭{w['closed']}条。"
        f"风险事件报告期内处置完毕{i['closed']}起。"
    )
    return {"summary_text": summary, "problems_text": problems, "next_steps_text": _next_steps(f)}


def _next_steps(f: Facts) -> str:
    """Next steps drafted from the matters still open."""
    s, steps = f.supervision, []
    if s["findings_owing"]:
        overdue = (
            f"，其中{s['findings_overdue']}项已超过整改期限，将依规提出进一步监管措施" if s["findings_overdue"] else ""
        )
        steps.append(f"督促机构完成尚未整改到位的{s['findings_owing']}项问题{overdue}")
    if f.filings_missing:
        steps.append(
            f"督促未报送的{f.filings_missing}份报表尽快补报，对逾期报送的机构依《山东省地方金融条例》第五十一条处理"
        )
    if f.warnings["open_now"]:
        steps.append(f"跟踪处置尚未关闭的{f.warnings['open_now']}条风险预警")
    if f.complaints["open_now"]:
        steps.append(f"按期办结在办的{f.complaints['open_now']}件投诉举报")
    if f.incidents["open_now"]:
        steps.append(f"做好尚未结案的{f.incidents['open_now']}起风险事件的处置和报告")
    steps.append("继续加强非现场监管和现场检查，按要求完成下一报告期的监管工作")
    return "\n".join(f"{n}. {text}。" for n, text in enumerate(steps, 1))


def _review_figures(f: Facts) -> dict[str, int]:
    r = f.reviews
    return {
        "microloan_count": f.institutions["microloan_count"],
        "reviews_opened": r["opened"],
        "reviews_concluded": r["concluded"],
        "reviews_pending": r["opened"] - r["concluded"],
        "passed": r["pass"],
        "passed_with_conditions": r["pass_with_conditions"],
        "failed": r["fail"],
    }


def _review_texts(f: Facts) -> dict[str, str]:
    r, year, our = f.reviews, f.period.start.year, _our(f.office)
    summary = (
        f"按照小额贷款公司年审工作要求，{our}对{year}年度辖内小额贷款公司开展了年审。"
        f"辖内小额贷款公司共{f.institutions['microloan_count']}家，参加年审{r['opened']}家，"
        f"已作出年审结论{r['concluded']}家，其中合格{r['pass']}家、限期整改{r['pass_with_conditions']}家、"
        f"不合格{r['fail']}家。"
    )
    problems = (
        f"对限期整改的{r['pass_with_conditions']}家公司已下达年审结论通知书，明确整改要求和期限；"
        f"对年审不合格的{r['fail']}家公司依规提出处理意见。"
    )
    steps = []
    if r["opened"] > r["concluded"]:
        steps.append(f"尽快完成尚未作出结论的{r['opened'] - r['concluded']}家公司的年审")
    if r["pass_with_conditions"]:
        steps.append(f"跟踪督促限期整改的{r['pass_with_conditions']}家公司按期整改到位")
    steps.append("将年审结论与分类评级、监管措施相衔接，强化日常监管")
    next_steps = "\n".join(f"{n}. {text}。" for n, text in enumerate(steps, 1))
    return {"summary_text": summary, "problems_text": problems, "next_steps_text": next_steps}
