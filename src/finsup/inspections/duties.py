"""The inspection-frequency duties of the responsibility list (2015 source, section 三), computed
for every institution as of a date: the last qualifying inspection, the date the next one is due,
and whether the duty is kept (ok), due in the current period, or overdue (the previous period was
missed and nothing has been done since). Nothing here is stored: duties are computed from the
inspections actually carried out (started on site), never from flags a job must flip."""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import F, Window
from django.db.models.functions import RowNumber
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from finsup.accounts.choices import OfficeLevel
from finsup.institutions.choices import LICENSED_STATUSES, InstitutionKind
from finsup.institutions.selectors import institution_scope

from .choices import STARTED_STATUSES, InspectionKind
from .models import Inspection

if TYPE_CHECKING:
    from finsup.institutions.models import Institution


class Duty(models.TextChoices):
    PC_CITY_YEARLY = "pc_city_yearly", _("City inspection of a private capital manager, at least once a year")
    PC_COUNTY_MONTHLY = "pc_county_monthly", _("County inspection of a private capital manager, at least once a month")
    LR_CITY_QUARTERLY = "lr_city_quarterly", _("City inspection of a lending registry, every quarter")
    ML_ANNUAL_AUDIT = "ml_annual_audit", _("Annual audit of a microloan company")


class DutyStatus(models.TextChoices):
    OK = "ok", _("Kept")
    DUE = "due", _("Due")
    OVERDUE = "overdue", _("Overdue")


@dataclass(frozen=True)
class DutySpec:
    duty: str
    institution_kind: str
    holder: str  # OfficeLevel.CITY, or OfficeLevel.COUNTY for the institution's county or zone office
    period: str  # "year", "quarter" or "month"
    inspection_kind: str | None  # only inspections of this kind count (None: any kind)
    qualifying_levels: tuple[str, ...]  # offices whose inspections count
    source: str


_COUNTY_LEVELS = (OfficeLevel.COUNTY, OfficeLevel.ZONE)

DUTIES: tuple[DutySpec, ...] = (
    DutySpec(
        Duty.PC_CITY_YEARLY,
        InstitutionKind.PRIVATE_CAPITAL,
        OfficeLevel.CITY,
        "year",
        None,
        (OfficeLevel.CITY,),
        # Source (三) 四(三): 市金融办对全市民间融资服务公司现场检查合计每年每机构不少于1次
        "市金融办对全市民间融资服务公司现场检查合计每年每机构不少于1次",
    ),
    DutySpec(
        Duty.PC_COUNTY_MONTHLY,
        InstitutionKind.PRIVATE_CAPITAL,
        OfficeLevel.COUNTY,
        "month",
        None,
        _COUNTY_LEVELS,
        # Source (三) 四(三): 县（市）区金融办对辖区内民间融资服务公司现场检查每月每机构不少于1次
        "县（市）区金融办对辖区内民间融资服务公司现场检查每月每机构不少于1次",
    ),
    DutySpec(
        Duty.LR_CITY_QUARTERLY,
        InstitutionKind.LENDING_REGISTRY,
        OfficeLevel.CITY,
        "quarter",
        None,
        (OfficeLevel.CITY,),
        # Source (四) 四(一): 市金融办每季度对全市民间融资登记服务公司进行一次现场检查
        "市金融办每季度对全市民间融资登记服务公司进行一次现场检查",
    ),
    DutySpec(
        Duty.ML_ANNUAL_AUDIT,
        InstitutionKind.MICROLOAN,
        OfficeLevel.COUNTY,
        "year",
        InspectionKind.ANNUAL_AUDIT,
        (OfficeLevel.CITY, *_COUNTY_LEVELS),
        # Source (一) 三(一): 年度审计的检查范围为全市当年1月1日以前批复的小额贷款公司; 五(四): 县区金融办……
        # 与审计部门联合开展年度现场审计 (the county carries it out; the city's own audit counts too).
        "年度审计的检查范围为全市当年1月1日以前批复的小额贷款公司",
    ),
)


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date

    def contains(self, day: datetime.date) -> bool:
        return self.start <= day <= self.end


