"""The demo's office reports (issue 18): for the last half year closed long enough before the demo's
date, two county offices file their semi-annual supervision report to the city and the city files
its consolidated report to the province, each drafted from the records of the half year
(reporting.office_drafting), sent by the office's clerk and checked and signed off as the
activity's other documents (activity_signoff), the sign-off filing it. The city returns the first
county's report with a reason; the county corrects and refiles it, and the city accepts it; it
accepts the second county's at once. The city's report waits for the province. Counties whose
records fail the report's checks (no inspection of the half year) are passed over, in code order."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from finsup.accounts.choices import OfficeLevel
from finsup.accounts.selectors import offices
from finsup.core.errors import ApplicationError
from finsup.reporting import office_reports
from finsup.reporting.office_drafting import drafted_values
from finsup.reporting.periods import Period, period_containing, previous_period

from .activity_time import acting, office_moment, working_days_after
from .activity_world import CITY, World

FILED_AFTER = 8  # working days after the half year's end
RETURN_REASON = "投诉举报受理和办结情况未作说明，请补充后重新报送。"
CORRECTION = "按市金融办退回意见补充投诉举报受理和办结情况。"
COMPLAINTS_NOTE = "报告期内投诉举报已按规定受理和办结，跨期办结的已在台账中注明。"
COUNTIES = 2


@dataclass
class OfficeReportPlan:
    period: Period
    day: datetime.date  # the first county files this day; the other steps follow on working days


def plan_office_reports(world: World) -> list[OfficeReportPlan]:
    period = previous_period(period_containing(world.as_of, "semiannual"), "semiannual")
    while working_days_after(period.end, FILED_AFTER + 12) >= world.as_of:
        period = previous_period(period, "semiannual")
    return [OfficeReportPlan(period, working_days_after(period.end, FILED_AFTER))]


def _moment(day: datetime.date, after: int, minute: int = 10 * 60) -> datetime.datetime:
    return office_moment(working_days_after(day, after) if after else day, minute)


def _send(world: World, office, report_code: str, period: Period, moment, *, changes=None, reason=""):
    """The clerk sends the report drafted from the records (the sign-off after the step files it);
    None when its figures fail the report's checks."""
    clerk = world.staff(office.code, "clerk")
    with acting(clerk, moment):
        report = office_reports.office_report(office, report_code)
        values = drafted_values(report=report, office=office, period=period) | (changes or {})
        try:
            office_reports.office_report_send(
                by=clerk, office=office, report_code=report_code, period=period, raw=values, correction_reason=reason
            )
        except ApplicationError:
            return None
    return office_reports.current_office_filing(office=office, report_code=report_code, period_end=period.end)


def load_office_reports(world: World, plans: list[OfficeReportPlan]) -> dict[str, int]:
    filed = 0
    city_office = world.staff(CITY, "clerk").office
    reviewer = world.staff(CITY, "supervisor")
    for plan in plans:
        counties = offices().filter(parent=city_office, level__in=[OfficeLevel.COUNTY, OfficeLevel.ZONE])
        done = []
        for office in counties.order_by("code"):
            if len(done) == COUNTIES:
                break
            n = len(done)
            filing = _send(world, office, "county_semiannual", plan.period, _moment(plan.day, n, 10 * 60 + 5 * n))
            if filing is not None:
                done.append((office, filing))
        for n, (office, filing) in enumerate(done):
            if n == 0:  # returned with a reason, corrected and refiled, then accepted
                with acting(reviewer, _moment(plan.day, 2, 15 * 60)):
                    office_reports.office_report_return(submission=filing, by=reviewer, reason=RETURN_REASON)
                problems = filing.values.get("problems_text", "")
                filing = _send(
                    world,
                    office,
                    "county_semiannual",
                    plan.period,
                    _moment(plan.day, 4),
                    changes={"problems_text": f"{problems}\n{COMPLAINTS_NOTE}"},
                    reason=CORRECTION,
                )
                filed += 1
            with acting(reviewer, _moment(plan.day, 5, 15 * 60 + 10 * n)):
                office_reports.office_report_accept(submission=filing, by=reviewer)
            filed += 1
        if _send(world, city_office, "city_semiannual", plan.period, _moment(plan.day, 8)) is not None:
            filed += 1
    return {"office_reports": filed}
