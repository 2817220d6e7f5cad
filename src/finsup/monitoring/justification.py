"""Justifying a rule breach (the Deutsche Bundesbank's practice: a reporter explains every failed
check). The institution answers its breach with a text and, if it wants, one file; the warning's
handler accepts the answer (the breach is justified and the warning closes), rejects it with a
reason (the institution may answer again), or finds the breach a false alarm, the rule having
misfired (the warning closes; the rulebook page counts them per rule). One function per step:
lock the warning, check the step, write the append-only event and the audit entry."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from finsup.accounts.policies import Action, require
from finsup.complaints.attachments import CheckedFile
from finsup.core.errors import ApplicationError, InvalidTransition
from finsup.core.lifecycle import Event, Lifecycle, move, refused_move
from finsup.notifications.services import notify

from .choices import BREACH_SOURCES, JUSTIFICATION_TRANSITIONS, JustificationStatus, WarningStatus
from .errors import Code
from .models import JustificationEvent, RiskWarning
from .services import NOT_HANDLER, lock_warning, warning_transition

JUSTIFICATION = Lifecycle(
    model=RiskWarning,
    table=JUSTIFICATION_TRANSITIONS,
    refusal=refused_move(gettext_lazy("A breach that is “%(from)s” cannot become “%(to)s”."), JustificationStatus),
    event=Event(model=JustificationEvent, owner="warning", note="text"),
    status_field="justification_status",
    audit_note="text",
    select_related=("institution__county",),
)


def _text(value: str, message: str, field: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ApplicationError(message, field=field, code=Code.TEXT_REQUIRED)
    return value


def _step(warning: RiskWarning, *, to: str, by, text: str, attachment: CheckedFile | None = None):
    """Checks the step on the locked warning, then records the event and the audit entry."""
    if warning.source not in BREACH_SOURCES:
        raise InvalidTransition(_("Only the breach of a rule is justified."), code=Code.NOT_A_RULE_BREACH)
    if warning.status == WarningStatus.CLOSED:
        raise InvalidTransition(
            _("This warning is closed: its justification can no longer change."), code=Code.WARNING_CLOSED
        )
    event_fields, audit_changes = {}, {}
    if attachment is not None:
        event_fields = {
            "attachment_name": attachment.name,
            "attachment_type": attachment.content_type,
            "attachment_sha256": attachment.sha256,
            "attachment": ContentFile(attachment.content, name=attachment.sha256),
        }
        audit_changes["attachment"] = [None, f"{attachment.name} ({attachment.sha256})"]
    return move(
        warning,
        to=to,
        by=by,
        note=text,
        lifecycle=JUSTIFICATION,
        locked=True,
        event_fields=event_fields,
        audit_changes=audit_changes,
    )[1]


def _tell_institution(event: JustificationEvent, title: str) -> None:
    """The institution's users learn the decision once it is committed."""
    warning = event.warning
    url = reverse("monitoring:breach_detail", args=[warning.pk])
    users = warning.institution.users.filter(is_active=True)
    text = title % {"title": warning.title}
    transaction.on_commit(lambda: notify(users=users, title=text, url=url, key=f"justification:{event.pk}"))


@transaction.atomic
def justification_submit(
    *, warning: RiskWarning, by, text: str, attachment: CheckedFile | None = None
) -> JustificationEvent:
    """The institution's answer to its breach: first, or again after a rejection."""
    warning = lock_warning(warning)
    message = _("Only a user of the institution may justify its breach.")
    require(by, Action.BREACH_ANSWER, institution=warning.institution, denied=message)
    text = _text(text, _("Explain the breach: why the figure is what it is, and what is being done."), "text")
    event = _step(warning, to=JustificationStatus.WAITING, by=by, text=text, attachment=attachment)
    supervisor = warning.assigned_to
    title = _("Justification of a breach to decide: %(title)s") % {"title": warning.title}
    url = warning.get_absolute_url()
    transaction.on_commit(lambda: notify(users=[supervisor], title=title, url=url, key=f"justification:{event.pk}"))
    return event


def _decide(warning: RiskWarning, *, by, to: str, reason: str, missing: str) -> JustificationEvent:
    """The handler's step on the locked warning, with the reason the institution reads."""
    warning = lock_warning(warning)
    require(by, Action.WARNING_HANDLE, office=warning.institution.county, denied=NOT_HANDLER)
    return _step(warning, to=to, by=by, text=_text(reason, missing, "reason"))


def _close(event: JustificationEvent, note: str) -> None:
    """The decision closes the warning, with the decision's reason in the warning's history."""
    reason = note % {"reason": event.text}
    warning_transition(warning=event.warning, to_status=WarningStatus.CLOSED, by=event.by, reason=reason)


@transaction.atomic
def justification_accept(*, warning: RiskWarning, by, reason: str) -> JustificationEvent:
    """The breach is justified: the warning closes."""
    missing = _("Record why the justification is accepted; the institution reads it.")
    event = _decide(warning, by=by, to=JustificationStatus.JUSTIFIED, reason=reason, missing=missing)
    _close(event, _("Justified: %(reason)s"))
    _tell_institution(event, _("Justification accepted: %(title)s"))
    return event


@transaction.atomic
def justification_reject(*, warning: RiskWarning, by, reason: str) -> JustificationEvent:
    """The justification is not enough: the warning stays, and the institution may answer again."""
    missing = _("Say why the justification is not accepted, so the institution can answer.")
    event = _decide(warning, by=by, to=JustificationStatus.REJECTED, reason=reason, missing=missing)
    _tell_institution(event, _("Justification not accepted: %(title)s"))
    return event


@transaction.atomic
def breach_false_alarm(*, warning: RiskWarning, by, reason: str) -> JustificationEvent:
    """The rule misfired: the breach was none. Whether or not the institution has answered; the
    warning closes."""
    missing = _("Say how the rule misfired; the institution reads it.")
    event = _decide(warning, by=by, to=JustificationStatus.FALSE_ALARM, reason=reason, missing=missing)
    _close(event, _("False alarm: %(reason)s"))
    _tell_institution(event, _("Breach found a false alarm: %(title)s"))
    return event
