"""What waits for a user in complaints (see finsup.notifications.waiting): the complaints
assigned to the user and still open, and for a leader the office's complaints past their deadline."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from finsup.accounts.choices import Role
from finsup.accounts.policies import Action, can
from finsup.notifications.waiting import WaitingItem, register_waiting_source

from .selectors import assigned_counts, complaints_overdue


@register_waiting_source
def complaints_waiting(user):
    if not can(user, Action.COMPLAINT_HANDLE):
        return
    url = reverse("complaints:list")
    mine, overdue = assigned_counts(actor=user)
    yield WaitingItem(
        label=_("Complaints assigned to me"),
        count=mine,
        url=f"{url}?mine=1&open=1",
        overdue=overdue,
        order=30,
    )
    if user.role == Role.LEADER:
        late = complaints_overdue(actor=user).count()
        yield WaitingItem(
            label=_("Complaints past their deadline"), count=late, url=f"{url}?overdue=1", overdue=late, order=31
        )
