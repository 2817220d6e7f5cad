"""The province decides what the city asked it to (issue 18): a V(2) rating or revoking the pilot
status or licence. The city's leader decided to ask, and the request (请示) was signed off; the
province's leader approves or refuses with reasons. The decision is the province's (its user, its
office), audited, and flows back: a revocation approved revokes the institution in the registry,
and the city, the county office and the institution's users are notified."""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from finsup.accounts.choices import OfficeLevel, Role
from finsup.accounts.policies import Action, require
from finsup.accounts.selectors import users_active
from finsup.audit.choices import AuditAction
from finsup.audit.services import audit_record
from finsup.core import clock
from finsup.core.errors import ApplicationError, InvalidTransition
from finsup.institutions.choices import InstitutionStatus
from finsup.institutions.services import institution_change_status
from finsup.notifications.services import notify

from ..choices import PROVINCE_DECIDES, MeasureKind, MeasureStatus, PaperKind, ProvinceOutcome
from ..errors import Code
from ..models import IssuedDocument, Measure, ProvinceDecision
from .common import require_text
from .measures import MEASURE

PROVINCE_LEVELS = (OfficeLevel.PROVINCE,)


def request_sent(measure: Measure) -> bool:
    """The request (请示) of the measure is signed off (numbered): it has reached the province."""
    return IssuedDocument.objects.filter(measure=measure, kind=PaperKind.REQUEST).exclude(number="").exists()


@transaction.atomic
def measure_province_decide(*, by, measure: Measure, outcome: str, reasons: str) -> ProvinceDecision:
    measure = MEASURE.lock(measure)
    require(
        by,
        Action.MEASURE_PROVINCE_DECIDE,
        institution=measure.institution,
        levels=PROVINCE_LEVELS,
        denied=_("Only a leader of the provincial office decides what the city asks of the province."),
    )
    if measure.kind not in PROVINCE_DECIDES:
        raise ApplicationError(_("This measure is not one the province decides."), code=Code.NOT_A_PROVINCE_MATTER)
    if measure.status != MeasureStatus.DECIDED or not request_sent(measure):
        raise InvalidTransition(
            _("The city's request for this measure has not reached the province yet."), code=Code.REQUEST_NOT_SENT
        )
    if ProvinceDecision.objects.filter(measure=measure).exists():
        raise InvalidTransition(
            _("The province has already decided on this request."), code=Code.PROVINCE_ALREADY_DECIDED
        )
    if outcome not in ProvinceOutcome.values:
        raise ApplicationError(
            _("Choose whether the province approves the request."),
            field="outcome",
            code=Code.PROVINCE_OUTCOME_REQUIRED,
        )
    reasons = require_text(reasons, "reasons", _("Give the reasons of the province's decision."))
    decision = ProvinceDecision.objects.create(
        measure=measure, outcome=outcome, reasons=reasons, office=by.office, decided_by=by, decided_at=clock.now()
    )
    audit_record(
        action=AuditAction.CREATE,
        obj=decision,
        changes={"outcome": [None, outcome], "reasons": [None, reasons], "office": [None, by.office.code]},
    )
    institution = measure.institution
    if outcome == ProvinceOutcome.APPROVED and measure.kind == MeasureKind.REVOCATION_REQUEST:
        institution_change_status(
            by=by,
            institution=institution,
            to_status=InstitutionStatus.REVOKED,
            effective_on=clock.today(),
            reason=reasons,
        )
    _announce(decision, measure)
    return decision


def _announce(decision: ProvinceDecision, measure: Measure) -> None:
    """The office that asked, the institution's county office and lead supervisor, and the
    institution's users (who read the registry, not the office's measures) learn the decision."""
    institution = measure.institution
    heads = [Role.LEADER, Role.LEAD_SUPERVISOR]
    offices = {institution.county_id}
    if measure.decided_by is not None and measure.decided_by.office_id:
        offices.add(measure.decided_by.office_id)
    staff = list(users_active(office_id__in=offices, role__in=heads))
    if institution.lead_supervisor_id:
        staff.append(institution.lead_supervisor)
    title = _("The province decided on %(measure)s of %(institution)s: %(outcome)s") % {
        "measure": measure.get_kind_display(),
        "institution": institution.name,
        "outcome": decision.get_outcome_display(),
    }
    members = list(users_active(institution=institution))
    staff_url = reverse("measures:measure_detail", args=[measure.pk])
    members_url = reverse("institutions:detail", args=[institution.pk])
    key = f"province-decision:{decision.pk}"

    def send():
        notify(users=staff, title=title, body=decision.reasons, url=staff_url, key=key)
        notify(users=members, title=title, body=decision.reasons, url=members_url, key=key)

    transaction.on_commit(send)


def may_decide_for_province(user, measure: Measure) -> bool:
    """Whether the page offers `user` the province's decision on `measure` (the service decides)."""
    from finsup.accounts.policies import may

    return (
        measure.kind in PROVINCE_DECIDES
        and measure.status == MeasureStatus.DECIDED
        and may(user, Action.MEASURE_PROVINCE_DECIDE, institution=measure.institution, levels=PROVINCE_LEVELS)
        and request_sent(measure)
    )
