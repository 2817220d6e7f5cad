"""The figures of a summary, from accepted and confirmed filings only (never submitted, returned
or superseded ones): per kind of institution the number of institutions, the sums of key
figures, ratios computed from those sums, risk warnings and the state of the filings.

Which figures are summarised is the declarative table FIGURES: a balance (LATEST) is taken
from each institution's latest accepted filing in the period, a flow (SUM) is added over the
accepted filings of the period. Adding a figure is a line in that table."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import TYPE_CHECKING

from django.db.models import Q
from django.utils import timezone

from finsup.accounts.choices import OfficeLevel
from finsup.accounts.selectors import office_scope, offices_supervising
from finsup.institutions.choices import LICENSED_STATUSES, InstitutionKind
from finsup.institutions.selectors import institutions_under
from finsup.monitoring.choices import WarningLevel, WarningSource
from finsup.monitoring.selectors import warnings_opened_under
from finsup.reporting import catalogue_access as cat
from finsup.reporting.choices import COUNTED_STATUSES
from finsup.reporting.models import Submission
from finsup.reporting.obligations import LATE, MISSING, NOT_DUE, ON_TIME, Obligation, obligations
from finsup.reporting.periods import MONTHS_PER_PERIOD, Period

from .labels import LEVEL_LABELS, SOURCE_LABELS
from .results import (
    Cell,
    ConsolidatedKind,
    Consolidation,
    CountyLine,
    FilingCounts,
    FilingProblem,
    FilingSummary,
    InstitutionRow,
    KindSummary,
    Summary,
    WarningSummary,
    WarningTally,
)

if TYPE_CHECKING:
    from finsup.accounts.models import Office
    from finsup.institutions.models import Institution
from finsup.core import clock

from .specs import LATEST, PERCENT, SUM, TIMES, FigureSpec, RatioSpec

RATIO_PLACES = Decimal("0.000001")
KINDS = tuple(InstitutionKind.values)


F, R = FigureSpec, RatioSpec
FIGURES: dict[str, tuple[FigureSpec, ...]] = {
    InstitutionKind.MICROLOAN: (
        F("loans_total", "ml_monthly_funding", "loans_total", LATEST),
        F(
            "disbursed",
            "ml_monthly_business",
            "disbursed_month",
            SUM,
            "本期发放贷款金额",
            "Loans disbursed in the period",
        ),
        F("npl_total", "ml_monthly_funding", "npl_total", LATEST),
        F("provisions", "ml_monthly_funding", "loan_loss_provisions", LATEST),
        F("funding", "ml_monthly_funding", "nonstandard_funding_total", LATEST),
        F("net_assets", "ml_monthly_funding", "net_assets", LATEST),
        F("net_profit", "ml_monthly_financial", "net_profit_ytd", LATEST, "本年累计净利润", "Net profit, year to date"),
    ),
    InstitutionKind.GUARANTEE: (
        F("outstanding", "gs_quarterly", "outstanding_end", LATEST, "在保余额", "Guarantees outstanding"),
        F("liability", "gs_quarterly", "guarantee_liability_balance", LATEST),
        F("issued", "gs_quarterly", "issued_quarter", SUM, "本期新增担保额", "Guarantees issued in the period"),
        F("net_assets", "gs_quarterly", "net_assets", LATEST),
        F("unearned_reserve", "gs_quarterly", "unearned_reserve", LATEST),
        F("compensation_reserve", "gs_quarterly", "compensation_reserve", LATEST),
        F("compensation", "gs_quarterly", "compensation_ytd", LATEST),
    ),
    InstitutionKind.PRIVATE_CAPITAL: (
        F("registered_capital", "pc_quarterly", "registered_capital_avg", LATEST),
        F("investment", "pc_quarterly", "investment_total", LATEST),
        F("agri_small", "pc_quarterly", "agri_small_investment", LATEST),
        F(
            "new_investment",
            "pc_quarterly",
            "new_investments_amount",
            SUM,
            "本期新增投资金额",
            "New investment in the period",
        ),
        F(
            "funding",
            "pc_quarterly",
            "funding_total_avg",
            LATEST,
            "融资总量（季末余额平均数）",
            "Funding, quarter-end average",
        ),
        F("provisions_held", "pc_quarterly", "provisions_held", LATEST),
        F("provisions_required", "pc_quarterly", "provisions_required", LATEST),
    ),
    InstitutionKind.LENDING_REGISTRY: (
        F(
            "matched_amount",
            "lr_monthly",
            "matched_amount",
            SUM,
            "本期撮合成交并登记金额",
            "Loans matched in the period",
        ),
        F("matched_count", "lr_monthly", "matched_count", SUM, "本期撮合成交并登记笔数", "Loans matched (number)"),
        F("outstanding", "lr_monthly", "outstanding_end", LATEST),
        F("overdue", "lr_monthly", "overdue_amount", LATEST, "逾期借款余额", "Overdue loans"),
        F("fee_income", "lr_monthly", "fee_income", SUM, "本期服务费收入", "Service fee income in the period"),
    ),
}
RATIOS: dict[str, tuple[RatioSpec, ...]] = {
    InstitutionKind.MICROLOAN: (
        R("npl_ratio", "npl_total", "loans_total", PERCENT, "不良贷款率", "NPL ratio"),
        R("provision_coverage", "provisions", "npl_total", PERCENT, "拨备覆盖率", "Provision coverage"),
    ),
    InstitutionKind.GUARANTEE: (
        R("leverage", "liability", "net_assets", TIMES, "融资担保放大倍数", "Guarantee leverage"),
    ),
    InstitutionKind.PRIVATE_CAPITAL: (
        R(
            "agri_share",
            "agri_small",
            "investment",
            PERCENT,
            "“三农”及中小微企业投资占比",
            "Agriculture and small business share",
        ),
        R("provision_adequacy", "provisions_held", "provisions_required", PERCENT, "拨备充足率", "Provision adequacy"),
        R("funding_multiple", "funding", "registered_capital", TIMES, "融资倍数", "Funding to registered capital"),
    ),
    InstitutionKind.LENDING_REGISTRY: (
        R("overdue_ratio", "overdue", "outstanding", PERCENT, "逾期率", "Overdue ratio"),
    ),
}
del F, R


# -- Offices a user may summarise -------------------------------------------------------------

SUMMARY_LEVELS = [OfficeLevel.CITY, OfficeLevel.COUNTY, OfficeLevel.ZONE]


def summary_offices(*, actor) -> list[Office]:
    """The city and counties in the actor's jurisdiction (a county user: only the county)."""
    return list(office_scope(actor=actor).filter(level__in=SUMMARY_LEVELS).order_by("path"))


