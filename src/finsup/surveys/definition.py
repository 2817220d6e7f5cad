"""A survey's definition in the report catalogue's terms: its fields (types and units of the
catalogue) and checks (the catalogue's expression language) become a catalogue ReportVersion
(catalogue.adhoc), so that answers are parsed and checked by the one validation of the filings
(reporting.validation)."""

from __future__ import annotations

import json
import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from django.utils.translation import gettext as _

from finsup.catalogue import CatalogueError, ReportVersion
from finsup.catalogue.adhoc import adhoc_version
from finsup.core.errors import ApplicationError

from .choices import FieldUnit
from .errors import Code

IDENT = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
MAX_FIELDS = 60
MAX_CHECKS = 30


def _number(value, label: str, problems: list) -> str | None:
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value).strip().replace(",", ""))
    except InvalidOperation:
        problems.append((None, _("“%(label)s”: “%(value)s” is not a number.") % {"label": label, "value": value}))
        return None
    if not number.is_finite():
        problems.append((None, _("“%(label)s”: “%(value)s” is not a number.") % {"label": label, "value": value}))
        return None
    return format(number.normalize(), "f")


def clean_definition(fields: list[dict], checks: list[dict]) -> dict:
    """The definition as stored, or ApplicationError listing every problem (in the user's language)."""
    problems: list[tuple[str | None, str]] = []
    clean_fields, seen = [], set()
    for i, raw in enumerate(fields, start=1):
        fid = (raw.get("id") or "").strip()
        label = (raw.get("label_zh") or "").strip()
        row = _("Item %(n)s") % {"n": i}
        if not IDENT.match(fid):
            problems.append(
                (
                    None,
                    _("%(row)s: the identifier must be lower-case letters, digits and _ , starting with a letter.")
                    % {"row": row},
                )
            )
        elif fid in seen:
            problems.append((None, _("%(row)s: the identifier “%(id)s” is used twice.") % {"row": row, "id": fid}))
        seen.add(fid)
        if not label:
            problems.append((None, _("%(row)s: give the item a name.") % {"row": row}))
        unit = raw.get("unit") or ""
        if unit not in FieldUnit.values:
            problems.append((None, _("%(row)s: choose the type and unit.") % {"row": row}))
            continue
        ftype, _sep, funit = unit.partition(":")
        low = _number(raw.get("min"), label or row, problems)
        high = _number(raw.get("max"), label or row, problems)
        if ftype in ("text", "date"):
            low = high = None
        elif low is not None and high is not None and Decimal(low) > Decimal(high):
            problems.append(
                (None, _("“%(label)s”: the minimum is greater than the maximum.") % {"label": label or row})
            )
        clean_fields.append(
            {
                "id": fid,
                "label_zh": label,
                "type": ftype,
                "unit": funit,
                "required": bool(raw.get("required")),
                "min": low,
                "max": high,
            }
        )
    if not clean_fields:
        problems.append((None, _("A survey asks for at least one item.")))
    if len(clean_fields) > MAX_FIELDS:
        problems.append((None, _("A survey asks for at most %(n)s items.") % {"n": MAX_FIELDS}))
    clean_checks = []
    for i, raw in enumerate(checks, start=1):
        expr = (raw.get("expr") or "").strip()
        message = (raw.get("message_zh") or "").strip()
        if not expr:
            continue
        if not message:
            problems.append((None, _("Check %(n)s: say what is wrong when it fails.") % {"n": i}))
        clean_checks.append({"id": f"c{i}", "expr": expr, "message_zh": message or expr})
    if len(clean_checks) > MAX_CHECKS:
        problems.append((None, _("A survey has at most %(n)s checks.") % {"n": MAX_CHECKS}))
    definition = {"fields": clean_fields, "checks": clean_checks}
    if not problems:
        try:
            _version(json.dumps(definition, sort_keys=True))
        except CatalogueError as err:
            for problem in err.problems:
                problems.append((None, _("A check cannot be read: %(problem)s") % {"problem": _plain(problem)}))
    if problems:
        raise ApplicationError(
            _("The survey's items or checks have %(n)s problems; nothing was saved.") % {"n": len(problems)},
            field="definition",
            code=Code.FIELDS_INVALID,
            errors=problems,
        )
    return definition


def _plain(problem: str) -> str:
    """A loader message without its internal place ("survey: versions[0]: version 1: check 'c1': …")."""
    return problem.rsplit(": ", 1)[-1] if "check '" in problem else problem


def version_of(definition: dict) -> ReportVersion:
    """The catalogue version of a stored definition (cached: a definition never changes once sent)."""
    return _version(json.dumps(definition, sort_keys=True))


@lru_cache(maxsize=256)
def _version(text: str) -> ReportVersion:
    data = json.loads(text)
    fields = [
        {
            "id": f["id"],
            "label_zh": f["label_zh"],
            "label_en": f["label_zh"],
            "type": f["type"],
            "unit": f["unit"] if f["type"] != "ratio" else "ratio",
            "required": bool(f.get("required")),
            "min": _toml_number(f.get("min")),
            "max": _toml_number(f.get("max")),
        }
        for f in data.get("fields", [])
    ]
    checks = [
        {"id": c["id"], "expr": c["expr"], "message_zh": c["message_zh"], "message_en": c["message_zh"]}
        for c in data.get("checks", [])
    ]
    return adhoc_version("survey", fields, checks)


def _toml_number(value):
    # The loader reads a bound with Decimal(str(value)): text keeps every digit as written.
    return None if value in (None, "") else Decimal(str(value))
