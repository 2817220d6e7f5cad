"""What waits for a user in major risk incidents (see finsup.notifications.waiting): the
incidents nobody has acknowledged yet."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from finsup.accounts.policies import Action, can
from finsup.core import clock
from finsup.notifications.waiting import WaitingItem, register_waiting_source

from .choices import IncidentStatus
from .selectors import incident_list
from .services import incident_escalation_due


@register_waiting_source
def incidents_waiting(user):
    if not can(user, Action.INCIDENT_HANDLE):
        return
    reported = list(
        incident_list(actor=user, filters={"status": IncidentStatus.REPORTED})
        .select_related(None)
        .only("pk", "severity", "level", "status", "reported_at", "escalated_at")
    )
    now = clock.now()
    # Late: escalated already, or past the hours allowed at its level (FINSUP_INCIDENT_ESCALATION_HOURS).
    late = sum(1 for i in reported if i.escalated_at or ((due := incident_escalation_due(i)) and due <= now))
    yield WaitingItem(
        label=_("Incidents not yet acknowledged"),
        count=len(reported),
        url=f"{reverse('incidents:list')}?status={IncidentStatus.REPORTED}",
        overdue=late,
        order=32,
    )
