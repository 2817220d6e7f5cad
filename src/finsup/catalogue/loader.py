"""Load the report catalogue from ``data/*.toml`` (one file per report) and check it whole.

Every problem found (syntax, unknown key, duplicate id, overlapping versions, a check that
reads an unknown field or is not valid SQL of the rule language) is collected and raised as
one ``CatalogueError`` naming the file. A version may start from an earlier one
(``based_on``), drop fields and checks, and add or replace fields; the loader resolves it to
a complete list, so every version stands alone once loaded.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import re
import tomllib
from dataclasses import replace
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path

from . import duck
from .context import CONTEXT_COLUMNS
from .model import (
    FREQUENCIES,
    KINDS,
    SQL_TYPES,
    UNITS_BY_TYPE,
    Catalogue,
    CheckDef,
    ContinuityDef,
    FieldDef,
    ReportDefinition,
    ReportVersion,
)
from .sqlexpr import (
    ExpressionError,
    check_role,
    check_target,
    columns_in_order,
    expected_value,
    parse,
    to_sql,
    with_tolerance,
)

__all__ = [
    "Catalogue",
    "CatalogueError",
    "CheckDef",
    "ContinuityDef",
    "DATA_DIR",
    "FieldDef",
    "ReportDefinition",
    "ReportVersion",
    "default_catalogue",
    "load_catalogue",
]

DATA_DIR = Path(__file__).parent / "data"
IDENT = re.compile(r"^[a-z][a-z0-9_]*$")
NUMERIC_TYPES = {"money", "count", "ratio", "rate"}
RESERVED = {"row_key", "report", "_i"} | set(CONTEXT_COLUMNS)

REPORT_KEYS = {"code", "kind", "frequency", "deadline_days", "name_zh", "name_en", "groups", "versions"}
REPORT_KEYS |= {"description_zh", "description_en"}
VERSION_KEYS = {"version", "effective_from", "effective_to", "based_on", "drop_fields", "drop_checks"}
VERSION_KEYS |= {"drop_continuity", "fields", "checks", "continuity", "note_zh", "note_en"}
FIELD_KEYS = {"id", "label_zh", "label_en", "type", "unit", "required", "min", "max", "group", "help_zh", "help_en"}
CHECK_KEYS = {"id", "expr", "tolerance", "message_zh", "message_en"}
CONTINUITY_KEYS = {"field", "previous", "tolerance", "message_zh", "message_en"}


class CatalogueError(ValueError):
    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__(f"report catalogue: {len(problems)} problem(s):\n" + "\n".join(f"  - {p}" for p in problems))


class _Problems(list):
    def add(self, where: str, message: str) -> None:
        self.append(f"{where}: {message}")


def load_catalogue(data_dir: Path | str | None = None) -> Catalogue:
    """Read every ``*.toml`` of ``data_dir`` (default: the packaged catalogue)."""
    folder = Path(data_dir) if data_dir is not None else DATA_DIR
    problems = _Problems()
    reports: dict[str, ReportDefinition] = {}
    files = sorted(folder.glob("*.toml"))
    if not files:
        raise CatalogueError([f"{folder}: no report definition files (*.toml)"])
    con = duck.connect()  # one connection types every check of every file
    try:
        for path in files:
            report = _load_file(path, con, problems)
            if report is None:
                continue
            if report.code in reports:
                other = reports[report.code].source_file
                problems.add(path.name, f"report code '{report.code}' is also defined in {other}")
                continue
            reports[report.code] = report
    finally:
        con.close()
    if problems:
        raise CatalogueError(problems)
    return Catalogue(reports=reports)


@cache
def default_catalogue() -> Catalogue:
    return load_catalogue()


def _load_file(path: Path, con, problems: _Problems) -> ReportDefinition | None:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        problems.add(path.name, f"not valid TOML: {err}")
        return None
    before = len(problems)
    where = path.name
    _unknown_keys(data, REPORT_KEYS, where, problems)
    code = _text(data, "code", where, problems)
    if code and not IDENT.match(code):
        problems.add(where, f"code '{code}' must be lower_snake_case")
    kind = _choice(data, "kind", KINDS, where, problems)
    frequency = _choice(data, "frequency", FREQUENCIES, where, problems)
    deadline_days = data.get("deadline_days")
    if not isinstance(deadline_days, int) or isinstance(deadline_days, bool) or deadline_days < 0:
        problems.add(where, "deadline_days must be a whole number of days ≥ 0")
    name_zh, name_en = _text(data, "name_zh", where, problems), _text(data, "name_en", where, problems)
    groups = _groups(data.get("groups", []), where, problems)
    versions = _versions(data.get("versions"), code or "?", groups, where, problems)
    if len(problems) > before:
        return None
    report = ReportDefinition(
        code=code,
        kind=kind,
        frequency=frequency,
        deadline_days=deadline_days,
        name_zh=name_zh,
        name_en=name_en,
        versions=versions,
        groups=tuple(groups.values()),
        source_file=path.name,
    )
    _check_types_stable(report, where, problems)
    _bind_checks(con, report.versions, where, problems)
    return None if len(problems) > before else report


def _groups(raw, where: str, problems: _Problems) -> dict[str, tuple[str, str, str]]:
    groups: dict[str, tuple[str, str, str]] = {}
    if not isinstance(raw, list):
        problems.add(where, "groups must be a list of { id, zh, en }")
        return groups
    for g in raw:
        if not isinstance(g, dict) or not all(isinstance(g.get(k), str) for k in ("id", "zh", "en")):
            problems.add(where, f"group {g!r} needs text id, zh and en")
            continue
        if g["id"] in groups:
            problems.add(where, f"group '{g['id']}' is defined twice")
        groups[g["id"]] = (g["id"], g["zh"], g["en"])
    return groups


def _versions(raw, code: str, groups, where: str, problems: _Problems) -> tuple[ReportVersion, ...]:
    if not isinstance(raw, list) or not raw:
        problems.add(where, "at least one [[versions]] table is required")
        return ()
    resolved: dict[int, ReportVersion] = {}
    for i, item in enumerate(raw):
        at = f"{where}: versions[{i}]"
        if not isinstance(item, dict):
            problems.add(at, "must be a table")
            continue
        version = _version(item, code, groups, resolved, at, problems)
        if version is not None:
            if version.version in resolved:
                problems.add(at, f"version {version.version} is defined twice")
            resolved[version.version] = version
    ordered = sorted(resolved.values(), key=lambda v: v.effective_from)
    return _close_and_check_dates(ordered, where, problems)


def _version(item: dict, code: str, groups, earlier: dict, at: str, problems: _Problems) -> ReportVersion | None:
    before = len(problems)
    _unknown_keys(item, VERSION_KEYS, at, problems)
    number = item.get("version")
    if not isinstance(number, int) or isinstance(number, bool) or number < 1:
        problems.add(at, "version must be a whole number ≥ 1")
        return None
    at = f"{at.rsplit(':', 1)[0]}: version {number}"
    start, end = _date(item, "effective_from", at, problems, required=True), _date(item, "effective_to", at, problems)
    if start and end and end < start:
        problems.add(at, f"effective_to {end} is before effective_from {start}")
    fields, checks, continuity = _inherited(item, earlier, at, problems)
    added: set[str] = set()
    for raw in _list(item, "fields", at, problems):
        field = _field(raw, groups, at, problems)
        if field is None:
            continue
        if field.id in added:
            problems.add(at, f"field id '{field.id}' is used twice")
            continue
        added.add(field.id)
        _put_field(fields, field)
    for raw in _list(item, "checks", at, problems):
        check = _check_entry(raw, at, problems)
        if check is not None:
            if any(c["id"] == check["id"] for c in checks):
                problems.add(at, f"check id '{check['id']}' is used twice")
            checks.append(check)
    continuity += [c for c in (_continuity(r, at, problems) for r in _list(item, "continuity", at, problems)) if c]
    if len(problems) > before:
        return None
    compiled = _compile_checks(checks, fields, at, problems)
    _validate_continuity(continuity, fields, at, problems)
    if len(problems) > before:
        return None
    return ReportVersion(
        report_code=code,
        version=number,
        effective_from=start,
        effective_to=end,
        fields=tuple(fields),
        checks=tuple(compiled),
        continuity=tuple(continuity),
        digest=_digest(fields, compiled, continuity),
        note_zh=str(item.get("note_zh", "")),
        note_en=str(item.get("note_en", "")),
    )


def _inherited(item: dict, earlier: dict, at: str, problems: _Problems):
    base_number = item.get("based_on")
    if base_number is None:
        return [], [], []
    base = earlier.get(base_number)
    if base is None:
        problems.add(at, f"based_on {base_number}: no earlier version with that number above this one")
        return [], [], []
    drop_fields = set(_list(item, "drop_fields", at, problems))
    drop_checks = set(_list(item, "drop_checks", at, problems))
    drop_continuity = set(_list(item, "drop_continuity", at, problems))
    for name, drops, present in (
        ("drop_fields", drop_fields, set(base.field_ids)),
        ("drop_checks", drop_checks, {c.id for c in base.checks}),
        ("drop_continuity", drop_continuity, {c.field for c in base.continuity}),
    ):
        for missing in sorted(drops - present):
            problems.add(at, f"{name}: '{missing}' is not in version {base_number}")
    fields = [f for f in base.fields if f.id not in drop_fields]
    checks = [
        {"id": c.id, "expr": c.expr, "tolerance": c.tolerance, "message_zh": c.message_zh, "message_en": c.message_en}
        for c in base.checks
        if c.id not in drop_checks
    ]
    continuity = [c for c in base.continuity if c.field not in drop_continuity]
    return fields, checks, continuity


def _put_field(fields: list[FieldDef], field: FieldDef) -> None:
    """Replace an inherited field of the same id in place, or add the new field after the last
    field of its group, so the form keeps its layout."""
    for i, existing in enumerate(fields):
        if existing.id == field.id:
            fields[i] = field
            return
    last_of_group = max((i for i, f in enumerate(fields) if f.group == field.group), default=len(fields) - 1)
    fields.insert(last_of_group + 1, field)


def _field(raw, groups, at: str, problems: _Problems) -> FieldDef | None:
    if not isinstance(raw, dict):
        problems.add(at, f"field {raw!r} must be a table")
        return None
    fid = raw.get("id")
    where = f"{at}: field '{fid}'"
    before = len(problems)
    _unknown_keys(raw, FIELD_KEYS, where, problems)
    if not isinstance(fid, str) or not IDENT.match(fid):
        problems.add(where, "id must be lower_snake_case text")
    elif fid in RESERVED:
        problems.add(where, "this id is reserved (a context column or a row key)")
    ftype = raw.get("type")
    if ftype not in SQL_TYPES:
        problems.add(where, f"type must be one of {', '.join(SQL_TYPES)}")
        return None
    units = UNITS_BY_TYPE[ftype]
    unit = raw.get("unit", "ratio" if ftype == "ratio" else "")
    if unit not in units:
        problems.add(where, f"unit '{unit}' is not a {ftype} unit; use one of {', '.join(repr(u) for u in units)}")
    group = raw.get("group", "")
    if group not in groups:
        problems.add(where, f"group '{group}' is not declared in [groups]")
    low, high = _number(raw, "min", where, problems), _number(raw, "max", where, problems)
    if low is not None and high is not None and low > high:
        problems.add(where, "min is greater than max")
    required = raw.get("required", True)
    if not isinstance(required, bool):
        problems.add(where, "required must be true or false")
    for key in ("label_zh", "label_en"):
        _text(raw, key, where, problems)
    if len(problems) > before:
        return None
    _, group_zh, group_en = groups[group]
    return FieldDef(
        id=fid,
        label_zh=raw["label_zh"],
        label_en=raw["label_en"],
        type=ftype,
        unit=unit,
        required=required,
        min=low,
        max=high,
        group=group,
        group_zh=group_zh,
        group_en=group_en,
        help_zh=str(raw.get("help_zh", "")),
        help_en=str(raw.get("help_en", "")),
    )


def _check_entry(raw, at: str, problems: _Problems) -> dict | None:
    if not isinstance(raw, dict):
        problems.add(at, f"check {raw!r} must be a table")
        return None
    where = f"{at}: check '{raw.get('id')}'"
    before = len(problems)
    _unknown_keys(raw, CHECK_KEYS, where, problems)
    for key in ("id", "expr", "message_zh", "message_en"):
        _text(raw, key, where, problems)
    tolerance = _number(raw, "tolerance", where, problems)
    if tolerance is not None and tolerance < 0:
        problems.add(where, "tolerance must be ≥ 0")
    if len(problems) > before:
        return None
    return {**raw, "tolerance": tolerance or Decimal(0)}


def _compile_checks(checks: list[dict], fields: list[FieldDef], at: str, problems: _Problems) -> list[CheckDef]:
    allowed = {f.id for f in fields}
    compiled = []
    for c in checks:
        try:
            tree = parse(c["expr"], allowed=allowed)
            check_role(tree, "condition")
            original = tree
        except ExpressionError as err:
            problems.add(f"{at}: check '{c['id']}'", f"{err} in {c['expr']!r}")
            continue
        if c["tolerance"]:
            tree = with_tolerance(tree, format(c["tolerance"], "f"))
        compiled.append(
            CheckDef(
                id=c["id"],
                expr=c["expr"],
                tolerance=c["tolerance"],
                message_zh=c["message_zh"],
                message_en=c["message_en"],
                sql=to_sql(tree),
                fields=columns_in_order(original),
                target=(target := check_target(original)),
                expected_sql=None if (expected := expected_value(original, target)) is None else to_sql(expected),
            )
        )
    return compiled


def _continuity(raw, at: str, problems: _Problems) -> ContinuityDef | None:
    if not isinstance(raw, dict):
        problems.add(at, f"continuity {raw!r} must be a table")
        return None
    where = f"{at}: continuity '{raw.get('field')}'"
    before = len(problems)
    _unknown_keys(raw, CONTINUITY_KEYS, where, problems)
    for key in ("field", "previous", "message_zh", "message_en"):
        _text(raw, key, where, problems)
    tolerance = _number(raw, "tolerance", where, problems)
    if len(problems) > before:
        return None
    return ContinuityDef(
        field=raw["field"],
        previous=raw["previous"],
        tolerance=tolerance or Decimal(0),
        message_zh=raw["message_zh"],
        message_en=raw["message_en"],
    )


def _validate_continuity(links: list[ContinuityDef], fields: list[FieldDef], at: str, problems: _Problems) -> None:
    types = {f.id: f.type for f in fields}
    for link in links:
        for name in (link.field, link.previous):
            if name not in types:
                problems.add(f"{at}: continuity '{link.field}'", f"unknown field '{name}'")
        if link.field in types and link.previous in types:
            if types[link.field] != types[link.previous]:
                problems.add(f"{at}: continuity '{link.field}'", "the two fields have different types")
            elif types[link.field] not in NUMERIC_TYPES:
                problems.add(f"{at}: continuity '{link.field}'", "continuity links numeric fields only")


def _close_and_check_dates(versions: list[ReportVersion], where: str, problems: _Problems) -> tuple:
    """An open version ends the day before the next one starts; explicit dates may not overlap."""
    out = []
    for current, following in zip(versions, [*versions[1:], None], strict=False):
        if following is not None:
            day_before = following.effective_from - datetime.timedelta(days=1)
            if current.effective_to is None:
                current = replace(current, effective_to=day_before)
            elif current.effective_to > day_before:
                problems.add(where, f"versions {current.version} and {following.version} overlap")
        out.append(current)
    return tuple(out)


def _check_types_stable(report: ReportDefinition, where: str, problems: _Problems) -> None:
    seen: dict[str, tuple[int, str]] = {}
    for v in report.versions:
        for f in v.fields:
            if f.id in seen and seen[f.id][1] != f.type:
                problems.add(
                    where,
                    f"field '{f.id}' is {seen[f.id][1]} in version {seen[f.id][0]} and {f.type} in version "
                    f"{v.version}: a new meaning needs a new id",
                )
            seen.setdefault(f.id, (v.version, f.type))


def _bind_checks(con, versions, where: str, problems: _Problems) -> None:
    """Let DuckDB type every check against an empty table, so type errors surface now."""
    for v in versions:
        duck.create_empty(con, "t", {f.id: f.sql_type for f in v.fields})
        for check in v.checks:
            try:
                kind = duck.bound_type(con, "t", check.sql)
            except duck.Error as err:  # a binder error: a problem of the file
                problems.add(f"{where}: version {v.version}: check '{check.id}'", _first_line(err))
                continue
            if kind != "BOOLEAN":
                problems.add(f"{where}: version {v.version}: check '{check.id}'", f"gives {kind}, not true/false")


def version_from_tables(item: dict, code: str, group: tuple[str, str, str]) -> ReportVersion:
    """One version given as a report file's `[[versions]]` table would give it, every field in
    `group` (id, label_zh, label_en), checked as a file's are: field types, units and bounds, the
    checks parsed, typed by DuckDB and compiled. Raises CatalogueError with every problem found."""
    problems = _Problems()
    if not item.get("fields"):
        problems.add(code, "at least one field is required")
    version = _version(item, code, {group[0]: group}, {}, f"{code}: versions[0]", problems)
    if version is not None:
        con = duck.connect()
        try:
            _bind_checks(con, [version], code, problems)
        finally:
            con.close()
    if problems or version is None:
        raise CatalogueError(list(problems) or [f"{code}: not a valid definition"])
    return version


def _digest(fields, checks, continuity) -> str:
    meaning = {
        "fields": [(f.id, f.type, f.unit) for f in fields],
        "checks": [(c.id, c.expr, str(c.tolerance)) for c in checks],
        "continuity": [(c.field, c.previous, str(c.tolerance)) for c in continuity],
    }
    return hashlib.sha256(json.dumps(meaning, ensure_ascii=False).encode()).hexdigest()[:16]


def _unknown_keys(data: dict, allowed: set[str], where: str, problems: _Problems) -> None:
    for key in sorted(set(data) - allowed):
        problems.add(where, f"unknown key '{key}'")


def _text(data: dict, key: str, where: str, problems: _Problems) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        problems.add(where, f"'{key}' is required text")
        return ""
    return value


def _choice(data: dict, key: str, choices, where: str, problems: _Problems) -> str:
    value = data.get(key)
    if value not in choices:
        problems.add(where, f"'{key}' must be one of {', '.join(choices)} (got {value!r})")
    return value


def _date(data: dict, key: str, where: str, problems: _Problems, *, required: bool = False):
    value = data.get(key)
    if value is None and not required:
        return None
    if not isinstance(value, datetime.date) or isinstance(value, datetime.datetime):
        problems.add(where, f"'{key}' must be a TOML date such as 2020-09-16")
        return None
    return value


def _number(data: dict, key: str, where: str, problems: _Problems) -> Decimal | None:
    value = data.get(key)
    if value is None:
        return None
    if isinstance(value, bool):
        problems.add(where, f"'{key}' must be a number")
        return None
    try:
        number = Decimal(str(value))  # str() keeps a TOML float's written digits (0.7 -> "0.7")
    except InvalidOperation:
        problems.add(where, f"'{key}' must be a number (got {value!r})")
        return None
    if not number.is_finite():
        problems.add(where, f"'{key}' must be finite")
        return None
    return number


def _list(data: dict, key: str, where: str, problems: _Problems) -> list:
    value = data.get(key, [])
    if not isinstance(value, list):
        problems.add(where, f"'{key}' must be a list")
        return []
    return value


def _first_line(err: Exception) -> str:
    text = str(err).strip()
    return text.splitlines()[0] if text else type(err).__name__
