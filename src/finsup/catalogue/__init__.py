"""The report catalogue: which periodic reports each kind of institution files, with their
fields, units, frequency, identity checks and dated versions, kept as data in ``data/*.toml``.

Pure Python and DuckDB (no Django), so the same definitions can drive batch jobs elsewhere. It imports
no finsup app: the rulebook and the apps import it. Besides the reports it holds what their checks and
the rules are written in and over: ``sqlexpr`` (the expression language), ``duck`` (DuckDB plumbing)
and ``context`` (what a rule may read besides report fields: the filing context, the loan columns)."""

from .loader import (
    DATA_DIR,
    Catalogue,
    CatalogueError,
    CheckDef,
    ContinuityDef,
    FieldDef,
    ReportDefinition,
    ReportVersion,
    default_catalogue,
    load_catalogue,
)

__all__ = [
    "DATA_DIR",
    "Catalogue",
    "CatalogueError",
    "CheckDef",
    "ContinuityDef",
    "FieldDef",
    "ReportDefinition",
    "ReportVersion",
    "default_catalogue",
    "load_catalogue",
]
