"""The documents that go up to the province, built from the apps' selectors as plain JSON values in
the shape of the contracts (contract/*.schema.json). Money is written as yuan with two decimals,
every figure as an exact decimal string: never a float."""

from __future__ import annotations

import datetime
from collections import defaultdict
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from django.utils import timezone

from finsup.core import clock
from finsup.institutions.choices import InstitutionKind
from finsup.ratings.choices import Round
from finsup.reporting import catalogue_access as cat
from finsup.reporting.obligations import LATE, MISSING, NOT_DUE, obligations
from finsup.reporting.periods import MONTHS_PER_PERIOD, Period
from finsup.reporting.summaries import data as summaries

from .choices import ExportKind
from .contract import CURRENT_VERSION

if TYPE_CHECKING:
    from finsup.accounts.models import Office

CENT = Decimal("0.01")
MONEY_UNIT = "元"  # money is stored, and exported, in yuan whatever the unit of entry
NUMERIC = ("money", "count", "ratio", "rate")


def _header(kind: str, office: Office) -> dict:
    return {
        "contract": kind,
        "contract_version": CURRENT_VERSION[kind],
        "generated_at": timezone.localtime(clock.now()).isoformat(timespec="seconds"),
        "office": office_value(office),
    }


def office_value(office: Office) -> dict:
    return {"code": office.code, "name": office.name, "level": office.level}


def period_value(period: Period) -> dict:
    return {"label": period.label, "start": period.start.isoformat(), "end": period.end.isoformat()}


def exact(value, type_: str) -> str | None:
    """A figure as the contract writes it: money in yuan with two decimals, counts as integers,
    ratios and rates as exact decimals; None when there is no figure (or it is not a number)."""
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return None
    if not number.is_finite():
        return None
    if type_ == "money":
        return format(number.quantize(CENT), "f")
    if type_ == "count":
        return format(number.to_integral_value(), "f")
    return format(number, "f")


def _unit(field_def) -> str:
    return MONEY_UNIT if field_def.type == "money" else field_def.unit_zh


# -- Consolidated filings of an office ---------------------------------------------------------------


def consolidated_filings(*, office: Office, period: Period, rows: bool = True) -> dict:
    """The accepted filings of the institutions `office` supervises, consolidated for `period`: per
    report of the catalogue owed in such a period, the figures the summaries add up (balances the
    latest, flows the sum), and how many institutions owed, filed, missed and filed it late."""
    summary = summaries.office_summary(office=office, period=period)
    months = (period.end.year - period.start.year) * 12 + period.end.month - period.start.month + 1
    specs = defaultdict(list)
    for kind_specs in summaries.FIGURES.values():
        for spec in kind_specs:
            specs[spec.report].append(spec)
    institutions = [r.institution for r in summary.rows]
    owed = defaultdict(lambda: defaultdict(set))  # report → state → institution ids
    if summary.filings.as_of >= period.start:
        for o in obligations(institutions=institutions, as_of=summary.filings.as_of):
            if o.period.start >= period.start and o.period.end <= period.end and o.state != NOT_DUE:
                owed[o.report_code][o.state].add(o.institution.pk)
    reports = []
    for report in cat.catalogue():
        if report.kind not in InstitutionKind.values or MONTHS_PER_PERIOD[report.frequency] > months:
            continue
        states = owed[report.code]
        all_owed = set().union(*states.values()) if states else set()
        report_specs = specs.get(report.code, [])
        kind_rows = [r for r in summary.rows if r.institution.kind == report.kind]
        entry = {
            "report_code": report.code,
            "report_name": report.name_zh,
            "institution_kind": report.kind,
            "institutions": {
                "owed": len(all_owed),
                "filed": len(all_owed - states.get(MISSING, set())),
                "missing": len(states.get(MISSING, set())),
                "late": len(states.get(LATE, set())),
            },
            "figures": [
                {
                    "field": spec.field,
                    "label": spec.title_zh,
                    "type": spec.type,
                    "unit": _unit(spec.field_def),
                    "mode": spec.mode,
                    "value": exact(summary.kind(report.kind).value(spec.key), spec.type),
                }
                for spec in report_specs
            ],
        }
        if rows:
            entry["rows"] = [
                {
                    "credit_code": r.institution.credit_code,
                    "name": r.institution.name,
                    "county": r.institution.county.code,
                    "filed": r.institution.pk in all_owed and r.institution.pk not in states.get(MISSING, set()),
                    "figures": {spec.field: exact(r.value(spec.key), spec.type) for spec in report_specs},
                }
                for r in kind_rows
                if r.institution.pk in all_owed or any(r.value(s.key) is not None for s in report_specs)
            ]
        reports.append(entry)
    warnings = summary.warnings.total
    return {
        **_header(ExportKind.CONSOLIDATED_FILINGS, office),
        "period": period_value(period),
        "as_of": summary.filings.as_of.isoformat(),
        "reports": reports,
        "warnings": {"opened": warnings.opened, "closed": warnings.closed},
    }