def period_of(kind: str, day: datetime.date) -> Period:
    if kind == "year":
        return Period(datetime.date(day.year, 1, 1), datetime.date(day.year, 12, 31))
    first_month = day.month if kind == "month" else 3 * ((day.month - 1) // 3) + 1
    start = datetime.date(day.year, first_month, 1)
    months = 1 if kind == "month" else 3
    year, month = divmod(first_month - 1 + months, 12)
    return Period(start, datetime.date(day.year + year, month + 1, 1) - datetime.timedelta(days=1))


@dataclass(frozen=True)
class DutyRow:
    """`period` is the period an inspection is owed for: the one missed (overdue), the current one
    (due), or the next one (kept this period). Its end is the date the inspection is due by, so the
    period and the date shown beside it can never disagree."""

    institution: Institution
    duty: str
    holder: object  # the Office that holds the duty
    period: Period
    status: str
    last_inspection: Inspection | None

    @property
    def due_on(self) -> datetime.date:
        return self.period.end

    @property
    def duty_label(self) -> str:
        return Duty(self.duty).label

    @property
    def status_label(self) -> str:
        return DutyStatus(self.status).label


def _applies(spec: DutySpec, institution: Institution, period: Period) -> bool:
    if spec.inspection_kind == InspectionKind.ANNUAL_AUDIT:
        return institution.approved_on < period.start  # approved before 1 January of that year
    return institution.approved_on <= period.end


def _evaluate(spec: DutySpec, institution, inspections: list[Inspection], as_of: datetime.date) -> DutyRow | None:
    current = period_of(spec.period, as_of)
    if not _applies(spec, institution, current):
        return None
    previous = period_of(spec.period, current.start - datetime.timedelta(days=1))
    qualifying = [
        i
        for i in inspections
        if i.office.level in spec.qualifying_levels
        and (spec.inspection_kind is None or i.kind == spec.inspection_kind)
        and i.started_on <= as_of
    ]
    last = max(qualifying, key=lambda i: (i.started_at, i.pk), default=None)
    holder = institution.county if spec.holder == OfficeLevel.COUNTY else institution.county.parent

    def done(period: Period) -> bool:
        return any(period.contains(i.started_on) for i in qualifying)

    if done(current):
        status, owed = DutyStatus.OK, period_of(spec.period, current.end + datetime.timedelta(days=1))
    elif _applies(spec, institution, previous) and not done(previous):
        status, owed = DutyStatus.OVERDUE, previous
    else:
        status, owed = DutyStatus.DUE, current
    return DutyRow(institution, spec.duty, holder, owed, status, last)


def duties_as_of(*, actor, as_of: datetime.date, office=None) -> list[DutyRow]:
    """Every duty of every licensed institution the actor may see (within `office` if given). The
    inspections read are those of the periods judged (from 1 January of the previous year: the
    previous period of a yearly duty) and, before them, only the last of each kind and office level
    per institution: what a row shows as the last inspection, so years of history add nothing."""
    institutions, by_institution = _institutions_and_inspections(
        actor=actor, as_of=as_of, office=office, since=datetime.date(as_of.year - 1, 1, 1), last_before=True
    )
    rows = []
    for institution in institutions:
        for spec in DUTIES:
            if spec.institution_kind == institution.kind:
                row = _evaluate(spec, institution, by_institution[institution.pk], as_of)
                if row is not None:
                    rows.append(row)
    return rows


@dataclass(frozen=True)
class MissedPeriod:
    """A closed period of a duty in which its holder's office did not inspect the institution."""

    institution: Institution
    duty: str
    holder: object  # the Office that holds the duty
    period: Period
    period_kind: str  # "year", "quarter" or "month"
    inspection_kind: str | None  # the kind that counts (None: any)


def missed_periods(*, actor, since: datetime.date, as_of: datetime.date, office=None) -> list[MissedPeriod]:
    """Every period of every duty that started on or after `since` and ended before `as_of` in which
    no qualifying inspection was carried out, oldest first (an office entering its past inspections
    afterwards sees what its ledger should hold)."""
    institutions, by_institution = _institutions_and_inspections(actor=actor, as_of=as_of, office=office, since=since)
    missed = []
    for institution in institutions:
        for spec in DUTIES:
            if spec.institution_kind != institution.kind:
                continue
            holder = institution.county if spec.holder == OfficeLevel.COUNTY else institution.county.parent
            qualifying = [
                i.started_on
                for i in by_institution[institution.pk]
                if i.office.level in spec.qualifying_levels
                and (spec.inspection_kind is None or i.kind == spec.inspection_kind)
            ]
            period = period_of(spec.period, since)
            if period.start < since:
                period = period_of(spec.period, period.end + datetime.timedelta(days=1))
            while period.end < as_of:
                if _applies(spec, institution, period) and not any(period.contains(d) for d in qualifying):
                    missed.append(
                        MissedPeriod(institution, spec.duty, holder, period, spec.period, spec.inspection_kind)
                    )
                period = period_of(spec.period, period.end + datetime.timedelta(days=1))
    return sorted(missed, key=lambda m: (m.period.start, m.holder.code, m.institution.credit_code, m.duty))


def _institutions_and_inspections(
    *, actor, as_of: datetime.date, office=None, since: datetime.date, last_before: bool = False
):
    """The licensed institutions with duties (within `office`), and their inspections carried out
    since `since` (a local date) and, if `last_before`, the last one before it of each kind and
    office level per institution."""
    kinds = {spec.institution_kind for spec in DUTIES}
    institutions = (
        institution_scope(actor=actor)
        .filter(kind__in=kinds, status__in=LICENSED_STATUSES, approved_on__lte=as_of)
        .select_related("county__parent")
        .order_by("county__code", "kind", "name")
    )
    if office is not None:
        institutions = institutions.filter(county__path__startswith=office.path)
    institutions = list(institutions)
    by_institution: dict[int, list[Inspection]] = defaultdict(list)
    start = timezone.make_aware(datetime.datetime.combine(since, datetime.time.min))
    carried_out = (
        Inspection.objects.filter(
            institution__in=[i.pk for i in institutions], status__in=STARTED_STATUSES, started_at__isnull=False
        )
        .select_related("office")
        .only("institution_id", "kind", "started_at", "office__level")  # what a duty is judged on, and the link
    )
    started = list(carried_out.filter(started_at__gte=start))
    if last_before:
        latest = Window(
            RowNumber(),
            partition_by=[F("institution_id"), F("office__level"), F("kind")],
            order_by=[F("started_at").desc(), F("pk").desc()],
        )
        started += carried_out.filter(started_at__lt=start).annotate(rank=latest).filter(rank=1)
    for inspection in started:
        inspection.started_on = timezone.localdate(inspection.started_at)
        by_institution[inspection.institution_id].append(inspection)
    return institutions, by_institution


def duty_board(*, actor, as_of: datetime.date, office) -> list[DutyRow]:
    """The duties an office holds itself (a county's monthly inspections, the city's yearly and
    quarterly ones), overdue first, then due, then kept."""
    order = {DutyStatus.OVERDUE: 0, DutyStatus.DUE: 1, DutyStatus.OK: 2}
    rows = [r for r in duties_as_of(actor=actor, as_of=as_of, office=office) if r.holder == office]
    return sorted(rows, key=lambda r: (order[r.status], r.due_on, r.institution.name))


@dataclass
class CountyDuties:
    county: object
    counts: dict[str, Counter] = field(default_factory=dict)  # duty → Counter of statuses

    @property
    def overdue(self) -> int:
        return sum(c[DutyStatus.OVERDUE] for c in self.counts.values())

    @property
    def due(self) -> int:
        return sum(c[DutyStatus.DUE] for c in self.counts.values())

    @property
    def kept(self) -> int:
        return sum(c[DutyStatus.OK] for c in self.counts.values())


def duty_rollup(*, actor, as_of: datetime.date) -> list[CountyDuties]:
    """The city's view: for each county or zone, how its own duties stand (counts per duty)."""
    per_county: dict[int, CountyDuties] = {}
    for row in duties_as_of(actor=actor, as_of=as_of):
        if row.holder != row.institution.county:
            continue
        entry = per_county.setdefault(row.holder.pk, CountyDuties(county=row.holder))
        entry.counts.setdefault(row.duty, Counter())[row.status] += 1
    return sorted(per_county.values(), key=lambda c: c.county.code)
