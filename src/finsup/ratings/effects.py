"""What a final rating sets in motion. The measures themselves are decided and created by the
inspections app; here we only say which a level proposes, from the rating's scheme."""

from __future__ import annotations

from dataclasses import dataclass

from .choices import Measure, Stage
from .models import Rating


@dataclass(frozen=True)
class ProposedMeasure:
    institution_id: int
    rating_id: int
    measure: str  # a Measure value
    label: str
    level: str
    reason: str


def rating_consequences(rating: Rating) -> list[ProposedMeasure]:
    """The supervisory measures a final rating proposes (e.g. V(1): rectification order and
    suspension; V(2): exit and loss of pilot status), as data; nothing is created."""
    if rating.stage != Stage.FINAL or not rating.final_level:
        return []
    scheme = rating.cycle.scheme
    effects = scheme.levels.get(rating.final_level)
    if effects is None:
        return []
    reason = f"{rating.cycle.year} {scheme.title_zh}: {rating.get_final_level_display()}"
    return [
        ProposedMeasure(rating.institution_id, rating.pk, m, str(Measure(m).label), rating.final_level, reason)
        for m in effects.measures
    ]
