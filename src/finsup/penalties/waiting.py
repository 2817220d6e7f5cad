"""What waits for a user in penalty cases (see finsup.notifications.waiting): for a leader, the
proposals to approve; for inspecting staff, the open cases, late when the 90 days of
《行政处罚法》第六十条 have passed without a decision."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _

from finsup.accounts.policies import Action, can
from finsup.core import clock
from finsup.notifications.waiting import WaitingItem, register_waiting_source

from . import deadlines
from .choices import CaseStatus
from .selectors import case_list


@register_waiting_source
def penalty_cases_waiting(user):
    url = reverse("penalties:case_list")
    if can(user, Action.PENALTY_DECIDE):
        proposed = case_list(actor=user, filters={"status": CaseStatus.PROPOSED})
        yield WaitingItem(
            label=_("Penalty cases awaiting approval to open"),
            count=proposed.count(),
            url=f"{url}?status={CaseStatus.PROPOSED}",
            order=63,
        )
    if can(user, Action.PENALTY_PREPARE):
        open_cases = case_list(actor=user, filters={"open": 1})
        late_before = clock.now() - datetime.timedelta(days=deadlines.DECISION_DAYS)
        yield WaitingItem(
            label=_("Open penalty cases"),
            count=open_cases.count(),
            url=f"{url}?open=1",
            overdue=open_cases.filter(opened_at__lt=late_before).count(),
            order=64,
        )
