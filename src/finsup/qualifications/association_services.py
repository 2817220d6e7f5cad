"""Writes of the self-regulatory organisations (duty ㉖): an organisation registered by the office
that guides it (its members institutions of that office's jurisdiction), and the office's guidance
records (append-only). Atomic and audited; a refusal writes nothing."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from finsup.accounts.policies import Action, require
from finsup.audit.choices import AuditAction
from finsup.audit.services import audit_record
from finsup.core import clock
from finsup.core.errors import ApplicationError
from finsup.institutions.selectors import institutions_under

from .choices import AssociationKind, GuidanceKind
from .errors import Code
from .inputs import past_day, text, written
from .models import Association, GuidanceRecord

NOT_YOURS = gettext_lazy("You may not keep the self-regulatory organisations of this office.")


@transaction.atomic
def association_register(
    *, by, office, name: str, kind: str, members=(), contact_person: str = "", contact_phone: str = ""
) -> Association:
    """An organisation the office guides; its members must be institutions of the office's jurisdiction."""
    require(by, Action.ASSOCIATION_MANAGE, office=office, denied=NOT_YOURS)
    name = text(name, 100)
    if not name:
        raise ApplicationError(_("Give the organisation's name."), field="name", code=Code.NAME_REQUIRED)
    if kind not in AssociationKind.values:
        raise ApplicationError(_("Choose the kind of organisation."), field="kind", code=Code.KIND_INVALID)
    if Association.objects.filter(office=office, name=name).exists():
        raise ApplicationError(
            _("The office already has an organisation of this name."), field="name", code=Code.ALREADY_REGISTERED
        )
    members = list(members)
    within = set(institutions_under(office=office).filter(pk__in=[m.pk for m in members]).values_list("pk", flat=True))
    if len(within) != len({m.pk for m in members}):
        raise ApplicationError(
            _("Members must be institutions of the office's jurisdiction."), field="members", code=Code.MEMBER_OUTSIDE
        )
    association = Association.objects.create(
        office=office,
        name=name,
        kind=kind,
        contact_person=text(contact_person, 50),
        contact_phone=text(contact_phone, 20),
        registered_by=by,
        registered_at=clock.now(),
    )
    association.members.set(members)
    changes = written(association) | {"members": [None, sorted(within)]}
    audit_record(action=AuditAction.CREATE, obj=association, changes=changes)
    return association


@transaction.atomic
def guidance_record(
    *, by, association: Association, on: datetime.date, kind: str, summary: str, attendees: str = ""
) -> GuidanceRecord:
    """The office's guidance of the organisation: a meeting, a document, an inspection of it, other."""
    require(by, Action.ASSOCIATION_MANAGE, office=association.office, denied=NOT_YOURS)
    on = past_day(on)
    if kind not in GuidanceKind.values:
        raise ApplicationError(_("Choose the kind of guidance."), field="kind", code=Code.KIND_INVALID)
    summary = (summary or "").strip()[:4000]
    if not summary:
        raise ApplicationError(_("Summarise the guidance."), field="summary", code=Code.SUMMARY_REQUIRED)
    record = GuidanceRecord.objects.create(
        association=association,
        on=on,
        kind=kind,
        summary=summary,
        attendees=(attendees or "").strip()[:2000],
        by=by,
        at=clock.now(),
    )
    audit_record(action=AuditAction.CREATE, obj=record, changes=written(record))
    return record
