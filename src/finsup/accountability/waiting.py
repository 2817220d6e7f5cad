"""What waits for a user in accountability (see finsup.notifications.waiting): for an oversight
body, the cases transferred to it awaiting acceptance or still with it; for a leader, the open
cases of the office's jurisdiction and those a body returned to the office."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from finsup.accounts.policies import Action, can
from finsup.core import clock
from finsup.notifications.waiting import WaitingItem, register_waiting_source

from .choices import OPEN_TRANSFER_STATUSES
from .models import CaseTransfer
from .selectors import case_list, open_and_returned_counts


@register_waiting_source
def cases_waiting(user):
    url = reverse("accountability:case_list")
    if user.is_oversight_user and can(user, Action.TRANSFER_RESPOND):
        awaiting = case_list(actor=user, filters={"awaiting": 1})
        # Late: the feedback the supervision asked for (supervision_due) has not come by its date.
        late = CaseTransfer.objects.filter(
            case__in=awaiting.values("pk"),
            to_body=user.oversight_body,
            status__in=OPEN_TRANSFER_STATUSES,
            supervision_due__lt=clock.today(),
        )
        yield WaitingItem(
            label=_("Cases transferred to your body"),
            count=awaiting.count(),
            url=f"{url}?awaiting=1",
            overdue=late.count(),
            order=60,
        )
    if can(user, Action.CASE_MANAGE):
        open_cases, returned = open_and_returned_counts(actor=user)
        yield WaitingItem(label=_("Open accountability cases"), count=open_cases, url=f"{url}?open=1", order=61)
        yield WaitingItem(
            label=_("Cases returned by an oversight body"),
            count=returned,
            url=f"{url}?returned=1",
            order=62,
        )
