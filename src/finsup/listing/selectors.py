"""Reads of the listing pipeline, always from what the acting user may see (a county office its own
reserve, the city every county's): the reserve with its filters, one company's page, and the
yearly figures the city reports (the stage of each company at the year's end, computed from its
stage records, never stored)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet, Sum

from finsup.accounts.selectors import office_scope, offices_supervising
from finsup.documents.selectors import documents_of

from .choices import ALLOWED_TRANSITIONS, FORWARD, RESTRUCTURING_TRANSITIONS, RestructuringStatus, Stage
from .models import Company, Restructuring, StageChange, Subsidy, SubsidyPayment


def companies(*, actor, stage: str = "", office=None, board: str = "") -> QuerySet[Company]:
    qs = Company.objects.for_user(actor).select_related("office")
    if stage:
        qs = qs.filter(stage=stage)
    if office is not None:
        qs = qs.filter(office__path__startswith=office.path)
    if board:
        qs = qs.filter(board=board)
    return qs


def company_get(*, actor, pk: int) -> Company:
    """Raises Company.DoesNotExist outside the actor's jurisdiction."""
    return companies(actor=actor).get(pk=pk)


def subsidy_get(*, actor, pk: int) -> Subsidy:
    return Subsidy.objects.for_user(actor).select_related("company__office").get(pk=pk)


def restructuring_get(*, actor, pk: int) -> Restructuring:
    return Restructuring.objects.for_user(actor).select_related("company__office").get(pk=pk)


def counties(*, actor):
    """The county offices of the actor's jurisdiction, where a company's reserve is kept."""
    return offices_supervising().filter(pk__in=office_scope(actor=actor).values("pk")).order_by("path")


def next_stages(company: Company) -> list[Stage]:
    """The stages the company may move to now, forward first."""
    allowed = ALLOWED_TRANSITIONS[Stage(company.stage)]
    return [s for s in Stage if s in allowed]


def restructuring_next(restructuring: Restructuring) -> list[RestructuringStatus]:
    """The steps a restructuring may take now (none once completed or terminated)."""
    allowed = RESTRUCTURING_TRANSITIONS[RestructuringStatus(restructuring.status)]
    return [s for s in RestructuringStatus if s in allowed]


@dataclass
class SubsidyRow:
    subsidy: Subsidy
    payments: list[SubsidyPayment]
    paid: Decimal

    @property
    def left(self) -> Decimal:
        return self.subsidy.amount - self.paid


def company_page(*, actor, company: Company) -> dict:
    """The company's stage timeline, subsidies with their payments, opinions and restructurings."""
    subsidies = [
        SubsidyRow(s, list(s.payments.all()), sum((p.amount for p in s.payments.all()), Decimal(0)))
        for s in company.subsidies.prefetch_related("payments").order_by("granted_on", "pk")
    ]
    return {
        "stages": list(company.stages.select_related("by").order_by("happened_on", "pk")),
        "subsidies": subsidies,
        "granted": sum((r.subsidy.amount for r in subsidies), Decimal(0)),
        "paid": sum((r.paid for r in subsidies), Decimal(0)),
        "opinions": list(documents_of(actor=actor, subject=company).order_by("-pk")),
        "restructurings": list(company.restructurings.prefetch_related("updates").order_by("-started_on", "-pk")),
        "next_stages": next_stages(company),
    }


def stage_counts(*, actor) -> dict[str, int]:
    counts = dict.fromkeys(Stage.values, 0)
    for stage in Company.objects.for_user(actor).values_list("stage", flat=True):
        counts[stage] += 1
    return counts


# -- the yearly figures ----------------------------------------------------------------------------


@dataclass
class FiguresRow:
    label: str
    in_stage: dict = field(default_factory=lambda: dict.fromkeys(Stage.values, 0))
    reserve: int = 0  # companies in the reserve at the year's end (every stage but withdrawn and listed)
    newly_listed: int = 0
    listed: int = 0
    ipo_amount: Decimal = Decimal(0)
    subsidies_paid: Decimal = Decimal(0)

    def add(self, other: FiguresRow) -> None:
        for stage, n in other.in_stage.items():
            self.in_stage[stage] += n
        self.reserve += other.reserve
        self.newly_listed += other.newly_listed
        self.listed += other.listed
        self.ipo_amount += other.ipo_amount
        self.subsidies_paid += other.subsidies_paid

    @property
    def cells(self) -> list:
        """The stage counts in the order of the way forward, for the table."""
        return [self.in_stage[s] for s in FORWARD[:-1]]


def figure_years(*, actor, today: datetime.date) -> list[int]:
    first = StageChange.objects.for_user(actor).order_by("happened_on").values_list("happened_on", flat=True).first()
    return list(range(today.year, (first.year if first else today.year) - 1, -1))


def yearly_figures(*, actor, year: int, today: datetime.date) -> tuple[list[FiguresRow], FiguresRow]:
    """Per county of the actor's jurisdiction: the companies by stage at the end of `year` (today
    for the current year), those newly listed in it and the amount they raised, the listed
    companies in all, and the subsidies paid in the year; with the total."""
    end = min(datetime.date(year, 12, 31), today)
    rows = {office.pk: FiguresRow(office.short_name) for office in counties(actor=actor)}
    stage_at: dict[int, tuple[int, str]] = {}
    changes = StageChange.objects.for_user(actor).filter(happened_on__lte=end).order_by("happened_on", "pk")
    for change in changes.values("company_id", "company__office_id", "to_stage", "happened_on", "ipo_amount"):
        stage_at[change["company_id"]] = (change["company__office_id"], change["to_stage"])
        if change["to_stage"] == Stage.LISTED and change["happened_on"].year == year:
            row = rows.get(change["company__office_id"])
            if row is not None:
                row.newly_listed += 1
                row.ipo_amount += change["ipo_amount"] or 0
    for office_id, stage in stage_at.values():
        row = rows.get(office_id)
        if row is None:
            continue
        row.in_stage[stage] += 1
        row.listed += stage == Stage.LISTED
        row.reserve += stage not in (Stage.LISTED, Stage.WITHDRAWN)
    paid = (
        SubsidyPayment.objects.for_user(actor)
        .filter(paid_on__year=year)
        .values("subsidy__company__office_id")
        .annotate(total=Sum("amount"))
    )
    for p in paid:
        row = rows.get(p["subsidy__company__office_id"])
        if row is not None:
            row.subsidies_paid += p["total"]
    total = FiguresRow("")
    for row in rows.values():
        total.add(row)
    return list(rows.values()), total


def figure_stages() -> list[Stage]:
    """The stages counted as columns of the figures (listed has its own)."""
    return FORWARD[:-1]
