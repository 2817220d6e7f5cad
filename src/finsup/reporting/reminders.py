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
