"""What other procedures set in motion here: the consequences of a final rating
(`finsup.ratings.effects.rating_consequences`) and of a concluded annual review
(`finsup.licensing.services.review_consequences`) become supervisory measure proposals, for a
leader to decide. The ratings and licensing apps call in with their consequences as data, so this
app imports neither of them (the rating events join the institution's timeline from
`finsup.ratings.timeline`)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from finsup.institutions.selectors import institution_by_id

from .choices import MeasureKind
from .models import Measure
from .services import measure_propose

# ratings.choices.Measure → MeasureKind
RATING_MEASURES: dict[str, str] = {
    "warning": MeasureKind.WARNING,
    "rectification_order": MeasureKind.RECTIFICATION_ORDER,
    "suspension": MeasureKind.PARTIAL_SUSPENSION,
    "exit_advice": MeasureKind.EXIT_ADVICE,
    "loss_of_pilot_status": MeasureKind.REVOCATION_REQUEST,
}

# licensing.choices.Consequence → MeasureKind
REVIEW_MEASURES: dict[str, str] = {
    "warning": MeasureKind.WARNING,
    "rectification": MeasureKind.RECTIFICATION_ORDER,
    "suspend_business": MeasureKind.PARTIAL_SUSPENSION,
    "licence_loss": MeasureKind.REVOCATION_REQUEST,
}


def measures_from_rating(rating, consequences) -> list[Measure]:
    """Proposes the measures a final rating calls for (the platform proposes: `by=None`); the
    consequences are those of `finsup.ratings.effects.rating_consequences(rating)`."""
    institution = institution_by_id(rating.institution_id)
    return [
        measure_propose(
            by=None,
            institution=institution,
            kind=RATING_MEASURES[c.measure],
            proposal=_("Classification rating %(reason)s: %(measure)s") % {"reason": c.reason, "measure": c.label},
        )
        for c in consequences
        if c.measure in RATING_MEASURES
    ]


def measures_from_review(review, consequences: list[dict]) -> list[Measure]:
    """Proposes the measures a concluded annual review calls for; the consequences are those of
    `finsup.licensing.services.review_consequences(review)`."""
    institution = institution_by_id(review.institution_id)
    return [
        measure_propose(
            by=None,
            institution=institution,
            kind=REVIEW_MEASURES[c["kind"]],
            proposal=_("Annual review %(year)s: %(consequence)s. %(detail)s")
            % {"year": c["year"], "consequence": c["label"], "detail": c["detail"]},
        )
        for c in consequences
        if c["kind"] in REVIEW_MEASURES
    ]
