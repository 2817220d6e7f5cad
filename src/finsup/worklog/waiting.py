"""What waits for a user in the duty register (see finsup.notifications.waiting): the periods of the
tasks they answer for that are past their deadline, and those due within two weeks."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from finsup.accounts.policies import Action, can
from finsup.core import clock
from finsup.notifications.waiting import WaitingItem, register_waiting_source

from .selectors import tasks_due_soon, tasks_overdue

DUE_SOON_DAYS = 14


@register_waiting_source
def duty_tasks_waiting(user):
    if not can(user, Action.WORKLOG_RECORD) or user.is_institution_user:
        return
    today = clock.today()
    overdue = len(tasks_overdue(actor=user, as_of=today, responsible=user))
    soon = len(tasks_due_soon(actor=user, as_of=today, days=DUE_SOON_DAYS, responsible=user))
    yield WaitingItem(
        label=_("Duty tasks of yours, overdue or due within two weeks"),
        count=overdue + soon,
        url=reverse("worklog:register") + "#mine",
        overdue=overdue,
        order=58,
    )
