"""The rulebook: quantitative rules kept as data (``rules/*.toml``) with their legal citation
and effective dates, checked with sqlglot when they load and evaluated in batch by DuckDB.
No Django inside: the engine takes plain rows and returns plain results.

Modules: ``sqlexpr`` (the rule language), ``context`` (what rules may read besides report
fields), ``loader`` (``load_rulebook``), ``engine`` (``evaluate``), ``checks`` (the
catalogue's identity and continuity checks), ``duck`` (DuckDB plumbing).

The names below are imported lazily: the report catalogue imports ``sqlexpr`` from this
package while the loader imports the catalogue, and a lazy import keeps that from looping.
"""

from importlib import import_module

_EXPORTS = {
    "CONTEXT_COLUMNS": "context",
    "CheckFailure": "checks",
    "Citation": "loader",
    "EvaluationError": "engine",
    "Rule": "loader",
    "RuleResult": "engine",
    "Rulebook": "loader",
    "RulebookError": "loader",
    "RULES_DIR": "loader",
    "check_continuity": "checks",
    "default_rulebook": "loader",
    "evaluate": "engine",
    "evaluate_checks": "checks",
    "load_rulebook": "loader",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name in _EXPORTS:
        return getattr(import_module(f"{__name__}.{_EXPORTS[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
