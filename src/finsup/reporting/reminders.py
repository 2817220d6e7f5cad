"""Missing filings past their deadline: a warning for the lead supervisor and a reminder in the
platform for the institution's users. Idempotent: running it again sends nothing new."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _

from finsup.institutions.selectors import all_institutions
from finsup.monitoring.choices import WarningLevel, WarningSource
from finsup.monitoring.services import warning_open
from finsup.notifications.services import notify

from .obligations import MISSING, obligations


def remind_missing(*, as_of: datetime.date | None = None) -> int:
    institutions = all_institutions().select_related("county", "lead_supervisor").prefetch_related("users")
    opened = 0
    for item in obligations(institutions=institutions, as_of=as_of):
        if item.state != MISSING:
            continue
        key = f"{WarningSource.MISSING_FILING}:{item.institution.pk}:{item.report_code}:{item.period.end}"
        title = _("%(report)s for %(period)s not filed (due %(due)s)") % {
            "report": item.report_name,
            "period": item.period.label,
            "due": item.due,
        }
        warning, created = warning_open(
            institution=item.institution,
            key=key,
            source=WarningSource.MISSING_FILING,
            level=WarningLevel.WARNING,
            title=title,
            citation="《山东省地方金融条例》第四十条、第五十一条",
            report_code=item.report_code,
            period_end=item.period.end,
        )
        if created:
            opened += 1
        notify(
            users=item.institution.users.all(),
            title=title,
            key=key,
            body=_("Please file it now; late and missing reports are penalised (第五十一条)."),
            url=reverse("reporting:file", args=[item.report_code, item.period.label]),
        )
        notify(users=[item.institution.lead_supervisor], title=title, key=key, url=warning.get_absolute_url())
    return opened


REMIND_DAYS_BEFORE = 7  # an office's own report: reminded this many days before its deadline, then when overdue


def remind_office_reports(*, as_of: datetime.date | None = None) -> int:
    """Reminds the staff who file an office's own reports (reporting.office_reports) of a report due
    within REMIND_DAYS_BEFORE days, and again once it is overdue (not filed, or returned and not
    refiled); the office above is told of the overdue ones. Once per report, period and stage."""
    from finsup.accounts.policies import Action, roles_with
    from finsup.accounts.selectors import offices, staff_pick
    from finsup.core import clock

    from .office_reports import office_duties

    as_of = as_of or clock.today()
    filers = roles_with(Action.FILING_REVIEW)
    sent = 0
    for office in offices().exclude(parent=None).select_related("parent").order_by("path"):
        for duty in office_duties(office=office, as_of=as_of):
            if not duty["open"] or (duty["due"] - as_of).days > REMIND_DAYS_BEFORE:
                continue
            stage = "overdue" if duty["overdue"] else "due"
            words = {"report": duty["report"].name_zh, "period": duty["period_zh"], "due": duty["due_zh"]}
            title = (
                _("%(report)s for %(period)s is overdue (due %(due)s)") % words
                if duty["overdue"]
                else _("%(report)s for %(period)s is due %(due)s") % words
            )
            key = f"office_report:{office.code}:{duty['report'].code}:{duty['period'].label}:{stage}"
            url = reverse("reporting:office_file", args=[duty["report"].code, duty["period"].label])
            sent += notify(users=staff_pick(offices=[office], roles=filers), title=title, key=key, url=url)
            if duty["overdue"]:
                above = staff_pick(offices=[office.parent], roles=filers)
                notify(
                    users=above, title=f"{office.short_name}：{title}", key=key, url=reverse("reporting:office_reports")
                )
    return sent
