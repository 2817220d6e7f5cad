"""The demo's offices' own reports (issue 18): every county office files its supervision report of
each closed period still being filed to the city, and the city its own to the province, a few
working days before the deadline, by the office's clerk, drafted from the platform's records of the
period (reporting.office_reports drafts the figures and the narrative) and signed off as the
activity's other documents (activity_signoff), whose sign-off files it. The office above accepts two
working days later; one county's report is returned with a reason and refiled as a correction.

Loaded after the ledgers of past inspections, whose inspections the reports count. A report whose
figures the catalogue's checks refuse (an office with nothing to report) is left unfiled: it shows
as owed, as it would."""

from __future__ import annotations

import datetime

from finsup.accounts.choices import Role
from finsup.accounts.selectors import offices_supervising, users_active
from finsup.reporting import office_reports as reports
from finsup.reporting.services import FilingRejected

from .activity_time import acting, office_moment, working_days_after, working_days_before
from .activity_world import CITY, World

FILED_AT, REVIEWED_AT = 10 * 60 + 30, 15 * 60  # 10:30 and 15:00
RETURNED = "371311"  # 罗庄区: its report is returned once
RETURN_REASON = "“发现的主要问题及处置情况”未写明整改完成情况和仍在整改的事项，请补充后重新报送。"
CORRECTION = "已按市金融办退回意见补充整改完成情况。"
ADDED_TEXT = "对检查发现的问题，已逐项下达整改意见并跟踪整改，除个别事项仍在整改期内外，均已整改完毕。"


def load_office_reports(world: World) -> dict[str, int]:
    filed = 0
    for office in [*offices_supervising().order_by("code"), world.staff(CITY, "clerk").office]:
        for duty in reports.office_duties(office=office, as_of=world.as_of):
            if duty["open"] and duty["due"] < world.as_of:
                filed += _file(world, office, duty)
    return {"office_reports": filed}


def _file(world: World, office, duty) -> int:
    report, period = duty["report"], duty["period"]
    day = working_days_before(duty["due"], world.rng.randint(2, 6))
    clerk = _first(office, (Role.CLERK, Role.LEAD_SUPERVISOR, Role.LEADER))
    if clerk is None:
        return 0
    values = reports.form_values(office=office, report=report, period=period)
    if not _send(clerk, office_moment(day, FILED_AT), office, report.code, period, values):
        return 0
    filing = reports.current_office_filing(office=office, report_code=report.code, period_end=period.end)
    if filing is None:
        return 0  # its document waits for a signature (the demo's last working days)
    reviewer = _first(office.parent, (Role.LEAD_SUPERVISOR, Role.LEADER))
    review_day = working_days_after(day, 2)
    if office.code == RETURNED:
        with acting(reviewer, office_moment(review_day, REVIEWED_AT)):
            reports.office_report_return(submission=filing, by=reviewer, reason=RETURN_REASON)
        day = working_days_after(review_day, 1)
        narrative = next((f for f in values if f.startswith("problems")), None)
        if narrative is not None:
            values = values | {narrative: f"{values[narrative]}{ADDED_TEXT}"}
        if not _send(clerk, office_moment(day, FILED_AT), office, report.code, period, values, CORRECTION):
            return 1
        filing = reports.current_office_filing(office=office, report_code=report.code, period_end=period.end)
        review_day = working_days_after(day, 2)
    if review_day < world.as_of:
        with acting(reviewer, office_moment(review_day, REVIEWED_AT)):
            reports.office_report_accept(submission=filing, by=reviewer)
    return 1


def _first(office, roles):
    """The office's first active user of the first of `roles` it has (small offices have no clerk)."""
    for role in roles:
        user = users_active(office=office, role=role).order_by("pk").first()
        if user is not None:
            return user
    return None


def _send(clerk, moment: datetime.datetime, office, code: str, period, values, reason: str = "") -> bool:
    try:
        with acting(clerk, moment):
            reports.office_report_send(
                by=clerk, office=office, report_code=code, period=period, raw=values, correction_reason=reason
            )
    except FilingRejected:  # the catalogue's checks refuse its figures: the report stays owed
        return False
    return True
