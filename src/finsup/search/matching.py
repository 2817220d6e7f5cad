"""Text matching for the search kinds: the same rows on both databases, ranked where the database can.

Every field is matched with icontains (on PostgreSQL `UPPER(col::text) LIKE UPPER('%…%')`, which
the GIN trigram indexes of `operations.TrigramIndex` serve); PostgreSQL then ranks by trigram word
similarity (pg_trgm, which the same migrations install), SQLite by the shortest first field."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connections
from django.db.models import Q, QuerySet
from django.db.models.functions import Greatest, Length


def text_matches(qs: QuerySet, *, fields: Sequence[str], text: str) -> QuerySet:
    """The rows of `qs` where one of `fields` contains `text`, best match first."""
    condition = Q()
    for field in fields:
        condition |= Q(**{f"{field}__icontains": text})
    qs = qs.filter(condition)
    if connections[qs.db].vendor == "postgresql":
        from django.contrib.postgres.search import TrigramWordSimilarity

        ranks = [TrigramWordSimilarity(text, field) for field in fields]
        rank = ranks[0] if len(ranks) == 1 else Greatest(*ranks)
        return qs.annotate(search_rank=rank).order_by("-search_rank", Length(fields[0]), "pk")
    return qs.order_by(Length(fields[0]), "pk")
