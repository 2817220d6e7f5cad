"""What every service of this app checks: the role's action, the office's jurisdiction, the
transition, and the append-only event of each inspection step."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from finsup.core.errors import ApplicationError
from finsup.core.lifecycle import Event, Lifecycle, transition
from finsup.notifications.services import notify

from ..choices import FINDING_TRANSITIONS, INSPECTION_TRANSITIONS, FindingStatus, InspectionStatus
from ..errors import Code
from ..models import Finding, Inspection, InspectionEvent

# What `accounts.policies.require` says when it refuses a step of this app: staff acting outside
# their office's jurisdiction (or without the role's action), an institution's rectification.
OUTSIDE = gettext_lazy("You may not do this for institutions outside your jurisdiction.")
NOT_THE_INSTITUTION = gettext_lazy("Only a user of the institution may file its rectification.")


def require_text(value: str, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ApplicationError(message, field=field, code=Code.TEXT_REQUIRED)
    return value


def _refusal(labels):
    return lambda current, to: (
        _("Cannot go from “%(from)s” to “%(to)s”.") % {"from": labels(current).label, "to": labels(to).label}
    )


INSPECTION = Lifecycle(
    model=Inspection,
    table=INSPECTION_TRANSITIONS,
    refusal=_refusal(InspectionStatus),
    event=Event(model=InspectionEvent, owner="inspection"),
    select_related=("institution__county", "office"),
)


def lifecycle_of(model, table: dict, labels, *select_related: str, event: Event | None = None) -> Lifecycle:
    """The Lifecycle of one of this app's records, refused with this app's message."""
    return Lifecycle(model=model, table=table, refusal=_refusal(labels), event=event, select_related=select_related)


# A finding's history is its reports and decisions (rows of their own); its moves are audited.
FINDING = lifecycle_of(Finding, FINDING_TRANSITIONS, FindingStatus, "institution__county", "inspection__office")


def lock_inspection(inspection: Inspection) -> Inspection:
    return INSPECTION.lock(inspection)


def move_inspection(
    inspection: Inspection, *, to: str, by, note: str = "", at=None, fields=None, audit_changes=None
) -> Inspection:
    """Moves the locked inspection: the event, the audit entry (the status, then `audit_changes`),
    the status and `fields` in one save."""
    return transition(
        inspection,
        to=to,
        by=by,
        note=note,
        lifecycle=INSPECTION,
        locked=True,
        at=at,
        fields=fields,
        audit_changes=audit_changes,
    )


def notify_institution_after_commit(institution, *, title: str, key: str) -> None:
    """Tells the institution's users, once the step is committed."""

    def send():
        notify(users=institution.users.filter(is_active=True), title=title, key=key)

    transaction.on_commit(send)