def summary_office_get(*, actor, code: str) -> Office:
    """Raises Office.DoesNotExist outside the actor's jurisdiction."""
    return office_scope(actor=actor).filter(level__in=SUMMARY_LEVELS).get(code=code)


def city_office_get(*, actor) -> Office:
    """The city office, for city (and provincial) users; Office.DoesNotExist for anyone else."""
    cities = office_scope(actor=actor).filter(level=OfficeLevel.CITY).order_by("path")
    office = cities.first()
    if office is None:
        raise cities.model.DoesNotExist
    return office


# -- Computing ------------------------------------------------------------------------------


def office_summary(*, office: Office, period: Period, today: datetime.date | None = None) -> Summary:
    """The summary of every institution supervised in `office` (a county, or the whole city)."""
    today = today or clock.today()
    counted = Submission.objects.filter(
        institution__county__path__startswith=office.path,
        status__in=COUNTED_STATUSES,
        period_start__gte=period.start,
        period_end__lte=period.end,
    )
    filings: dict[int, dict[str, list[tuple[datetime.date, Mapping]]]] = defaultdict(lambda: defaultdict(list))
    for inst_id, code, end, values in counted.values_list("institution_id", "report_code", "period_end", "values"):
        filings[inst_id][code].append((end, values or {}))
    institutions = list(
        institutions_under(office=office)
        .filter(
            Q(status__in=LICENSED_STATUSES, approved_on__lte=period.end) | Q(pk__in=counted.values("institution_id"))
        )
        .select_related("county")
        .order_by("county__code", "name")
    )
    warnings = _warnings_in(office, period)
    as_of = obligations_as_of(period, today)
    filing_counts, problems = _filing_states(institutions, period, as_of)
    warned = defaultdict(int)
    for w in warnings.items:
        warned[w.institution_id] += 1
    rows = []
    for inst in institutions:
        counts = filing_counts.get(inst.pk, FilingCounts())
        counts.accepted = sum(len(v) for v in filings[inst.pk].values())
        rows.append(_institution_row(inst, filings[inst.pk], warned[inst.pk], counts))
    totals = FilingCounts()
    for row in rows:
        totals.add(row.filings)
    kinds = tuple(_aggregate(kind, [r for r in rows if r.institution.kind == kind]) for kind in KINDS)
    return Summary(office, period, timezone.localtime(), kinds, warnings, FilingSummary(as_of, totals, problems))


def consolidate(summary: Summary) -> Consolidation:
    """Per kind, one line per county or zone of the office and the total of all of them."""
    counties = list(offices_supervising().filter(path__startswith=summary.office.path).order_by("code"))
    kinds = []
    for kind_summary in summary.kinds:
        lines = tuple(
            CountyLine(
                c, _aggregate(kind_summary.kind, [r for r in kind_summary.rows if r.institution.county_id == c.pk])
            )
            for c in counties
        )
        kinds.append(ConsolidatedKind(kind_summary.kind, lines, kind_summary))
    return Consolidation(summary.office, summary.period, summary.generated_at, tuple(kinds))


