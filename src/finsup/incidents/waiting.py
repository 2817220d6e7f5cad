"""What waits for a user in major risk incidents (see finsup.notifications.waiting): the
incidents nobody has acknowledged yet."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _

from finsup.accounts.choices import OfficeLevel
from finsup.accounts.policies import Action, can
from finsup.core import clock
from finsup.notifications.waiting import WaitingItem, register_waiting_source

from .choices import EscalationLevel, IncidentStatus
from .selectors import incident_list
from .services import incident_escalation_due


@register_waiting_source
def incidents_waiting(user):
    if not can(user, Action.INCIDENT_HANDLE):
        return
    filters = {"status": IncidentStatus.REPORTED}
    if user.office is not None and user.office.level == OfficeLevel.PROVINCE:
        # The province handles what was escalated to it; below, the counties and the city act first.
        filters["level"] = EscalationLevel.PROVINCE
    reported = list(
        incident_list(actor=user, filters=filters)
        .select_related(None)
        .only("pk", "severity", "level", "status", "reported_at", "escalated_at")
    )
    now = clock.now()
    # Late: escalated already, or past the hours allowed at its level (FINSUP_INCIDENT_ESCALATION_HOURS).
    late = sum(1 for i in reported if i.escalated_at or ((due := incident_escalation_due(i)) and due <= now))
    yield WaitingItem(
        label=_("Incidents escalated to the province not yet acknowledged")
        if "level" in filters
        else _("Incidents not yet acknowledged"),
        count=len(reported),
        url=f"{reverse('incidents:list')}?{urlencode(filters)}",
        overdue=late,
        order=32,
    )
