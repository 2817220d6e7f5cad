"""One validation path for every channel (form, Excel, API): parse the figures as entered,
check types, units, ranges and required fields, then the report's identities and continuity
with the previous period, and the rulebook's active blocking rules. Every error names its field
(a blocking rule: its description and the figures it reads); Excel adds the sheet and cell."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from finsup.catalogue import FieldDef, ReportVersion
from finsup.core import numbers
from finsup.rulebook import check_continuity, evaluate, evaluate_checks

from .filing_rows import filing_row
from .periods import Period
from .rating_facts import rating_facts

MAX_TEXT = 2000
# Largest magnitude a stored figure may have: DECIMAL(20,2) in the engine, and sane for any report.
MAX_DIGITS = 18
RATIO_PLACES = Decimal("1e-10")


@dataclass(frozen=True)
class FieldError:
    field: str | None  # field id, or None for a whole-filing problem
    message: str
    location: str = ""  # e.g. "Sheet1!C7" for Excel

    def __str__(self) -> str:
        return located(self.location, self.message)


def place(location: str) -> str:
    """ "Sheet!D12" as the user reads it: 表「Sheet」单元格 D12."""
    sheet, _sep, cell = location.rpartition("!")
    if not sheet:
        return _("cell %(cell)s") % {"cell": cell}
    return _("sheet “%(sheet)s” cell %(cell)s") % {"sheet": sheet, "cell": cell}


def located(location: str, message: str) -> str:
    return _("%(place)s: %(message)s") % {"place": place(location), "message": message} if location else message


def _chinese() -> bool:
    return (get_language() or "zh-hans").startswith("zh")


def field_label(field: FieldDef) -> str:
    return field.label_zh if _chinese() else field.label_en


def _message(check) -> str:
    return check.message_zh if _chinese() else check.message_en


def parse_figures(version: ReportVersion, raw: Mapping[str, object]) -> tuple[dict, list[FieldError]]:
    """Entered values (strings, numbers, dates) → stored values (money in yuan, Decimal). Unknown
    keys, missing required figures and values of the wrong type or out of range are errors."""
    errors: list[FieldError] = []
    known = set(version.field_ids)
    for key in sorted(set(raw) - known):
        errors.append(FieldError(None, _("“%(key)s” is not a field of this report.") % {"key": key}))
    figures: dict = {}
    for field in version.fields:
        value = raw.get(field.id)
        figures[field.id] = None  # also when unreadable: the identities then skip what reads it
        if value is None or (isinstance(value, str) and not value.strip()):
            if field.required:
                errors.append(FieldError(field.id, _("“%(label)s” is required.") % {"label": field_label(field)}))
            continue
        try:
            figures[field.id] = _parse(field, value)
        except ValueError as exc:
            errors.append(FieldError(field.id, f"“{field_label(field)}”: {exc}"))
    return figures, errors


def _parse(field: FieldDef, value):
    if field.type == "text":
        text = str(value).strip()
        if len(text) > MAX_TEXT:
            raise ValueError(_("at most %(n)s characters.") % {"n": MAX_TEXT})
        return text
    if field.type == "date":
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        try:
            return datetime.date.fromisoformat(str(value).strip())
        except ValueError:
            raise ValueError(_("“%(value)s” is not a date (YYYY-MM-DD).") % {"value": value}) from None
    number = _decimal(value)
    if field.min is not None and number < field.min:
        raise ValueError(_("must be at least %(min)s.") % {"min": field.min})
    if field.max is not None and number > field.max:
        raise ValueError(_("must be at most %(max)s.") % {"max": field.max})
    if field.type == "count":
        if number != number.to_integral_value():
            raise ValueError(_("must be a whole number."))
        return int(number)
    if field.type == "money":
        stored = field.to_stored(number)
        if abs(stored).adjusted() >= MAX_DIGITS:
            raise ValueError(_("the amount is too large."))
        return stored
    # Ratios and rates keep ten decimal places, the precision the rulebook computes with.
    return number.quantize(RATIO_PLACES, rounding=ROUND_HALF_UP).normalize()


def _decimal(value) -> Decimal:
    if isinstance(value, bool):
        raise ValueError(_("“%(value)s” is not a number.") % {"value": value})
    try:
        number = Decimal(str(value).strip().replace(",", ""))
    except (InvalidOperation, ValueError):
        raise ValueError(_("“%(value)s” is not a number.") % {"value": value}) from None
    if not number.is_finite() or abs(number).adjusted() >= MAX_DIGITS:
        raise ValueError(_("“%(value)s” is not a usable number.") % {"value": value})
    return number


def check_figures(
    version: ReportVersion, figures: Mapping, previous: Mapping | None, *, location_of: Mapping | None = None
) -> list[FieldError]:
    """The report's identities within the filing and its continuity with the previous period. Each
    error is on the field it is about (a sum: its total) and names the figures it reads, with their
    cells when ``location_of`` (field id → "Sheet!D12") says where they were entered. An identity
    that reads a missing or unreadable figure cannot be decided and is not an error."""
    checks = {c.id: c for c in version.checks}
    links = {f"continuity:{c.field}": c for c in version.continuity}
    errors = []
    for failure in evaluate_checks(version, [dict(figures)]) + check_continuity(version, figures, previous):
        check = checks.get(failure.check_id)
        if check is not None:
            reads = _reads(version, check.fields, location_of or {})
            rule = _message(failure)
            shown = _expected(version, check.target, figures, failure.expected)
            if shown:
                rule = _("%(rule)s %(figures)s") % {"rule": rule, "figures": shown}
            message = _("%(rule)s (It reads %(fields)s.)") % {"rule": rule, "fields": reads}
            errors.append(FieldError(check.target, message))
            continue
        link = links[failure.check_id]
        before = entered_text(version.field(link.field), previous.get(link.previous))
        message = _("%(rule)s (Last period: %(value)s.)") % {"rule": _message(failure), "value": before}
        errors.append(FieldError(link.field, message))
    return errors


def _expected(version: ReportVersion, target: str | None, figures: Mapping, expected) -> str:
    """An identity's two figures: the target as entered and what the other figures give."""
    if target is None or expected is None or figures.get(target) is None:
        return ""
    field = version.field(target)
    if field.type not in ("money", "count"):
        return ""
    return _("“%(label)s” is %(entered)s as entered; the other figures give %(expected)s.") % {
        "label": field_label(field),
        "entered": entered_text(field, figures[target]),
        "expected": entered_text(field, expected),
    }


