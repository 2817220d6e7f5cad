"""The rating events on an institution's timeline (`finsup.inspections.timeline`), registered
from this app so that the inspections app need not know the ratings."""

from __future__ import annotations

from django.utils.translation import gettext as _

from finsup.inspections.timeline import TimelineEntry, register_timeline_source

from .choices import Level, RatingStep, Stage
from .models import RatingEvent


@register_timeline_source
def rating_events(user, institution):
    """Each step of the institution's classification ratings the user may see; an institution's
    users see only final ratings (as on the rating pages)."""
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
