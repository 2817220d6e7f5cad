"""A definition made at run time rather than read from ``data/*.toml``: an office's special survey
(finsup.surveys) declares its fields and checks in the catalogue's own terms, and gets back a
``ReportVersion`` checked exactly as a report file is (field types, units, bounds, the checks parsed,
typed by DuckDB and compiled). So a survey's answers go through the same validation as a filing."""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence

from . import duck
from .loader import CatalogueError, _first_line, _Problems, _version
from .model import ReportVersion

GROUP = ("survey", "调查项目", "Survey items")
# A survey's version is in force from this day on: its period is the survey itself, not a date.
ALWAYS = datetime.date(2000, 1, 1)


def adhoc_version(code: str, fields: Sequence[Mapping], checks: Sequence[Mapping] = ()) -> ReportVersion:
    """The version of a definition given as the TOML tables would give it: each field a mapping with
    id, label_zh, label_en, type, unit, required, min, max; each check id, expr, message_zh,
    message_en (tolerance optional). Raises CatalogueError with every problem found."""
    problems = _Problems()
    item = {
        "version": 1,
        "effective_from": ALWAYS,
        "fields": [{**{k: v for k, v in f.items() if v is not None}, "group": GROUP[0]} for f in fields],
        "checks": [dict(c) for c in checks],
    }
    if not item["fields"]:
        problems.add(code, "at least one field is required")
    version = _version(item, code, {GROUP[0]: GROUP}, {}, f"{code}: versions[0]", problems)
    if version is not None:
        con = duck.connect()
        try:
            duck.create_empty(con, "t", {f.id: f.sql_type for f in version.fields})
            for check in version.checks:
                try:
                    kind = duck.bound_type(con, "t", check.sql)
                except duck.Error as err:
                    problems.add(f"{code}: check '{check.id}'", _first_line(err))
                    continue
                if kind != "BOOLEAN":
                    problems.add(f"{code}: check '{check.id}'", f"gives {kind}, not true/false")
        finally:
            con.close()
    if problems or version is None:
        raise CatalogueError(list(problems) or [f"{code}: not a valid definition"])
    return version
