"""Writes of the partners register: register a resident institution or partner department, record a
major matter. Each write is atomic and audited; a refusal raises ApplicationError and changes nothing."""

from __future__ import annotations

import datetime
from collections.abc import Mapping

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from finsup.accounts.policies import Action, require
from finsup.audit.choices import AuditAction
from finsup.audit.services import audit_record
from finsup.core import clock
from finsup.core.errors import ApplicationError

from .choices import MatterKind, PartnerKind
from .errors import Code
from .models import MajorMatter, Partner

NOT_YOURS = gettext_lazy("You may not keep the register of this office.")
PARTNER_FIELDS = ("name", "kind", "head_office", "city_owned", "address", "contact_person", "contact_phone", "note")


@transaction.atomic
def partner_create(*, by, county, data: Mapping) -> Partner:
    """A resident institution or partner department located in `county` (an office in the actor's reach)."""
    require(by, Action.PARTNER_MANAGE, office=county, denied=NOT_YOURS)
    clean = {k: data.get(k, "") for k in PARTNER_FIELDS}
    clean["name"] = (clean["name"] or "").strip()[:100]
    clean["city_owned"] = bool(clean["city_owned"])
    if not clean["name"]:
        raise ApplicationError(_("Give the name."), field="name", code=Code.NAME_REQUIRED)
    if clean["kind"] not in PartnerKind.values:
        raise ApplicationError(_("Choose the kind."), field="kind", code=Code.KIND_INVALID)
    if Partner.objects.filter(name=clean["name"]).exists():
        raise ApplicationError(_("This name is already in the register."), field="name", code=Code.NAME_TAKEN)
    for key in ("head_office", "address", "contact_person", "contact_phone", "note"):
        clean[key] = (clean[key] or "").strip()
    partner = Partner.objects.create(county=county, created_by=by, created_at=clock.now(), **clean)
    audit_record(
        action=AuditAction.CREATE,
        obj=partner,
        changes={k: [None, "***" if k == "contact_phone" and v else str(v)] for k, v in clean.items()},
    )
    return partner


@transaction.atomic
def matter_record(
    *, by, partner: Partner, occurred_on: datetime.date, kind: str, summary: str, action: str = ""
) -> MajorMatter:
    """A major matter of the partner and what the office did; a later development is a new entry."""
    require(by, Action.PARTNER_MANAGE, office=partner.county, denied=NOT_YOURS)
    summary, action = (summary or "").strip(), (action or "").strip()
    if kind not in MatterKind.values:
        raise ApplicationError(_("Choose the kind."), field="kind", code=Code.KIND_INVALID)
    if not summary:
        raise ApplicationError(_("Say what happened."), field="summary", code=Code.MATTER_TEXT_REQUIRED)
    if not isinstance(occurred_on, datetime.date) or occurred_on > clock.today():
        raise ApplicationError(
            _("Give the day it happened, not later than today."), field="occurred_on", code=Code.MATTER_DATE_INVALID
        )
    matter = MajorMatter.objects.create(
        partner=partner,
        occurred_on=occurred_on,
        kind=kind,
        summary=summary,
        action=action,
        recorded_by=by,
        recorded_at=clock.now(),
    )
    audit_record(
        action=AuditAction.CREATE,
        obj=matter,
        changes={"kind": [None, kind], "occurred_on": [None, occurred_on.isoformat()], "summary": [None, summary]},
    )
    return matter
