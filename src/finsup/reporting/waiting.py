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


@register_waiting_source
def office_reports_waiting(user):
    """An office's own reports still to file (overdue past their deadline), and the reports of the
    offices below waiting for its review (late after the days allowed for the city's step)."""
    from .office_reports import office_duties
    from .office_selectors import office_filings_below

    if user.is_institution_user or user.office_id is None or not can(user, Action.FILING_REVIEW):
        return
    duties = [
        d
        for d in office_duties(office=user.office)
        if d["open"] and (d["overdue"] or d["due"] - clock.today() <= datetime.timedelta(days=10))
    ]
    yield WaitingItem(
        label=_("Our supervision reports to file"),
        count=len(duties),
        url=reverse("reporting:office_reports"),
        overdue=sum(d["overdue"] for d in duties),
        order=12,
    )
    waiting = office_filings_below(actor=user).filter(status=SubmissionStatus.SUBMITTED)
    late = Q(
        submitted_at__lt=_start_of(clock.today() - datetime.timedelta(days=settings.FINSUP_FILING_REVIEW_DAYS["city"]))
    )
    counts = waiting.aggregate(n=Count("pk"), late=Count("pk", filter=late))
    yield WaitingItem(
        label=_("Reports of the offices below waiting for review"),
        count=counts["n"],
        url=reverse("reporting:office_reports"),
        overdue=counts["late"],
        order=13,
    )
