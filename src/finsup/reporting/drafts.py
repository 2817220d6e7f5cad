"""Drafts of the web form: the institution's clerk saves the figures as typed and comes back to
them. A draft is not a filing (no deadline counts it, no office sees it: its scope has no office)
and it is not checked; there is one per institution, report and period, and filing the period
removes it. Every save and removal is in the audit trail, which records which figures changed but
not the figures themselves, so that nobody reads a draft through the trail."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from finsup.accounts.policies import Action, require
from finsup.audit.choices import AuditAction
from finsup.audit.services import audit_record
from finsup.core import clock
from finsup.core.errors import ApplicationError

from .errors import Code
from .models import FilingDraft
from .periods import Period
from .validation import MAX_TEXT, field_label

if TYPE_CHECKING:
    from finsup.catalogue import ReportVersion
    from finsup.institutions.models import Institution

MAX_REASON = 2000


def _denied() -> str:
    return _("Only the institution’s own users file its reports.")


def draft_get(*, actor, report_code: str, period_end: datetime.date) -> FilingDraft | None:
    """The actor's institution's draft of this report and period, if any (never another's)."""
    return FilingDraft.objects.for_user(actor).filter(report_code=report_code, period_end=period_end).first()


def draft_periods(*, actor) -> set[tuple[str, datetime.date]]:
    """(report code, period end) of every draft the actor's institution keeps."""
    return set(FilingDraft.objects.for_user(actor).values_list("report_code", "period_end"))


def draft_lock(*, institution: Institution, report_code: str, period: Period) -> None:
    """Locks the draft of this report and period, if there is one, until the transaction ends. A
    filing takes it right after the institution, before the audit chain's head: the order in which
    saving a draft takes the two, so a draft saved while its period is being filed waits for the
    filing (or the filing for it) instead of the two deadlocking."""
    list(
        FilingDraft.objects.select_for_update()
        .filter(institution=institution, report_code=report_code, period_end=period.end)
        .values_list("pk", flat=True)
    )


@transaction.atomic
def draft_save(
    *,
    by,
    institution: Institution,
    version: ReportVersion,
    period: Period,
    raw: Mapping[str, str],
    correction_reason: str = "",
) -> FilingDraft:
    """Creates or replaces the draft of ``version``'s report for ``period`` with the figures as
    typed (empty ones dropped; unknown keys ignored). Nothing is checked but the lengths."""
    require(by, Action.FILING_SUBMIT, institution=institution, denied=_denied())
    values = {}
    for field in version.fields:
        text = str(raw.get(field.id) or "").strip()
        if len(text) > MAX_TEXT:
            raise ApplicationError(
                _("“%(label)s”: at most %(n)s characters.") % {"label": field_label(field), "n": MAX_TEXT},
                field=field.id,
                code=Code.DRAFT_TOO_LONG,
            )
        if text:
            values[field.id] = text
    reason = (correction_reason or "").strip()
    if len(reason) > MAX_REASON:
        raise ApplicationError(
            _("The reason for the correction is at most %(n)s characters.") % {"n": MAX_REASON},
            field="correction_reason",
            code=Code.DRAFT_TOO_LONG,
        )
    draft = (
        FilingDraft.objects.select_for_update()
        .filter(institution=institution, report_code=version.report_code, period_end=period.end)
        .first()
    )
    before = dict(draft.values) if draft else {}
    if draft is None:
        draft = FilingDraft(institution=institution, report_code=version.report_code, period_end=period.end)
    draft.period_start, draft.values, draft.correction_reason = period.start, values, reason
    draft.saved_by, draft.saved_at = by, clock.now()
    created = draft.pk is None
    draft.save()
    changed = [field_label(f) for f in version.fields if before.get(f.id) != values.get(f.id)]
    audit_record(
        action=AuditAction.CREATE if created else AuditAction.UPDATE,
        obj=draft,
        changes={
            "report_code": [None, version.report_code] if created else [version.report_code, version.report_code],
            "period": [None, period.label] if created else [period.label, period.label],
            "figures_entered": [None if created else len(before), len(values)],
            "figures_changed": [None, "、".join(changed)],
        },
    )
    return draft


@transaction.atomic
def draft_discard(*, by, institution: Institution, report_code: str, period: Period, reason: str = "") -> bool:
    """Removes the draft of this report and period, if there is one (True if there was). ``reason``
    says why in the trail (the clerk discarded it, or the period was filed)."""
    require(by, Action.FILING_SUBMIT, institution=institution, denied=_denied())
    draft = (
        FilingDraft.objects.select_for_update()
        .filter(institution=institution, report_code=report_code, period_end=period.end)
        .first()
    )
    if draft is None:
        return False
    audit_record(
        action=AuditAction.DELETE,
        obj=draft,
        changes={
            "report_code": [report_code, None],
            "period": [period.label, None],
            "figures_entered": [len(draft.values), None],
            "reason": [None, reason or _("discarded by the institution")],
        },
    )
    draft.delete()
    return True
