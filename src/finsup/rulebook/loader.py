"""Load the rulebook from ``rules/*.toml`` and check it against the report catalogue.

A rule is refused at load time, with the file, the rule id and the problem, when: its SQL is
malformed or outside the rule language; it reads a column that is neither a context column
nor a field of its report in every report version in force during the rule's dates; its
report or data source is unknown or of another kind; its id is used twice; its comparator
and thresholds do not fit together; its dates are reversed; or DuckDB cannot type it. A rule
whose figures were added to its report by a later version says so with ``data_from``: only the
versions from that day on must hold them, and earlier periods are "not applicable". All
problems of all files are reported at once.

A rule on a data source (``source = "loans"``) is of one of two shapes. A ROW rule gives a
``condition`` over one record (no aggregates) and no ``formula``: its value is the number of
records meeting the condition in a group (a company), compared with its threshold (usually
``= 0``). An AGGREGATE rule gives a ``formula`` with aggregates, computed per group; it may
read the source's per-group columns (e.g. net_assets) bare. Both are typed by DuckDB against
an empty table of the source's columns; ``applies_when`` is for report rules only.

Every rule goes live in stages, as the validation rules of the best supervisors do (the EBA marks
each rule blocking or not; the OeNB runs a new rule "in test" before it counts). ``stage``:
``test`` (evaluated and shown to supervisors; its breaches open no warning and count for nothing)
or ``active`` (the default). ``enforcement``: ``supervisory`` (the default: a breach is accepted
and opens a warning) or ``blocking`` (for impossible values: a filing that breaks an active
blocking rule cannot be submitted). Neither is part of the rule's version: the version names
what decides a result, and a rule promoted from test to active keeps it; each stored result
records the stage it was evaluated in instead.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import re
import tomllib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path

from finsup.catalogue import Catalogue, ReportDefinition, default_catalogue, duck
from finsup.catalogue.context import CONTEXT_COLUMNS, DATA_SOURCES
from finsup.catalogue.sqlexpr import CompiledExpression, ExpressionError, compile_expression

RULES_DIR = Path(__file__).parent / "rules"
IDENT = re.compile(r"^[a-z][a-z0-9_]*$")
KINDS = ("microloan", "guarantee", "private_capital", "lending_registry", "county")
COMPARATORS = ("<=", "<", ">=", ">", "=", "between")
SEVERITIES = ("info", "warning", "serious", "critical")
SOURCE_STATUSES = ("V", "S", "U")
STAGES = ("test", "active")  # the order a rule goes live in
ENFORCEMENTS = ("supervisory", "blocking")
FILE_KEYS = {"kind", "rules"}
RULE_KEYS = {
    "id",
    "report",
    "source",
    "description_zh",
    "description_en",
    "formula",
    "condition",
    "comparator",
    "threshold",
    "threshold_expr",
    "threshold_low",
    "threshold_high",
    "applies_when",
    "severity",
    "status_of_source",
    "citation",
    "effective_from",
    "effective_to",
    "data_from",
    "verification",
    "stage",
    "enforcement",
}


class RulebookError(ValueError):
    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__(f"rulebook: {len(problems)} problem(s):\n" + "\n".join(f"  - {p}" for p in problems))


@dataclass(frozen=True)
class Citation:
    document: str  # as cited, e.g. 银保监办发〔2020〕86号
    article: str  # e.g. 一(三), 第十五条
    document_en: str = ""

    def __str__(self) -> str:
        return f"{self.document} {self.article}".strip()


@dataclass(frozen=True)
class Rule:
    id: str
    kind: str
    report: str | None  # the report code a report-level rule reads
    source: str | None  # or a data source (e.g. "loans") of a later issue
    description_zh: str
    description_en: str
    formula: CompiledExpression
    comparator: str
    threshold: Decimal | None
    threshold_expr: CompiledExpression | None
    threshold_low: Decimal | None
    threshold_high: Decimal | None
    applies_when: CompiledExpression | None
    severity: str
    status_of_source: str
    citation: Citation
    effective_from: datetime.date
    effective_to: datetime.date | None
    version: str  # hash of everything that decides a result; stored with each result
    file: str
    condition: CompiledExpression | None = None  # a row rule of a data source: the per-record test
    # The first day the figures the rule reads are collected (a report version added them): the rule
    # is in force from effective_from as the regulation says, but periods ending before data_from
    # lack the figures and their results are "not applicable". None: collected all along.
    data_from: datetime.date | None = None
    # What was checked of the rule's figures, article and dates, where and when (shown on the
    # rulebook page next to status_of_source). Not part of the version: it changes no result.
    verification: str = ""
    stage: str = "active"  # "test": evaluated and shown only (no warning, no effect on ratings)
    enforcement: str = "supervisory"  # "blocking": a filing that breaks it cannot be submitted

    @property
    def is_row_rule(self) -> bool:
        return self.condition is not None

    @property
    def in_test(self) -> bool:
        return self.stage == "test"

    @property
    def blocks(self) -> bool:
        """Refuses a filing that breaks it: blocking, and live (a blocking rule in test only shows)."""
        return self.enforcement == "blocking" and not self.in_test

    def in_force(self, day: datetime.date) -> bool:
        return self.effective_from <= day and (self.effective_to is None or day <= self.effective_to)


@dataclass(frozen=True)
class Rulebook:
    rules: tuple[Rule, ...]
    catalogue: Catalogue

    def __iter__(self) -> Iterator[Rule]:
        return iter(self.rules)

    def __len__(self) -> int:
        return len(self.rules)

    def get(self, rule_id: str) -> Rule:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)

    def for_report(self, code: str, day: datetime.date | None = None) -> list[Rule]:
        """The rules of a report; with ``day``, only those in force on that day."""
        return [r for r in self.rules if r.report == code and (day is None or r.in_force(day))]

    def subset(self, keep: Callable[[Rule], bool]) -> Rulebook:
        """The rules for which ``keep`` is true, in the same order (e.g. only the blocking ones)."""
        return replace(self, rules=tuple(r for r in self.rules if keep(r)))

    def with_rules(self, rules: Iterable[Rule]) -> Rulebook:
        """This rulebook with ``rules`` put in: each replaces the rule of its id, or is added at the end."""
        new = {r.id: r for r in rules}
        kept = tuple(new.pop(r.id, r) for r in self.rules)
        return replace(self, rules=kept + tuple(new.values()))


def load_rulebook(rules_dir: Path | str | None = None, catalogue: Catalogue | None = None) -> Rulebook:
    folder = Path(rules_dir) if rules_dir is not None else RULES_DIR
    catalogue = catalogue if catalogue is not None else default_catalogue()
    problems: list[str] = []
    rules: list[Rule] = []
    files = sorted(folder.glob("*.toml"))
    if not files:
        raise RulebookError([f"{folder}: no rule files (*.toml)"])
    con = duck.connect()
    try:
        for path in files:
            rules += _load_file(path, catalogue, con, problems)
    finally:
        con.close()
    seen: dict[str, str] = {}
    for rule in rules:
        if rule.id in seen:
            problems.append(f"{rule.file}: rule {rule.id}: the id is also used in {seen[rule.id]}")
        seen.setdefault(rule.id, rule.file)
    if problems:
        raise RulebookError(problems)
    return Rulebook(rules=tuple(rules), catalogue=catalogue)


@cache
def default_rulebook() -> Rulebook:
    return load_rulebook()


def load_rules_text(text: str, *, name: str = "rules.toml", catalogue: Catalogue | None = None) -> Rulebook:
    """The rules of one rule file given as text (e.g. uploaded to try a rule out), checked as
    strictly as the files of the rules folder; ``name`` is the file name problems are reported under."""
    catalogue = catalogue if catalogue is not None else default_catalogue()
    problems: list[str] = []
    con = duck.connect()
    try:
        rules = _load_text(text, name, catalogue, con, problems)
    finally:
        con.close()
    ids = [r.id for r in rules]
    problems += [f"{name}: rule {i}: the id is used twice" for i in sorted({i for i in ids if ids.count(i) > 1})]
    if not rules and not problems:
        problems.append(f"{name}: no [[rules]] in the file")
    if problems:
        raise RulebookError(problems)
    return Rulebook(rules=tuple(rules), catalogue=catalogue)


def _load_file(path: Path, catalogue: Catalogue, con, problems: list[str]) -> list[Rule]:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as err:
        problems.append(f"{path.name}: not valid TOML: {err}")
        return []
    return _load_text(text, path.name, catalogue, con, problems)


def _load_text(text: str, name: str, catalogue: Catalogue, con, problems: list[str]) -> list[Rule]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        problems.append(f"{name}: not valid TOML: {err}")
        return []
    for key in sorted(set(data) - FILE_KEYS):
        problems.append(f"{name}: unknown key '{key}'")
    kind = data.get("kind")
    if kind not in KINDS:
        problems.append(f"{name}: 'kind' must be one of {', '.join(KINDS)} (got {kind!r})")
        return []
    raw_rules = data.get("rules", [])
    if not isinstance(raw_rules, list):
        problems.append(f"{name}: 'rules' must be a list of [[rules]] tables")
        return []
    out = []
    for i, raw in enumerate(raw_rules):
        rule_problems: list[str] = []
        rule = _rule(raw, kind, name, catalogue, con, rule_problems)
        label = raw.get("id") if isinstance(raw, dict) and isinstance(raw.get("id"), str) else f"#{i + 1}"
        problems += [f"{name}: rule {label}: {p}" for p in rule_problems]
        if rule is not None and not rule_problems:
            out.append(rule)
    return out


def _rule(raw, kind: str, file: str, catalogue: Catalogue, con, problems: list[str]) -> Rule | None:
    if not isinstance(raw, dict):
        problems.append("must be a table")
        return None
    for key in sorted(set(raw) - RULE_KEYS):
        problems.append(f"unknown key '{key}'")
    rule_id = raw.get("id")
    if not isinstance(rule_id, str) or not IDENT.match(rule_id):
        problems.append("id must be lower_snake_case text")
    row_rule = raw.get("source") is not None and raw.get("condition") is not None
    texts = {k: _text(raw, k, problems) for k in ("description_zh", "description_en")}
    if row_rule:
        texts["condition"] = _text(raw, "condition", problems)
        for key in ("formula", "threshold_expr", "applies_when"):
            if raw.get(key) is not None:
                problems.append(f"a row rule (with 'condition') takes no '{key}'")
    else:
        texts["formula"] = _text(raw, "formula", problems)
        if raw.get("condition") is not None:
            problems.append("'condition' is only for rules on a data source (row rules)")
        if raw.get("source") is not None and raw.get("applies_when") is not None:
            problems.append("'applies_when' is only for report rules")
    severity = _choice(raw, "severity", SEVERITIES, problems)
    status = _choice(raw, "status_of_source", SOURCE_STATUSES, problems)
    verification = raw.get("verification", "")
    if not isinstance(verification, str):
        problems.append("'verification' must be text (what was checked, where, when)")
    stage = _choice({"stage": "active", **raw}, "stage", STAGES, problems)
    enforcement = _choice({"enforcement": "supervisory", **raw}, "enforcement", ENFORCEMENTS, problems)
    if enforcement == "blocking" and raw.get("source") is not None:
        problems.append("'enforcement = \"blocking\"' is only for report rules (it refuses a filing)")
    citation = _citation(raw.get("citation"), problems)
    start, end = _dates(raw, problems)
    data_from = _data_from(raw, start, end, problems)
    comparator, threshold, low, high = _comparator(raw, problems)
    report = _target(raw, kind, catalogue, problems)
    if problems:
        return None
    checked_from = max(start, data_from) if data_from else start
    columns = _columns(report, raw.get("source"), checked_from, end, problems)
    if problems:
        return None
    source = DATA_SOURCES.get(raw.get("source"))
    aggregates = source is not None and source.aggregates
    lists = frozenset(source.lists) if source is not None else frozenset()
    condition = None
    if row_rule:
        condition = _expression(texts["condition"], "condition", "condition", columns, False, problems, lists)
        formula = None
        if condition is not None:
            formula = CompiledExpression(
                text=f"number of records where {condition.text}",
                sql="COUNT(*)",
                columns=condition.columns,
                numerator_sql="COUNT(*)",
            )
    else:
        formula = _expression(texts["formula"], "formula", "value", columns, aggregates, problems, lists)
    threshold_expr = _optional_expression(raw, "threshold_expr", "value", columns, aggregates, problems, lists)
    applies_when = _optional_expression(raw, "applies_when", "condition", columns, aggregates, problems, lists)
    if problems:
        return None
    if source is not None:
        checked = {"condition": condition} if row_rule else {"formula": formula, "threshold_expr": threshold_expr}
        _bind_source(con, source, checked, grouped=not row_rule, problems=problems)
    if report is not None:
        _check_versions(report, checked_from, end, [formula, threshold_expr, applies_when], problems)
        _bind(
            con, report, {"formula": formula, "threshold_expr": threshold_expr, "applies_when": applies_when}, problems
        )
    if problems:
        return None
    rule = Rule(
        id=rule_id,
        kind=kind,
        report=raw.get("report"),
        source=raw.get("source"),
        description_zh=texts["description_zh"],
        description_en=texts["description_en"],
        formula=formula,
        comparator=comparator,
        threshold=threshold,
        threshold_expr=threshold_expr,
        threshold_low=low,
        threshold_high=high,
        applies_when=applies_when,
        severity=severity,
        status_of_source=status,
        citation=citation,
        effective_from=start,
        effective_to=end,
        version="",
        file=file,
        condition=condition,
        data_from=data_from,
        verification=verification.strip(),
        stage=stage,
        enforcement=enforcement,
    )
    return _with_version(rule)


def with_limit(rule: Rule, *, threshold=None, low=None, high=None) -> Rule:
    """The rule with another fixed limit (a supervisor trying a changed limit out), under the
    version that limit gives it. ``threshold`` for a comparator other than 'between', ``low`` and
    ``high`` for 'between'; a limit computed by a formula (threshold_expr) cannot be replaced here."""
    if rule.comparator == "between":
        if low is None or high is None or threshold is not None:
            raise RulebookError([f"rule {rule.id}: a 'between' rule takes a low and a high limit"])
        if Decimal(low) > Decimal(high):
            raise RulebookError([f"rule {rule.id}: the low limit is greater than the high limit"])
        changed = replace(rule, threshold_low=Decimal(low), threshold_high=Decimal(high))
    else:
        if rule.threshold_expr is not None:
            raise RulebookError([f"rule {rule.id}: its limit is a formula, not a number"])
        if threshold is None or low is not None or high is not None:
            raise RulebookError([f"rule {rule.id}: give one limit"])
        changed = replace(rule, threshold=Decimal(threshold))
    return _with_version(changed)


def _target(raw: dict, kind: str, catalogue: Catalogue, problems: list[str]) -> ReportDefinition | None:
    report_code, source = raw.get("report"), raw.get("source")
    if (report_code is None) == (source is None):
        problems.append("give exactly one of 'report' (a report code) or 'source' (a data source)")
        return None
    if source is not None:
        if source not in DATA_SOURCES:
            available = ", ".join(sorted(DATA_SOURCES)) or "none yet"
            problems.append(f"unknown data source '{source}' (available: {available})")
        return None
    report = catalogue.get(report_code) if isinstance(report_code, str) else None
    if report is None:
        problems.append(f"unknown report code '{report_code}'")
        return None
    if report.kind != kind:
        problems.append(f"report '{report_code}' belongs to kind '{report.kind}', not '{kind}'")
    return report


def _columns(report, source, start, end, problems: list[str]) -> dict[str, str]:
    if report is None:
        return dict(DATA_SOURCES[source].columns)
    if not report.versions_overlapping(start, end):
        problems.append(f"no version of report '{report.code}' is in force during the rule's dates")
    return {**{n: c.sql_type for n, c in CONTEXT_COLUMNS.items()}, **report.column_types}


def _check_versions(report: ReportDefinition, start, end, expressions, problems: list[str]) -> None:
    """A field must exist in every report version the rule may meet, or filings of that
    version would silently be 'not applicable'."""
    used = set().union(*(e.columns for e in expressions if e is not None)) - set(CONTEXT_COLUMNS)
    for version in report.versions_overlapping(start, end):
        for name in sorted(used - set(version.field_ids)):
            span = f"{version.effective_from}..{version.effective_to or ''}"
            problems.append(
                f"field '{name}' is missing from version {version.version} of report '{report.code}' "
                f"(in force {span}), which overlaps the rule's dates: split the rule or narrow its dates"
            )


def _bind(con, report: ReportDefinition, expressions: dict, problems: list[str]) -> None:
    table = f"rpt_{report.code}"
    columns = {**{n: c.sql_type for n, c in CONTEXT_COLUMNS.items()}, **report.column_types}
    duck.create_empty(con, table, columns)
    for key, compiled in expressions.items():
        if compiled is None:
            continue
        try:
            kind = duck.bound_type(con, table, compiled.sql)
        except duck.Error as err:  # a binder error: a problem of the file
            problems.append(f"{key}: DuckDB cannot type {compiled.text!r}: {_first_line(err)}")
            continue
        wanted_condition = key == "applies_when"
        if wanted_condition and kind != "BOOLEAN":
            problems.append(f"{key} gives {kind}, not true/false")
        if not wanted_condition and not kind.startswith(duck.NUMERIC_PREFIXES):
            problems.append(f"{key} gives {kind}, not an exact number")


def _bind_source(con, source, expressions: dict, *, grouped: bool, problems: list[str]) -> None:
    """Type the expressions of a data-source rule against an empty table of its columns; an
    aggregate rule is typed grouped by the per-group columns, so a bare non-group column fails."""
    table = f"src_{source.name}"
    duck.create_empty(con, table, source.columns)
    group = f" GROUP BY {', '.join(duck.quote(c) for c in source.per_group)}" if grouped and source.per_group else ""
    for key, compiled in expressions.items():
        if compiled is None:
            continue
        try:
            kind = con.execute(f"DESCRIBE SELECT ({compiled.sql}) AS v FROM {duck.quote(table)}{group}").fetchall()[0][
                1
            ]
        except duck.Error as err:
            problems.append(f"{key}: DuckDB cannot type {compiled.text!r}: {_first_line(err)}")
            continue
        if key == "condition" and kind != "BOOLEAN":
            problems.append(f"{key} gives {kind}, not true/false")
        if key != "condition" and not kind.startswith(duck.NUMERIC_PREFIXES):
            problems.append(f"{key} gives {kind}, not an exact number")


def _expression(
    text, key, role, columns, aggregates, problems: list[str], lists=frozenset()
) -> CompiledExpression | None:
    try:
        return compile_expression(text, allowed=columns, role=role, aggregates=aggregates, lists=lists, exact=True)
    except ExpressionError as err:
        problems.append(f"{key}: {err} in {text!r}")
        return None


def _optional_expression(raw, key, role, columns, aggregates, problems, lists=frozenset()) -> CompiledExpression | None:
    if raw.get(key) is None:
        return None
    if not isinstance(raw[key], str):
        problems.append(f"'{key}' must be text")
        return None
    return _expression(raw[key], key, role, columns, aggregates, problems, lists)


def _comparator(raw: dict, problems: list[str]):
    comparator = _choice(raw, "comparator", COMPARATORS, problems)
    threshold, low, high = (_number(raw, k, problems) for k in ("threshold", "threshold_low", "threshold_high"))
    has_expr = raw.get("threshold_expr") is not None
    if comparator == "between":
        if low is None or high is None:
            problems.append("comparator 'between' needs threshold_low and threshold_high")
        elif low > high:
            problems.append("threshold_low is greater than threshold_high")
        if threshold is not None or has_expr:
            problems.append("comparator 'between' takes threshold_low/threshold_high, not threshold/threshold_expr")
    elif comparator is not None:
        if (threshold is None) == (not has_expr):
            problems.append(f"comparator '{comparator}' needs exactly one of threshold or threshold_expr")
        if low is not None or high is not None:
            problems.append("threshold_low/threshold_high are only for comparator 'between'")
    return comparator, threshold, low, high


def _citation(raw, problems: list[str]) -> Citation | None:
    if not isinstance(raw, dict) or not isinstance(raw.get("document"), str) or not isinstance(raw.get("article"), str):
        problems.append("citation must be a table with text 'document' and 'article'")
        return None
    for key in sorted(set(raw) - {"document", "article", "document_en"}):
        problems.append(f"citation: unknown key '{key}'")
    return Citation(document=raw["document"], article=raw["article"], document_en=str(raw.get("document_en", "")))


def _dates(raw: dict, problems: list[str]):
    start, end = raw.get("effective_from"), raw.get("effective_to")
    for key, value, required in (("effective_from", start, True), ("effective_to", end, False)):
        if (value is None and required) or (
            value is not None and (not isinstance(value, datetime.date) or isinstance(value, datetime.datetime))
        ):
            problems.append(f"'{key}' must be a TOML date such as 2020-09-16")
            return None, None
    if end is not None and end < start:
        problems.append(f"effective_to {end} is before effective_from {start}")
    return start, end


def _data_from(raw: dict, start, end, problems: list[str]) -> datetime.date | None:
    value = raw.get("data_from")
    if value is None:
        return None
    if not isinstance(value, datetime.date) or isinstance(value, datetime.datetime):
        problems.append("'data_from' must be a TOML date such as 2027-01-01")
        return None
    if raw.get("report") is None:
        problems.append("'data_from' is only for report rules (a data source is read as it is)")
    if start is not None and value <= start:
        problems.append(f"data_from {value} is not after effective_from {start}: leave it out")
    if end is not None and value > end:
        problems.append(f"data_from {value} is after effective_to {end}: the rule would never apply")
    return value


def _with_version(rule: Rule) -> Rule:
    meaning = {
        "target": [rule.report, rule.source],
        "formula": rule.formula.text,
        "comparator": rule.comparator,
        "thresholds": [str(rule.threshold), str(rule.threshold_low), str(rule.threshold_high)],
        "threshold_expr": rule.threshold_expr.text if rule.threshold_expr else None,
        "applies_when": rule.applies_when.text if rule.applies_when else None,
        "dates": [str(rule.effective_from), str(rule.effective_to)],
        "severity": rule.severity,
    }
    if rule.condition is not None:  # only then, so that report rules keep their versions
        meaning["condition"] = rule.condition.text
    if rule.data_from is not None:  # likewise: set only on rules that read figures collected later
        meaning["data_from"] = str(rule.data_from)
    digest = hashlib.sha256(json.dumps(meaning, ensure_ascii=False).encode()).hexdigest()[:12]
    return replace(rule, version=digest)


def _text(raw: dict, key: str, problems: list[str]) -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not value.strip():
        problems.append(f"'{key}' is required text")
        return ""
    return value


def _choice(raw: dict, key: str, choices, problems: list[str]):
    value = raw.get(key)
    if value not in choices:
        problems.append(f"'{key}' must be one of {', '.join(choices)} (got {value!r})")
        return None
    return value


def _number(raw: dict, key: str, problems: list[str]) -> Decimal | None:
    value = raw.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        problems.append(f"'{key}' must be a number")
        return None
    try:
        number = Decimal(str(value))  # str() keeps a TOML float's written digits (0.7 -> "0.7")
    except InvalidOperation:
        problems.append(f"'{key}' must be a number (got {value!r})")
        return None
    if not number.is_finite():
        problems.append(f"'{key}' must be finite")
        return None
    return number


def _first_line(err: Exception) -> str:
    text = str(err).strip()
    return text.splitlines()[0] if text else type(err).__name__
