"""Near-duplicate texts across entities (the same advertisement under several names): each new
text is compared, on its tokens, with the texts of every other entity when it is added, and the
pairs that read alike are kept; the index counts those above its threshold."""

from __future__ import annotations

from . import text as text_signals
from .models import EntityText, TextSimilarity

KEPT_FROM = 80.0  # pairs below this are not stored (the weights' threshold is 90 by default)


def record_pairs(record: EntityText) -> int:
    """Compares `record` with the other entities' texts; returns the pairs stored."""
    others = EntityText.objects.exclude(entity_id=record.entity_id).exclude(pk=record.pk)
    pairs = []
    for pk, tokens in others.values_list("pk", "tokens").iterator(1000):
        score = text_signals.token_similarity(record.tokens, tokens, KEPT_FROM)
        if score >= KEPT_FROM:
            a, b = sorted((pk, record.pk))
            pairs.append(TextSimilarity(a_id=a, b_id=b, similarity=round(score, 2)))
    TextSimilarity.objects.bulk_create(pairs, ignore_conflicts=True)
    return len(pairs)
