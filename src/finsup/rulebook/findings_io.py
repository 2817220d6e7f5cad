"""Loan findings as JSON, without loss: how the findings of a Spark cluster come back to the
platform, which then turns them into warnings exactly as it does those of the DuckDB engine.

Decimals travel as text (``"0.110000"`` reads back with the same digits), a ``between``
threshold as a pair, the citation in full.
"""

from __future__ import annotations

import dataclasses
import json
from decimal import Decimal, InvalidOperation

from .loader import Citation
from .loans_engine import LoanFinding

FORMAT = "finsup-loan-findings"
VERSION = 1


class FindingsFormatError(ValueError):
    """The text is not a findings document of this format and version."""


def findings_to_json(findings: list[LoanFinding]) -> str:
    rows = [dataclasses.asdict(f) for f in findings]  # the citation becomes a dict, tuples lists
    return json.dumps({"format": FORMAT, "version": VERSION, "findings": rows}, ensure_ascii=False, default=_text)


def findings_from_json(text: str) -> list[LoanFinding]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise FindingsFormatError(f"not JSON: {err}") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("version") != VERSION:
        raise FindingsFormatError(f"not a {FORMAT} document of version {VERSION}")
    try:
        return [_finding(row) for row in data["findings"]]
    except (KeyError, TypeError, InvalidOperation) as err:
        raise FindingsFormatError(f"a finding is malformed: {err!r}") from None


def _finding(row: dict) -> LoanFinding:
    threshold = row["threshold"]
    return LoanFinding(
        company=row["company"],
        rule_id=row["rule_id"],
        rule_version=row["rule_version"],
        value=_decimal(row["value"]),
        threshold=tuple(map(Decimal, threshold)) if isinstance(threshold, list) else _decimal(threshold),
        comparator=row["comparator"],
        passed=row["passed"],
        severity=row["severity"],
        citation=Citation(**row["citation"]),
        loan_ids=tuple(row["loan_ids"]),
        loan_count=int(row["loan_count"]),
    )


def _decimal(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


def _text(value) -> str:
    if isinstance(value, Decimal):
        return str(value)
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")
