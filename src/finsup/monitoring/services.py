"""Opening and moving risk warnings. Opening is idempotent by key, so re-evaluating a filing or
re-running a check never opens the same warning twice."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from finsup.accounts.policies import Action, require
from finsup.audit.choices import AuditAction
from finsup.audit.services import audit_batch, audit_record
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
    return warnings_open(
        [
            dict(
                institution=institution,
                key=key,
                source=source,
                level=level,
                title=title,
                detail=detail,
                rule_id=rule_id,
                citation=citation,
                submission=submission,
                report_code=report_code,
                period_end=period_end,
            )
        ]
    )[0]


KEYS_PER_QUERY = 500


@transaction.atomic(savepoint=False)
def warnings_open(specs: list[dict]) -> list[tuple[RiskWarning, bool]]:
    """`warning_open` for many warnings at once (each spec: its keyword arguments), with one lookup
    of the keys, one insert of the warnings and one of their events, and the audit entries chained
    as one batch: a batch of filings opens thousands. Returns (warning, created) per spec, in their
    order; a key met twice is created once."""
    found: dict[str, RiskWarning] = {}
    keys = sorted({spec["key"] for spec in specs})
    for start in range(0, len(keys), KEYS_PER_QUERY):
        found.update((w.key, w) for w in RiskWarning.objects.filter(key__in=keys[start : start + KEYS_PER_QUERY]))
    now = clock.now()
    made: dict[str, RiskWarning] = {}
    for spec in specs:
        if spec["key"] not in found and spec["key"] not in made:
            made[spec["key"]] = _new_warning(at=now, **spec)
    if made:  # nothing new: no write, and the audit chain's head is not locked
        _write_new(made.values(), at=now)
    out, reported = [], set()
    for spec in specs:
        key = spec["key"]
        out.append((made[key], key not in reported) if key in made else (found[key], False))
        reported.add(key)
    return out


def _write_new(warnings, *, at) -> None:
    RiskWarning.objects.bulk_create(warnings, batch_size=KEYS_PER_QUERY)
    WarningEvent.objects.bulk_create(
        [
            WarningEvent(warning=w, from_status="", to_status=WarningStatus.OPEN, by=None, at=at, reason=w.detail)
            for w in warnings
        ],
        batch_size=KEYS_PER_QUERY,
    )
    with audit_batch():
        for warning in warnings:
            audit_record(
                action=AuditAction.CREATE,
                obj=warning,
                changes={
                    "source": [None, warning.source],
                    "level": [None, warning.level],
                    "title": [None, warning.title],
                    "rule_id": [None, warning.rule_id],
                },
            )


def _new_warning(*, at, institution, title: str, citation: str = "", **fields) -> RiskWarning:
    return RiskWarning(
        institution=institution,
        title=title[:200],
        citation=citation[:200],
        assigned_to_id=institution.lead_supervisor_id,
        opened_at=at,
        **fields,
    )


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


@transaction.atomic
def warnings_acknowledge(*, warnings: list[RiskWarning], by, reason: str) -> int:
    """Acknowledges the selected warnings with one note, all or nothing: each goes through
    `warning_transition` (its lock, checks, event and audit entry, as when acknowledged alone); the
    first refusal names the warning and why, and rolls every other back."""
    if not warnings:
        raise ApplicationError(_("Select at least one warning."), code=Code.NOTHING_SELECTED)
    with audit_batch():
        for warning in warnings:
            try:
                warning_transition(warning=warning, to_status=WarningStatus.ACKNOWLEDGED, by=by, reason=reason)
            except ApplicationError as exc:
                exc.message = _("%(warning)s (%(institution)s): %(reason)s Nothing was changed.") % {
                    "warning": warning.title,
                    "institution": warning.institution.name,
                    "reason": exc.message,
                }
                exc.args = (exc.message,)
                raise
    return len(warnings)


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
