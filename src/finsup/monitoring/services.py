"""Opening and moving risk warnings. Opening is idempotent by key, so re-evaluating a filing or
re-running a check never opens the same warning twice."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from finsup.accounts.policies import Action, require
from finsup.audit.choices import AuditAction
from finsup.audit.services import audit_record
from finsup.core import clock
from finsup.core.errors import ApplicationError, InvalidTransition
from finsup.core.lifecycle import Event, Lifecycle, refused_move, transition

from .choices import ALLOWED_TRANSITIONS, JustificationStatus, WarningSource, WarningStatus
from .errors import Code
from .models import RiskWarning, WarningEvent


@transaction.atomic(savepoint=False)
def warning_open(
    *,
    institution,
    key: str,
    source: str,
    level: str,
    title: str,
    detail: str = "",
    rule_id: str = "",
    citation: str = "",
    submission=None,
    report_code: str = "",
    period_end: datetime.date | None = None,
) -> tuple[RiskWarning, bool]:
    """Opens the warning unless one with the same key exists; returns (warning, created)."""
    existing = RiskWarning.objects.filter(key=key).first()
    if existing is not None:
        return existing, False
    warning = RiskWarning.objects.create(
        institution=institution,
        key=key,
        source=source,
        level=level,
        title=title[:200],
        detail=detail,
        rule_id=rule_id,
        citation=citation[:200],
        submission=submission,
        report_code=report_code,
        period_end=period_end,
        assigned_to=institution.lead_supervisor,
        opened_at=clock.now(),
    )
    WarningEvent.objects.create(
        warning=warning, from_status="", to_status=WarningStatus.OPEN, by=None, at=warning.opened_at, reason=detail
    )
    audit_record(
        action=AuditAction.CREATE,
        obj=warning,
        changes={
            "source": [None, source],
            "level": [None, level],
            "title": [None, warning.title],
            "rule_id": [None, rule_id],
        },
    )
    return warning, True


WARNING = Lifecycle(
    model=RiskWarning,
    table=ALLOWED_TRANSITIONS,
    refusal=refused_move(gettext_lazy("A warning that is “%(from)s” cannot become “%(to)s”."), WarningStatus),
    event=Event(model=WarningEvent, owner="warning", note="reason"),
    refusal_field="to_status",
    audit_note="reason",
    select_related=("institution__county",),
)


def lock_warning(warning: RiskWarning) -> RiskWarning:
    return WARNING.lock(warning)


# Warnings are handled by the leaders and lead supervisors of the institution's office or above
# (`require` with WARNING_HANDLE over the institution's county); what the others read:
NOT_HANDLER = gettext_lazy("You may not handle this warning.")


@transaction.atomic
def warning_transition(*, warning: RiskWarning, to_status: str, by, reason: str) -> RiskWarning:
    warning = lock_warning(warning)
    require(by, Action.WARNING_HANDLE, office=warning.institution.county, denied=NOT_HANDLER)
    WARNING.check(warning.status, to_status)
    if to_status == WarningStatus.CLOSED and warning.justification_status == JustificationStatus.WAITING:
        raise InvalidTransition(
            _("The institution’s justification is waiting: accept it, reject it or mark a false alarm first."),
            field="to_status",
            code=Code.JUSTIFICATION_WAITING,
        )
    if not reason.strip():
        raise ApplicationError(
            _("Record why: what was found, decided or done."), field="reason", code=Code.NOTE_REQUIRED
        )
    now = clock.now()
    closed_at = now if to_status == WarningStatus.CLOSED else None
    return transition(
        warning,
        to=to_status,
        by=by,
        note=reason.strip(),
        lifecycle=WARNING,
        locked=True,
        at=now,
        fields={"closed_at": closed_at},
    )


def breach_key(*, rule_id: str, institution_id: int, report_code: str, period_end: datetime.date) -> str:
    """One warning per institution, rule and period: a corrected filing that still breaches the
    rule keeps the warning already open."""
    return f"{WarningSource.RULE_BREACH}:{rule_id}:{institution_id}:{report_code}:{period_end:%Y-%m-%d}"


def warnings_reassign(*, institution) -> int:
    """Open warnings follow the institution's current lead supervisor."""
    return (
        RiskWarning.objects.filter(institution=institution)
        .exclude(status=WarningStatus.CLOSED)
        .exclude(assigned_to=institution.lead_supervisor)
        .update(assigned_to=institution.lead_supervisor)
    )
