"""The report catalogue: which periodic reports each kind of institution files, with their
fields, units, frequency, identity checks and dated versions, kept as data in ``data/*.toml``.

Pure Python and DuckDB (no Django), so the same definitions can drive batch jobs elsewhere."""

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