def _decimal(value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def _figure(spec: FigureSpec, filings: list[tuple[datetime.date, Mapping]]) -> Decimal | None:
    if not filings:
        return None
    if spec.mode == LATEST:
        _end, values = max(filings, key=lambda f: f[0])
        return _decimal(values.get(spec.field))
    found = [d for d in (_decimal(values.get(spec.field)) for _end, values in filings) if d is not None]
    return sum(found, Decimal(0)) if found else None


def _ratio(spec: RatioSpec, values: Mapping[str, Decimal | None]) -> Decimal | None:
    numerator, denominator = values.get(spec.numerator), values.get(spec.denominator)
    if numerator is None or not denominator:
        return None
    return (numerator / denominator).quantize(RATIO_PLACES, rounding=ROUND_HALF_UP)


def _cells(kind: str, values: Mapping[str, Decimal | None]) -> tuple[tuple[Cell, ...], tuple[Cell, ...]]:
    figures = tuple(Cell(s, values.get(s.key)) for s in FIGURES[kind])
    ratios = tuple(Cell(s, _ratio(s, values)) for s in RATIOS[kind])
    return figures, ratios


def _institution_row(inst: Institution, filings: Mapping[str, list], warnings: int, counts: FilingCounts):
    values = {s.key: _figure(s, filings.get(s.report, [])) for s in FIGURES[inst.kind]}
    figures, ratios = _cells(inst.kind, values)
    return InstitutionRow(inst, figures, ratios, warnings, counts)


def _aggregate(kind: str, rows: Iterable[InstitutionRow]) -> KindSummary:
    rows = tuple(rows)
    totals = {}
    for spec in FIGURES[kind]:
        found = [v for r in rows if (v := r.value(spec.key)) is not None]
        # No accepted figure at all is "no data" (—), not zero.
        totals[spec.key] = sum(found, Decimal(0)) if found else None
    figures, ratios = _cells(kind, totals)
    return KindSummary(kind, rows, figures, ratios)


def _day_bounds(period: Period) -> tuple[datetime.datetime, datetime.datetime]:
    """[first instant, first instant after the last day) of the period, in local time."""
    start = timezone.make_aware(datetime.datetime.combine(period.start, datetime.time.min))
    end = timezone.make_aware(datetime.datetime.combine(period.end + datetime.timedelta(days=1), datetime.time.min))
    return start, end


def _warnings_in(office: Office, period: Period) -> WarningSummary:
    """Warnings opened in the period; closed means closed by the end of the period, so a report
    generated again later shows the same counts."""
    start, end = _day_bounds(period)
    items = tuple(warnings_opened_under(office=office, start=start, end=end))
    closed = {w.pk for w in items if w.closed_at is not None and w.closed_at < end}

    def tally(key, label, ws):
        ws = list(ws)
        return WarningTally(key, label, len(ws), sum(1 for w in ws if w.pk in closed))

    by_level = tuple(tally(lv, LEVEL_LABELS[lv], (w for w in items if w.level == lv)) for lv in WarningLevel)
    by_source = tuple(tally(s, SOURCE_LABELS[s], (w for w in items if w.source == s)) for s in WarningSource)
    return WarningSummary(tally("total", "合计", items), by_level, by_source, items)


def obligations_as_of(period: Period, today: datetime.date) -> datetime.date:
    """The day the filings of the period are judged on: once every deadline of the period has
    passed, that day (so the report does not change later); until then, today."""
    months = (period.end.year - period.start.year) * 12 + period.end.month - period.start.month + 1
    # Only reports whose periods fit in this one are owed for it (no annual report for a half-year).
    deadlines = [
        r.deadline_days for r in cat.catalogue() if r.kind in KINDS and MONTHS_PER_PERIOD[r.frequency] <= months
    ]
    longest = max(deadlines, default=0)
    return min(today, period.end + datetime.timedelta(days=longest))


def _filing_states(institutions: list[Institution], period: Period, as_of: datetime.date):
    """Per institution, its filings of the period by state; and the missing and late ones."""
    per_institution: dict[int, FilingCounts] = defaultdict(FilingCounts)
    problems = []
    if as_of >= period.start:
        for o in obligations(institutions=institutions, as_of=as_of):
            if o.period.start < period.start or o.period.end > period.end:
                continue
            counts = per_institution[o.institution.pk]
            name = {ON_TIME: "on_time", LATE: "late", MISSING: "missing", NOT_DUE: "not_due"}[o.state]
            setattr(counts, name, getattr(counts, name) + 1)
            if o.state in (MISSING, LATE):
                problems.append(FilingProblem(o, _days_overdue(o, as_of)))
    problems.sort(key=lambda p: (p.state != MISSING, -p.days_overdue, p.institution.name, p.obligation.period))
    return per_institution, tuple(problems)


def _days_overdue(obligation: Obligation, as_of: datetime.date) -> int:
    """Days past the deadline: until the filing came in, or until `as_of` while it is missing."""
    if obligation.filing_id is not None:
        return obligation.days_overdue
    return max((as_of - obligation.due).days, 0)
