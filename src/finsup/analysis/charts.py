"""The data of the analysis charts (read by static/js/analysis_charts.js): amounts in 万元."""

from __future__ import annotations

from decimal import Decimal

from finsup.core.numbers import WAN

from .selectors import headline_fields


def _wan(value: Decimal | None) -> float | None:
    return None if value is None else float(round(value / WAN, 2))


def over_time(series) -> dict:
    fields = headline_fields()
    return {
        "months": [str(f.month) for f in series],
        "series": [{"name": label, "data": [_wan(f.total(g, fid)) for f in series]} for g, fid, label in fields],
    }


def by_county(figures) -> dict:
    counties = list(figures.by_county)
    fields = [(g, fid, label) for g, fid, label in headline_fields() if g == "bank" and fid in ("deposits", "loans")]
    return {
        "counties": counties,
        "series": [
            {"name": label, "data": [_wan(figures.by_county[c].get((g, fid))) for c in counties]}
            for g, fid, label in fields
        ],
    }
