"""What waits for a user in off-site supervision (see finsup.notifications.waiting): the filings
waiting for the office's review step, and an institution's reports still to file."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from finsup.accounts.policies import Action, can
from finsup.core import clock
from finsup.notifications.waiting import WaitingItem, register_waiting_source

from .choices import SubmissionStatus
from .obligations import MISSING, reports_to_file
from .selectors import review_waiting


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


@register_waiting_source
def filings_waiting(user):
    if can(user, Action.FILING_REVIEW):
        status, waiting = review_waiting(actor=user)
        if status:
            # Late as on the page of overdue duties: the days allowed for the step
            # (FINSUP_FILING_REVIEW_DAYS) counted from the filing, or from the county's acceptance.
            days = settings.FINSUP_FILING_REVIEW_DAYS
            today = clock.today()
            if status == SubmissionStatus.SUBMITTED:
                late = Q(submitted_at__lt=_start_of(today - datetime.timedelta(days=days["county"])))
            else:
                late = Q(status_changed_at__lt=_start_of(today - datetime.timedelta(days=days["city"])))
            counts = waiting.aggregate(n=Count("pk"), late=Count("pk", filter=late))
            yield WaitingItem(
                label=_("Filings waiting for review"),
                count=counts["n"],
                url=f"{reverse('reporting:list')}?status={status}",
                overdue=counts["late"],
                order=10,
            )
    if user.is_institution_user and can(user, Action.FILING_SUBMIT):
        duties = reports_to_file(institution=user.institution)
        yield WaitingItem(
            label=_("Reports to file"),
            count=len(duties),
            url=f"{reverse('dashboard:home')}#reports-due",
            overdue=sum(d.state == MISSING for d in duties),
            order=11,
        )