# -- A rating cycle's results ---------------------------------------------------------------------


def rating_results(*, cycle, ratings) -> dict:
    """Per institution rated in `cycle`: the final score and level once decided, else the city's
    re-rating (sampled institutions) or the county's initial rating, marked provisional."""
    out = []
    for rating in ratings.select_related("institution__county").order_by(
        "institution__county__code", "institution__credit_code"
    ):
        if rating.final_level:
            score, level, by = rating.final_total, rating.final_level, "final"
        elif rating.sampled and rating.city_level:
            score, level, by = rating.city_total, rating.city_level, Round.CITY.value
        else:
            score, level, by = rating.initial_total, rating.initial_level, "county"
        inst = rating.institution
        out.append(
            {
                "credit_code": inst.credit_code,
                "name": inst.name,
                "institution_kind": inst.kind,
                "county": office_value(inst.county),
                "score": exact(score, "money"),  # two decimals, as the scores are kept
                "level": level,
                "result": "final" if rating.final_level else "provisional",
                "rated_by": by,
            }
        )
    return {
        **_header(ExportKind.RATING_RESULTS, cycle.office),
        "cycle": {
            "year": cycle.year,
            "institution_kind": cycle.kind,
            "scheme_version": cycle.scheme_version,
            "status": cycle.status,
            "finalised_on": cycle.finalised_on.isoformat() if cycle.finalised_on else None,
        },
        "ratings": out,
    }


# -- An office's own report -----------------------------------------------------------------------


def office_report(*, submission) -> dict:
    """One version of a report an office filed itself, field by field as its definition lists them
    (any office report of the catalogue: the definition in force is the one the filing was made on)."""
    report = cat.catalogue()[submission.report_code]
    version = next(v for v in report.versions if v.version == submission.report_version)
    values = submission.values or {}
    figures, texts = [], []
    for field in version.fields:
        raw = values.get(field.id)
        if field.type in NUMERIC:
            figures.append(
                {
                    "field": field.id,
                    "label": field.label_zh,
                    "group": field.group_zh,
                    "type": field.type,
                    "unit": _unit(field),
                    "value": exact(raw, field.type),
                }
            )
        else:
            text = raw.isoformat() if isinstance(raw, datetime.date) else ("" if raw is None else str(raw))
            texts.append({"field": field.id, "label": field.label_zh, "text": text})
    period = Period(submission.period_start, submission.period_end)
    filing = {
        "version": submission.version,
        "status": submission.status,
        "submitted_at": timezone.localtime(submission.submitted_at).isoformat(timespec="seconds"),
    }
    if submission.version > 1:
        filing["correction_reason"] = submission.correction_reason
    return {
        **_header(ExportKind.OFFICE_REPORT, submission.office),
        "report": {"code": report.code, "name": report.name_zh, "definition_version": version.version},
        "period": period_value(period),
        "filing": filing,
        "figures": figures,
        "texts": texts,
    }
