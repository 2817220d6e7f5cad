"""Figures of a survey as the office reads them: amounts in their unit of entry (万元 mostly) with
separators, ratios as percentages, dates and text as they are."""

from __future__ import annotations

from finsup.core import numbers
from finsup.reporting.validation import entered_text

from .selectors import Consolidation


def figure_text(fdef, stored) -> str:
    if stored is None:
        return "—"
    if fdef.type == "ratio":
        return numbers.percent(stored)
    if fdef.type in ("text", "date"):
        return str(stored)
    return entered_text(fdef, stored)


def totals_rows(result: Consolidation) -> list[dict]:
    rows = []
    for t in result.totals:
        rows.append(
            {
                "label": t.field.label_zh,
                "count": t.count,
                "total": figure_text(t.field, t.total) if t.total is not None else "—",
                "mean": figure_text(t.field, t.mean) if t.mean is not None else "—",
            }
        )
    return rows


def return_rows(result: Consolidation) -> list[dict]:
    fields = result.version.fields
    return [
        {"row": r, "figures": [figure_text(f, (r.figures or {}).get(f.id)) if r.figures else "" for f in fields]}
        for r in result.rows
    ]
