"""What other procedures set in motion here: the consequences of a final rating
(`finsup.ratings.effects.rating_consequences`) and of a concluded annual review
(`finsup.licensing.services.review_consequences`) become supervisory measure proposals, for a
leader to decide; and rating events join the institution's timeline."""

from __future__ import annotations

from django.utils.translation import gettext as _

from finsup.institutions.models import Institution

from .choices import MeasureKind
from .models import Measure
from .services import measure_propose
from .timeline import TimelineEntry, register_timeline_source

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


def measures_from_rating(rating) -> list[Measure]:
    """Proposes the measures a final rating calls for (the platform proposes: `by=None`)."""
    from finsup.ratings.effects import rating_consequences

    institution = Institution.objects.get(pk=rating.institution_id)
    return [
        measure_propose(
            by=None,
            institution=institution,
            kind=RATING_MEASURES[c.measure],
            proposal=_("Classification rating %(reason)s: %(measure)s") % {"reason": c.reason, "measure": c.label},
        )
        for c in rating_consequences(rating)
        if c.measure in RATING_MEASURES
    ]


def measures_from_review(review) -> list[Measure]:
    """Proposes the measures a concluded annual review calls for, if licensing says which."""
    try:
        from finsup.licensing.services import review_consequences
    except ImportError:  # pragma: no cover - licensing ships with this app
        return []
    institution = Institution.objects.get(pk=review.institution_id)
    return [
        measure_propose(
            by=None,
            institution=institution,
            kind=REVIEW_MEASURES[c["kind"]],
            proposal=_("Annual review %(year)s: %(consequence)s. %(detail)s")
            % {"year": c["year"], "consequence": c["label"], "detail": c["detail"]},
        )
        for c in review_consequences(review)
        if c["kind"] in REVIEW_MEASURES
    ]


@register_timeline_source
def rating_events(user, institution):
    """Each step of the institution's classification ratings the user may see; an institution's
    users see only final ratings (as on the rating pages)."""
    from finsup.ratings.choices import Level, RatingStep, Stage
    from finsup.ratings.models import RatingEvent

    events = RatingEvent.objects.for_user(user).filter(rating__institution=institution).select_related("rating__cycle")
    if getattr(user, "institution_id", None):
        events = events.filter(rating__stage=Stage.FINAL)
    for e in events:
        title = _("Classification rating %(year)s: %(step)s") % {
            "year": e.rating.cycle.year,
            "step": RatingStep(e.step).label,
        }
        if e.level:
            title = f"{title} · {Level(e.level).label}"
        yield TimelineEntry(e.at, "rating", title, e.rating.get_absolute_url())
