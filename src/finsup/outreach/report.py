"""The campaign's summary report (宣传活动总结报告) to the superior office: its context, from the
campaign's record (finsup.documents.context lists the keys). A May campaign month of an office
with offices below it (the city) reports the month of its whole jurisdiction, as the city reports
to the province; any other campaign reports its own events. Figures are counts with separators;
the wording is the office's, in Chinese whatever the interface language."""

from __future__ import annotations

from django.db.models import Count, Sum
from django.utils import translation

from finsup.core.numbers import count

from .choices import CampaignKind, Channel
from .models import Campaign, OutreachEvent, OutreachMaterial

_TOTALS = {"events": Count("pk"), "audience": Sum("audience"), "copies": Sum("copies"), "views": Sum("views")}


def covered_campaigns(campaign: Campaign):
    """The campaigns the report counts: the office's whole May month, or the campaign alone."""
    if campaign.kind != CampaignKind.MAY_MONTH:
        return Campaign.objects.filter(pk=campaign.pk)
    return Campaign.objects.filter(
        kind=CampaignKind.MAY_MONTH, year=campaign.year, office__path__startswith=campaign.office.path
    )


def outreach_report_context(campaign: Campaign) -> dict:
    campaigns = covered_campaigns(campaign)
    events = OutreachEvent.objects.filter(campaign__in=campaigns)
    total = events.aggregate(**_TOTALS)
    materials = OutreachMaterial.objects.filter(campaign__in=campaigns).count()
    by_office = list(
        events.values("campaign__office", "campaign__office__name", "campaign__office__path")
        .annotate(**_TOTALS)
        .order_by("campaign__office__path")
    )
    below = [r for r in by_office if r["campaign__office"] != campaign.office_id]
    figures = [
        f"共开展宣传活动{count(total['events'] or 0)}场次",
        f"覆盖群众{count(total['audience'] or 0)}人次",
        f"发放宣传资料{count(total['copies'] or 0)}份",
        f"媒体宣传阅读收听收看{count(total['views'] or 0)}人次",
        f"制作宣传材料{count(materials)}种",
    ]
    if below:
        figures.append(f"覆盖{count(len(below))}个县（区）")
    context = {
        "year": str(campaign.year),
        "campaign": campaign.title,
        "start_date": campaign.starts_on,
        "end_date": campaign.ends_on,
        "figures": figures,
        "theme": campaign.theme,
        "offices": [_office_line(r, own=r["campaign__office"] == campaign.office_id) for r in by_office]
        if below
        else [],
        "channels": _channels(events),
        "summary": [line.strip() for line in campaign.summary.splitlines() if line.strip()],
    }
    if campaign.office.parent_id:
        context["addressee"] = campaign.office.parent.name
    return context


def _office_line(row: dict, *, own: bool) -> str:
    name = "本级" if own else row["campaign__office__name"]
    return (
        f"{name}：开展宣传活动{count(row['events'])}场次，覆盖群众{count(row['audience'] or 0)}人次，"
        f"发放宣传资料{count(row['copies'] or 0)}份"
    )


def _channels(events) -> list[str]:
    rows = {r["channel"]: r for r in events.values("channel").annotate(**_TOTALS).order_by()}
    lines = []
    with translation.override("zh-hans"):
        for channel in Channel:
            row = rows.get(channel.value)
            if row:
                lines.append(
                    f"{channel.label}：{count(row['events'])}场次，覆盖群众{count(row['audience'] or 0)}人次，"
                    f"阅读收听收看{count(row['views'] or 0)}人次"
                )
    return lines
