"""The demo's outreach reports: each completed campaign (finsup.demo.outreach loads them before the
activity) reported to the superior office, a county's to the city and the city's May month with
its counties to the province, by the office's clerk the working day after its summary, and signed
off as the activity's other documents (activity_signoff)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from finsup.outreach import selectors, services
from finsup.outreach.choices import CampaignStatus

from .activity_time import acting, office_moment, working_days_after
from .activity_world import CITY, World

REPORTED_AT = 10 * 60  # minutes after midnight: the morning


@dataclass
class Report:
    campaign: object
    office: str  # the office's code
    moments: list[datetime.datetime]  # the one step: drafting the report


def plan_reports(world: World) -> list[Report]:
    completed = selectors.campaign_list(actor=world.staff(CITY, "clerk")).filter(status=CampaignStatus.COMPLETED)
    reports = []
    for campaign in completed.order_by("year", "office__path"):
        day = working_days_after(timezone.localdate(campaign.completed_at), 1)
        if day < world.as_of:
            reports.append(Report(campaign, campaign.office.code, [office_moment(day, REPORTED_AT)]))
    return reports


def load_reports(world: World, reports: list[Report]) -> dict[str, int]:
    for report in reports:
        clerk = world.staff(report.office, "clerk")
        with acting(clerk, report.moments[0]):
            services.campaign_report_draft(campaign=report.campaign, by=clerk)
    return {"outreach_reports": len(reports)}
