"""What every service of this app checks: the role's action, the office's jurisdiction, the
transition, and the append-only event of each inspection step."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from finsup.audit.choices import AuditAction
from finsup.audit.services import audit_record
from finsup.core.errors import ApplicationError, InvalidTransition
from finsup.notifications.services import notify

from ..choices import INSPECTION_TRANSITIONS, InspectionStatus
from ..models import Inspection, InspectionEvent

# What `accounts.policies.require` says when it refuses a step of this app: staff acting outside
# their office's jurisdiction (or without the role's action), an institution's rectification.
OUTSIDE = gettext_lazy("You may not do this for institutions outside your jurisdiction.")
NOT_THE_INSTITUTION = gettext_lazy("Only a user of the institution may file its rectification.")


def require_text(value: str, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ApplicationError(message, field=field)
    return value


def lock_inspection(inspection: Inspection) -> Inspection:
    return Inspection.objects.select_for_update().select_related("institution__county", "office").get(pk=inspection.pk)


def check_transition(table: dict, labels, current: str, target: str) -> None:
    if target not in table[current]:
        raise InvalidTransition(
            _("Cannot go from “%(from)s” to “%(to)s”.") % {"from": labels(current).label, "to": labels(target).label}
        )


def move_inspection(inspection: Inspection, *, to: str, by, note: str = "", at=None) -> InspectionEvent:
    """Checks the step, records the event and the audit entry, and saves the new status."""
    check_transition(INSPECTION_TRANSITIONS, InspectionStatus, inspection.status, to)
    at = at or timezone.now()
    event = InspectionEvent.objects.create(
        inspection=inspection, from_status=inspection.status, to_status=to, by=by, at=at, note=note
    )
    audit_record(action=AuditAction.STATUS, obj=inspection, changes={"status": [inspection.status, to]})
    inspection.status = to
    return event


def notify_institution_after_commit(institution, *, title: str, key: str) -> None:
    """Tells the institution's users, once the step is committed."""

    def send():
        notify(users=institution.users.filter(is_active=True), title=title, key=key)

    transaction.on_commit(send)
