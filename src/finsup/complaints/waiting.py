"""What waits for a user in complaints and incidents (see finsup.notifications.waiting): the
complaints assigned to the user and still open, for a leader the office's complaints past their
deadline, and the major risk incidents nobody has acknowledged yet."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from finsup.accounts.choices import Role
from finsup.accounts.policies import Action, can
from finsup.notifications.waiting import WaitingItem, register_waiting_source

from .choices import IncidentStatus
from .incidents import incident_escalation_due
from .selectors import complaint_list, complaints_overdue, incident_list


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


@register_waiting_source
def incidents_waiting(user):
    if not can(user, Action.INCIDENT_HANDLE):
        return
    reported = list(
        incident_list(actor=user, filters={"status": IncidentStatus.REPORTED})
        .select_related(None)
        .only("pk", "severity", "level", "status", "reported_at", "escalated_at")
    )
    now = timezone.now()
    # Late: escalated already, or past the hours allowed at its level (FINSUP_INCIDENT_ESCALATION_HOURS).
    late = sum(1 for i in reported if i.escalated_at or ((due := incident_escalation_due(i)) and due <= now))
    yield WaitingItem(
        label=_("Incidents not yet acknowledged"),
        count=len(reported),
        url=f"{reverse('incidents:list')}?status={IncidentStatus.REPORTED}",
        overdue=late,
        order=32,
    )
