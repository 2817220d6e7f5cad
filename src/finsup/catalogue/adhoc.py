"""A definition made at run time rather than read from ``data/*.toml``: an office's special survey
(finsup.surveys) declares its fields and checks in the catalogue's own terms, and gets back a
``ReportVersion`` checked exactly as a report file is (field types, units, bounds, the checks parsed,
typed by DuckDB and compiled). So a survey's answers go through the same validation as a filing."""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence

from .loader import version_from_tables
from .model import ReportVersion

GROUP = ("survey", "调查项目", "Survey items")
# A survey's version is in force from this day on: its period is the survey itself, not a date.
ALWAYS = datetime.date(2000, 1, 1)


def adhoc_version(code: str, fields: Sequence[Mapping], checks: Sequence[Mapping] = ()) -> ReportVersion:
    """The version of a definition given as the TOML tables would give it: each field a mapping with
    id, label_zh, label_en, type, unit, required, min, max; each check id, expr, message_zh,
    message_en (tolerance optional). Raises CatalogueError with every problem found."""
    item = {
        "version": 1,
        "effective_from": ALWAYS,
        "fields": [{**{k: v for k, v in f.items() if v is not None}, "group": GROUP[0]} for f in fields],
        "checks": [dict(c) for c in checks],
    }
    return version_from_tables(item, code, GROUP)
