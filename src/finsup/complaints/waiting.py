"""What waits for a user in complaints (see finsup.notifications.waiting): the complaints
assigned to the user and still open, and for a leader the office's complaints past their deadline."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from finsup.accounts.choices import Role
from finsup.accounts.policies import Action, can
from finsup.notifications.waiting import WaitingItem, register_waiting_source

from .selectors import complaint_list, complaints_overdue


@register_waiting_source
def complaints_waiting(user):
    if not can(user, Action.COMPLAINT_HANDLE):
        return
    url = reverse("complaints:list")
    mine = complaint_list(actor=user, filters={"mine": 1, "open": 1})
    yield WaitingItem(
        label=_("Complaints assigned to me"),
        count=mine.count(),
        url=f"{url}?mine=1&open=1",
        overdue=complaint_list(actor=user, filters={"mine": 1, "overdue": 1}).count(),
        order=30,
    )
    if user.role == Role.LEADER:
        late = complaints_overdue(actor=user).count()
        yield WaitingItem(
            label=_("Complaints past their deadline"), count=late, url=f"{url}?overdue=1", overdue=late, order=31
        )