def _reads(version: ReportVersion, field_ids, location_of: Mapping) -> str:
    names = []
    for field_id in field_ids:
        name = field_label(version.field(field_id))
        cell = (location_of.get(field_id) or "").rpartition("!")[2]
        names.append(_("%(name)s (%(cell)s)") % {"name": name, "cell": cell} if cell else name)
    return ("、" if _chinese() else ", ").join(names)


def entered_text(field: FieldDef, stored) -> str:
    """A stored figure as entered, with its unit: 1,234.5 万元."""
    if stored is None:
        return "—"
    value = Decimal(stored) / field.multiplier if field.type == "money" else Decimal(stored)
    places = min(max(2, -value.normalize().as_tuple().exponent), 6) if field.type == "money" else None
    text = numbers.grouped(value, places)
    unit = field.unit_zh if _chinese() else field.unit_en
    return f"{text} {unit}".strip()


@dataclass(frozen=True)
class Draft:
    """A filing not yet stored, as far as its blocking rules need it."""

    key: Any
    institution: Any
    report_code: str
    period: Period
    figures: Mapping  # stored units


def check_blocking_rules(drafts: Sequence[Draft], *, rulebook) -> dict[Any, list[FieldError]]:
    """The active blocking rules each draft breaks, by draft key: one error per rule, naming it by its
    description and the figures it reads. All drafts are evaluated in one batch. A rule that cannot
    be decided (a figure missing, a division by zero) does not block; a rule in test never does."""
    book = rulebook.subset(lambda rule: rule.blocks)
    drafts = [d for d in drafts if book.for_report(d.report_code, d.period.end)]
    if not drafts:
        return {}
    ratings = rating_facts().final_ratings({d.institution.pk for d in drafts})
    rows = [
        filing_row(
            row_key=i,
            institution=d.institution,
            report_code=d.report_code,
            period=d.period,
            figures=d.figures,
            ratings=ratings,
        )
        for i, d in enumerate(drafts)
    ]
    errors: dict[Any, list[FieldError]] = defaultdict(list)
    for result in evaluate(book, rows):
        if result.passed is False:
            draft = drafts[result.row_key]
            errors[draft.key].append(FieldError(None, _blocking_message(book, book.get(result.rule_id), draft)))
    return dict(errors)


def _blocking_message(rulebook, rule, draft: Draft) -> str:
    description = (rule.description_zh if _chinese() else rule.description_en).rstrip("。. ")
    version = rulebook.catalogue[draft.report_code].version_for(draft.period.end)
    read = set().union(*(e.columns for e in (rule.formula, rule.threshold_expr, rule.applies_when) if e))
    labels = [field_label(f) for f in version.fields if f.id in read]
    if not labels:
        return _("“%(rule)s” (%(citation)s): a filing that breaks this rule cannot be submitted.") % {
            "rule": description,
            "citation": rule.citation,
        }
    return _("“%(rule)s” (%(citation)s): a filing that breaks this rule cannot be submitted. Check: %(fields)s.") % {
        "rule": description,
        "citation": rule.citation,
        "fields": ("、" if _chinese() else ", ").join(labels),
    }


def stored_to_json(figures: Mapping) -> dict:
    """Stored values as exact text for the JSON column (Decimal → str, date → ISO)."""
    out = {}
    for key, value in figures.items():
        if isinstance(value, Decimal):
            out[key] = format(value, "f")  # fixed-point: "0.35", "0", never "1E+2"
        elif isinstance(value, datetime.date):
            out[key] = value.isoformat()
        else:
            out[key] = value
    return out


def json_to_stored(version: ReportVersion, values: Mapping) -> dict:
    """The JSON column back to typed stored values (for evaluation and continuity)."""
    out = {}
    for field in version.fields:
        value = values.get(field.id)
        if value is None:
            out[field.id] = None
        elif field.type == "count":
            out[field.id] = int(value)
        elif field.type in ("money", "ratio", "rate"):
            out[field.id] = Decimal(value)
        elif field.type == "date":
            out[field.id] = datetime.date.fromisoformat(value)
        else:
            out[field.id] = value
    return out


def entered_values(version: ReportVersion, values: Mapping) -> dict:
    """Stored values shown in the unit of entry (e.g. 万元), for forms and Excel pre-fill."""
    out = {}
    for field in version.fields:
        value = values.get(field.id)
        if value is not None and field.type == "money":
            value = (Decimal(value) / field.multiplier).normalize()
            value = value.quantize(Decimal(1)) if value == value.to_integral_value() else value
        out[field.id] = value
    return out
