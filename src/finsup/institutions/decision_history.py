"""The registry's changes as decisions made them, for the institution page: each change read as
people read it (stakes as percentages, money in 万元, positions and statuses by name), with a link
to the decision when the viewer may open it.

The registry knows no procedure above it: each app that decides registers its decisions here when
Django starts (`register_decision_source` in its AppConfig.ready), as panels.py does for the tabs."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from finsup.core import numbers

from .choices import DecisionItem, InstitutionStatus, Position
from .models import DecisionChange


@dataclass(frozen=True)
class DecisionSource:
    url: Callable[[int], str]  # url(pk): the decision's page
    visible: Callable[..., set[int]]  # visible(actor=, pks=): the decisions of `pks` the actor may open
    name: Callable[[int], str] | None = None  # name(pk): how a decision is named; else its document number


_SOURCES: dict[str, DecisionSource] = {}


def register_decision_source(key: str, source: DecisionSource) -> DecisionSource:
    _SOURCES[key] = source
    return source


@dataclass(frozen=True)
class DecisionRow:
    change: DecisionChange
    before: str
    after: str
    link: str  # "" when the viewer may not open the decision


def decision_rows(*, actor, changes: Iterable[DecisionChange]) -> list[DecisionRow]:
    changes = list(changes)
    wanted: dict[str, set[int]] = defaultdict(set)
    for c in changes:
        wanted[c.decision_source].add(c.decision_id)
    openable = {
        key: (_SOURCES[key].visible(actor=actor, pks=pks) if key in _SOURCES else set()) for key, pks in wanted.items()
    }
    rows = []
    for c in changes:
        link = _SOURCES[c.decision_source].url(c.decision_id) if c.decision_id in openable[c.decision_source] else ""
        rows.append(DecisionRow(change=c, before=_read(c, c.before), after=_read(c, c.after), link=link))
    return rows


def _read(change: DecisionChange | None, values: dict) -> str:
    if not isinstance(values, dict) or not values:
        return "—"
    parts = [_part(change.item if change else "", key, value) for key, value in values.items()]
    return "；".join(str(p) for p in parts if p)


def values_text(values) -> str:
    """A change's before or after as the audit trail shows it (no keys, each value by its name)."""
    return _read(None, values)


def _part(item: str, key: str, value) -> str:
    if key == "stake":
        return _("stake %(v)s") % {"v": numbers.percent(numbers.decimal(value) / 100)}
    if key in ("subscribed_capital", "registered_capital", "paid_in_capital"):
        names = {
            "subscribed_capital": _("subscribed"),
            "registered_capital": _("registered capital"),
            "paid_in_capital": _("paid-in capital"),
        }
        return f"{names[key]} {numbers.wan_yuan(value)}"
    if key == "position":
        return Position(value).label if value in Position.values else str(value)
    if key == "status":
        return InstitutionStatus(value).label if value in InstitutionStatus.values else str(value)
    if key == "took_office_on":
        return _("took office %(d)s") % {"d": value}
    if key == "left_office_on":
        return _("left office %(d)s") % {"d": value}
    if key == "closed_on":
        return _("closed %(d)s") % {"d": value}
    if key == "approval_doc_no":
        return _("licence %(no)s") % {"no": value}
    if key == "business_region":
        return "、".join(value)
    if item == DecisionItem.ESTABLISHMENT and key == "name":
        return str(value)
    return str(value)
