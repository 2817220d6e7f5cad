"""Writes of the governance assessment: an assessment of an institution for a year, scored item by
item on the checklist (checklist.toml), its total and grade computed; each submission is the next
version of that year, never an overwrite. Atomic and audited; a refusal writes nothing."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from finsup.accounts.policies import Action, require
from finsup.audit.choices import AuditAction
from finsup.audit.services import audit_record
from finsup.core import clock
from finsup.core.errors import ApplicationError
from finsup.institutions.selectors import institution_lock

from .checklist import checklist
from .errors import Code
from .models import Assessment

NOT_YOURS = gettext_lazy("You may not assess this institution.")
FIRST_YEAR = 2000


def _score(item, value) -> Decimal:
    if value in (None, ""):
        raise ApplicationError(
            _("Score every item of the checklist."), field=f"score_{item.key}", code=Code.SCORE_MISSING
        )
    try:
        score = Decimal(str(value))
    except InvalidOperation:
        score = Decimal(-1)
    if not score.is_finite() or score < 0 or score > item.points:
        raise ApplicationError(
            _("Score from 0 to %(points)s.") % {"points": f"{item.points:g}"},
            field=f"score_{item.key}",
            code=Code.SCORE_OUT_OF_RANGE,
        )
    return score.quantize(Decimal("0.1"))


@transaction.atomic
def assessment_submit(*, by, institution, year: int, scores: dict, notes: dict | None = None, summary: str = ""):
    """Scores {item key: score} (and notes {item key: text}) of the institution for the year."""
    require(by, Action.GOVERNANCE_ASSESS, institution=institution, denied=NOT_YOURS)
    if not isinstance(year, int) or not FIRST_YEAR <= year <= clock.today().year:
        raise ApplicationError(_("Choose a year up to this one."), field="year", code=Code.YEAR_INVALID)
    notes = notes or {}
    sheet = checklist()
    scored = {}
    for item in sheet.items:
        note = " ".join(str(notes.get(item.key) or "").split())[:300]
        scored[item.key] = {"score": str(_score(item, scores.get(item.key))), "note": note}
    total = sum((Decimal(v["score"]) for v in scored.values()), Decimal(0))
    institution_lock(pk=institution.pk)  # one version number at a time
    last = Assessment.objects.filter(institution=institution, year=year).aggregate(n=Max("version"))["n"] or 0
    assessment = Assessment.objects.create(
        institution=institution,
        year=year,
        version=last + 1,
        checklist_version=sheet.version,
        scores=scored,
        total=total,
        grade=sheet.grade(total),
        summary=(summary or "").strip()[:2000],
        assessor=by,
        submitted_at=clock.now(),
    )
    audit_record(
        action=AuditAction.CREATE,
        obj=assessment,
        changes={
            "year": [None, year],
            "version": [None, last + 1],
            "total": [None, str(total)],
            "grade": [None, assessment.grade],
        },
    )
    return assessment
