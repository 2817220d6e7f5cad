"""Text matching for the search kinds: the same rows on both databases, ranked where the database can.

Every field is matched with icontains (on PostgreSQL `UPPER(col::text) LIKE UPPER('%…%')`, which
the GIN trigram indexes of `operations.TrigramIndex` serve); PostgreSQL then ranks by trigram word
similarity (pg_trgm, which the same migrations install), SQLite by the shortest first field."""

from __future__ import annotations

import re
from collections.abc import Sequence

from django.db import connections
from django.db.models import Case, Q, QuerySet, Value, When
from django.db.models.functions import Greatest, Length

ABBREVIATION_MIN_LENGTH = 3  # two characters in order match too many names


def abbreviation_pattern(text: str) -> str | None:
    """The characters of a Chinese short name in order, as a regular expression; None for text that
    is not one (too short, or Latin letters and digits only)."""
    letters = [ch for ch in text if not ch.isspace()]
    if len(letters) < ABBREVIATION_MIN_LENGTH or text.isascii():
        return None
    return ".*".join(re.escape(ch) for ch in letters)


def text_matches(qs: QuerySet, *, fields: Sequence[str], text: str, abbreviated: str | None = None) -> QuerySet:
    """The rows of `qs` where one of `fields` contains `text`, best match first. With `abbreviated`,
    that field also matches a Chinese short name, its characters in order (富民小贷, 兰山富民 for
    临沂市兰山区富民农村小额贷款股份有限公司), after every row that contains the text itself."""
    contains = Q()
    for field in fields:
        contains |= Q(**{f"{field}__icontains": text})
    condition = contains
    pattern = abbreviation_pattern(text) if abbreviated else None
    if pattern:
        condition |= Q(**{f"{abbreviated}__regex": pattern})
    qs = qs.filter(condition).annotate(search_loose=Case(When(contains, then=Value(0)), default=Value(1)))
    if connections[qs.db].vendor == "postgresql":
        from django.contrib.postgres.search import TrigramWordSimilarity

        ranks = [TrigramWordSimilarity(text, field) for field in fields]
        rank = ranks[0] if len(ranks) == 1 else Greatest(*ranks)
        return qs.annotate(search_rank=rank).order_by("search_loose", "-search_rank", Length(fields[0]), "pk")
    return qs.order_by("search_loose", Length(fields[0]), "pk")
