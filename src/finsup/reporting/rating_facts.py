"""What the rules read of an institution's ratings (a private capital company's funding multiple
depends on its rating level and on how many years running it was rated I), from the ratings app.

Ratings sits above reporting (it scores institutions on their rule results), so reporting does not
import it: ratings registers its readers here when Django starts (ratings.apps), as the apps above
fill `notifications.waiting` and `inspections.timeline`."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass

# (year, level, finalised on), newest year first
FinalRating = tuple[int, str, datetime.date]


@dataclass(frozen=True)
class RatingFacts:
    # {institution id: its final ratings} for a batch of institutions, in one query
    final_ratings: Callable[[Iterable[int]], dict[int, list[FinalRating]]]
    # consecutive most recent yearly ratings at level I decided before a day
    level_i_run: Callable[..., int]
    # the level of the newest yearly final rating decided before a day, or None
    latest_final_level: Callable[..., str | None]


_facts: RatingFacts | None = None


def register_rating_facts(facts: RatingFacts) -> None:
    global _facts
    _facts = facts


def rating_facts() -> RatingFacts:
    if _facts is None:
        raise RuntimeError("No rating facts are registered: is finsup.ratings in INSTALLED_APPS?")
    return _facts
