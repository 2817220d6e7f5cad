"""The rulebook: quantitative rules kept as data (``rules/*.toml``) with their legal citation
and effective dates, checked with sqlglot when they load and evaluated in batch by DuckDB.
No Django inside: the engine takes plain rows and returns plain results.

Modules: ``loader`` (``load_rulebook``), ``engine`` (``evaluate``), ``checks`` (the catalogue's
identity and continuity checks), ``exact`` (exact comparison with limits). The rule language, the
context columns and the DuckDB plumbing belong to the report catalogue (``finsup.catalogue``), the
one package the rulebook imports.
"""

from .checks import CheckFailure, check_continuity, evaluate_checks
from .engine import EvaluationError, RuleResult, evaluate
from .loader import RULES_DIR, Citation, Rule, Rulebook, RulebookError, default_rulebook, load_rulebook

__all__ = [
    "RULES_DIR",
    "CheckFailure",
    "Citation",
    "EvaluationError",
    "Rule",
    "RuleResult",
    "Rulebook",
    "RulebookError",
    "check_continuity",
    "default_rulebook",
    "evaluate",
    "evaluate_checks",
    "load_rulebook",
]
