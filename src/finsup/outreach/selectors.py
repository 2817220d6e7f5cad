"""Reads of outreach, always from what the acting user may see, and the public reads, which return
only published materials."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Count, Q, QuerySet, Sum

from finsup.accounts.selectors import office_scope, offices_within

from .choices import CampaignKind, Channel
from .models import Campaign, OutreachEvent, OutreachMaterial

if TYPE_CHECKING:
    from finsup.accounts.models import Office


def campaign_list(*, actor, year: int | None = None) -> QuerySet[Campaign]:
    qs = Campaign.objects.for_user(actor).select_related("office")
    if year:
        qs = qs.filter(year=year)
    return qs.annotate(
        event_count=Count("events", distinct=True),
        audience_total=Sum("events__audience"),
    ).order_by("-year", "office__path", "starts_on", "pk")


def campaign_years(*, actor) -> list[int]:
    return sorted(set(Campaign.objects.for_user(actor).values_list("year", flat=True)), reverse=True)


def campaign_get(*, actor, pk: int) -> Campaign:
    return Campaign.objects.for_user(actor).select_related("office", "created_by", "completed_by").get(pk=pk)


def campaign_offices(*, actor) -> QuerySet[Office]:
    """The offices a user may plan campaigns for: their own and those below it."""
    return office_scope(actor=actor).order_by("path")


@dataclass
class Reach:
    """Totals of a group of events."""

    key: str = ""
    label: str = ""
    events: int = 0
    audience: int = 0
    copies: int = 0
    views: int = 0
    campaigns: int = 0

    @classmethod
    def of(cls, row: dict, **kwargs) -> Reach:
        return cls(
            events=row.get("events") or 0,
            audience=row.get("audience") or 0,
            copies=row.get("copies") or 0,
            views=row.get("views") or 0,
            **kwargs,
        )


@dataclass
class YearSummary:
    office: Office
    year: int
    channels: list[Reach] = field(default_factory=list)
    offices: list[Reach] = field(default_factory=list)
    may: Reach = field(default_factory=Reach)
    total: Reach = field(default_factory=Reach)
    campaigns: list[Campaign] = field(default_factory=list)


_TOTALS = {"events": Count("pk"), "audience": Sum("audience"), "copies": Sum("copies"), "views": Sum("views")}


def summary_office_get(*, actor, code: str) -> Office:
    return office_scope(actor=actor).get(code=code)


def year_summary(*, office: Office, year: int) -> YearSummary:
    """The year's outreach of the office and every office below it: totals per channel, per office
    (the office itself and each county or zone, with zeros for those that recorded nothing) and of
    the May campaign month. The caller has checked that the office is in the user's jurisdiction."""
    events = OutreachEvent.objects.filter(campaign__office__path__startswith=office.path, campaign__year=year)
    campaigns = list(
        Campaign.objects.filter(office__path__startswith=office.path, year=year)
        .select_related("office")
        .annotate(event_count=Count("events"), audience_total=Sum("events__audience"))
        .order_by("office__path", "starts_on", "pk")
    )
    summary = YearSummary(office=office, year=year, campaigns=campaigns)
    by_channel = {r["channel"]: r for r in events.values("channel").annotate(**_TOTALS).order_by()}
    summary.channels = [Reach.of(by_channel.get(c.value, {}), key=c.value, label=str(c.label)) for c in Channel]
    by_office = {r["campaign__office"]: r for r in events.values("campaign__office").annotate(**_TOTALS).order_by()}
    counted = {}
    for c in campaigns:
        counted[c.office_id] = counted.get(c.office_id, 0) + 1
    summary.offices = [
        Reach.of(by_office.get(o.pk, {}), key=o.code, label=o.name, campaigns=counted.get(o.pk, 0))
        for o in offices_within(office).order_by("path")
    ]
    may = events.filter(campaign__kind=CampaignKind.MAY_MONTH).aggregate(**_TOTALS)
    summary.may = Reach.of(may, campaigns=sum(1 for c in campaigns if c.kind == CampaignKind.MAY_MONTH))
    summary.total = Reach.of(events.aggregate(**_TOTALS), campaigns=len(campaigns))
    return summary


def public_current_campaigns(*, today: datetime.date) -> list[Campaign]:
    """The campaigns the portal shows: those running today that have published materials; when none
    is, the May campaign months of the latest year up to this one that have published materials."""
    published = Campaign.objects.filter(materials__published=True).distinct().select_related("office")
    running = list(published.filter(starts_on__lte=today, ends_on__gte=today).order_by("office__path", "pk"))
    if running:
        return running
    may = published.filter(kind=CampaignKind.MAY_MONTH, starts_on__lte=today)
    latest = may.order_by("-year").values_list("year", flat=True).first()
    return list(may.filter(year=latest).order_by("office__path", "pk")) if latest else []


def public_materials(*, campaigns: list[Campaign]) -> QuerySet[OutreachMaterial]:
    return OutreachMaterial.objects.filter(campaign__in=campaigns, published=True).order_by("campaign", "pk")


def public_material_get(*, pk: int) -> OutreachMaterial:
    """A published material; any other raises DoesNotExist (a 404 for the public)."""
    return OutreachMaterial.objects.get(Q(pk=pk) & Q(published=True))


def outreach_period_counts(*, office, start: datetime.date, end: datetime.date) -> dict[str, int]:
    """Outreach events held within the office from ``start`` to ``end`` (inclusive) and the people
    they reached (a system read for the office's own reports: no actor)."""
    events = OutreachEvent.objects.filter(
        campaign__office__path__startswith=office.path, held_on__gte=start, held_on__lte=end
    ).aggregate(events=Count("pk"), audience=Sum("audience"))
    return {"events": events["events"], "audience": events["audience"] or 0}
