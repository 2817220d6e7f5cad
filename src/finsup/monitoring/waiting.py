"""What waits for a user in risk monitoring (see finsup.notifications.waiting): the warnings not
yet closed that a lead supervisor handles (assigned to the institution's lead supervisor, and kept
so by services.warnings_reassign), and for a leader every one of the office's jurisdiction."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from finsup.accounts.choices import Role
from finsup.accounts.policies import Action, can
from finsup.notifications.waiting import WaitingItem, register_waiting_source

from .choices import WarningStatus
from .models import RiskWarning


@register_waiting_source
def warnings_waiting(user):
    if not can(user, Action.WARNING_HANDLE):
        return
    not_closed = RiskWarning.objects.for_user(user).exclude(status=WarningStatus.CLOSED)
    url = reverse("monitoring:warning_list")
    if user.role == Role.LEAD_SUPERVISOR:
        yield WaitingItem(
            label=_("Open warnings assigned to me"),
            count=not_closed.filter(assigned_to=user).count(),
            url=f"{url}?mine=on",
            order=20,
        )
    elif user.role == Role.LEADER:
        yield WaitingItem(label=_("Open warnings"), count=not_closed.count(), url=url, order=20)
