"""Impact replay: before a rule, or a changed limit, goes live, evaluate it over the accepted filings
already received and count how many filings and institutions would breach it, old rule against new.
Nothing is stored: no result, no warning (the engine runs in memory; only filings are read).

The candidate is a whole rules folder (as FINSUP_RULES_DIR would be), one uploaded rule file laid
over the rulebook in force, or one rule of it with another limit. Only the rules that differ are
replayed (or those asked for), and only over the filings of their reports that the actor may see:
a county office's replay counts its own institutions."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from finsup.core import numbers
from finsup.core.numbers import from_shown
from finsup.rulebook import Rule, Rulebook, RulebookError, evaluate, load_rulebook
from finsup.rulebook.loader import load_rules_text, with_limit
from finsup.rulebook.units import unit_of

from . import catalogue_access as cat
from .choices import COUNTED_STATUSES
from .evaluation import row_for
from .models import Submission

BATCH = 2000
CHANGES_KEPT = 200  # filings listed per rule whose verdict changes (all are counted)


@dataclass(frozen=True)
class VerdictChange:
    """A filing that breaches under one version of the rule and not under the other."""

    submission: Submission
    old_value: Decimal | None
    new_value: Decimal | None
    breach_now: bool  # True: breaches under the new rule only; False: under the old one only
    unit: str

    @property
    def old_shown(self) -> str:
        return shown_number(self.old_value, self.unit)

    @property
    def new_shown(self) -> str:
        return shown_number(self.new_value, self.unit)


@dataclass
class RuleImpact:
    rule_id: str
    old: Rule | None  # None: a rule the candidate adds
    new: Rule | None  # None: a rule the candidate removes
    evaluated_old: int = 0
    evaluated_new: int = 0
    breaches_old: int = 0
    breaches_new: int = 0
    institutions_old: set[int] = field(default_factory=set)
    institutions_new: set[int] = field(default_factory=set)
    changes: list[VerdictChange] = field(default_factory=list)
    changes_count: int = 0
    unit: str = ""

    def __post_init__(self):
        self.unit = limit_unit(self.rule)

    @property
    def rule(self) -> Rule:
        return self.new or self.old

    @property
    def description(self) -> str:
        return self.rule.description_zh.rstrip("。")

    @property
    def limit_old(self) -> str:
        return limit_text(self.old) if self.old else "—"

    @property
    def limit_new(self) -> str:
        return limit_text(self.new) if self.new else "—"

    @property
    def changes_more(self) -> int:
        return self.changes_count - len(self.changes)


@dataclass
class Replay:
    impacts: list[RuleImpact]
    filings: int  # filings read (of the reports of the rules replayed)
    not_replayed: list[Rule]  # rules on a data source (the loan feed): not evaluated over filings
    as_of: datetime.date | None


# --- the candidate ------------------------------------------------------------------------------


def candidate_from_folder(folder) -> Rulebook:
    """Every rule file of ``folder``; RulebookError (with every problem) when one is malformed."""
    return load_rulebook(folder, cat.catalogue())


def candidate_from_file(text: str, *, name: str) -> tuple[Rulebook, list[str]]:
    """The rulebook in force with the rules of one rule file put in (same id: replaced; new id:
    added), and the ids of those rules."""
    uploaded = load_rules_text(text, name=name, catalogue=cat.catalogue())
    return cat.rulebook().with_rules(uploaded), [r.id for r in uploaded]


def candidate_with_limit(rule_id: str, *, threshold=None, low=None, high=None) -> Rulebook:
    """The rulebook in force with one rule's fixed limit changed (KeyError: no such rule)."""
    current = cat.rulebook()
    return current.with_rules([with_limit(current.get(rule_id), threshold=threshold, low=low, high=high)])


def candidate_for_entry(rule_id: str, *, limit=None, low=None, high=None) -> Rulebook:
    """What a supervisor entered on the replay page: a rule and, optionally, its new limit in the unit
    it is read in (per cent, 万元, times); without a limit, the rule as it stands (e.g. one in test)."""
    rule = cat.rulebook().get(rule_id)
    if limit is None and low is None and high is None:
        return cat.rulebook()
    if rule.threshold_expr is not None:
        raise RulebookError([_("The limit of this rule is computed by the rule; to change it, upload a rule file.")])
    if rule.comparator == "between" and (limit is not None or low is None or high is None):
        raise RulebookError([_("This rule has a lower and an upper limit: give both (and no single limit).")])
    if rule.comparator != "between" and (limit is None or low is not None or high is not None):
        raise RulebookError([_("This rule has one limit: give it as the new limit.")])
    if rule.comparator == "between" and low > high:
        raise RulebookError([_("The lower limit is above the upper limit.")])
    unit = limit_unit(rule)
    stored = {
        k: None if v is None else from_shown(Decimal(v), unit)
        for k, v in (("threshold", limit), ("low", low), ("high", high))
    }
    return candidate_with_limit(rule_id, **stored)


def candidate_from_upload(content: bytes, *, name: str) -> tuple[Rulebook, list[str]]:
    """An uploaded rule file (UTF-8 TOML) laid over the rulebook in force (see candidate_from_file)."""
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        raise RulebookError([f"{name}: not UTF-8 text"]) from None
    return candidate_from_file(text, name=name)


def _differs(old: Rule | None, new: Rule | None) -> bool:
    if old is None or new is None:
        return True
    return (old.version, old.stage, old.enforcement) != (new.version, new.stage, new.enforcement)


# --- the replay ---------------------------------------------------------------------------------


def rules_replay(
    *,
    actor,
    candidate: Rulebook,
    rule_ids: Iterable[str] | None = None,
    current: Rulebook | None = None,
    report_code: str | None = None,
    since: datetime.date | None = None,
    as_of: datetime.date | None = None,
) -> Replay:
    """Replays ``rule_ids`` (default: every rule the candidate changes, adds or removes) of the
    candidate and of the rulebook in force over the accepted filings ``actor`` may see (``None``:
    all, for the command), each under the rules in force for its period (``as_of``: those in force
    on that day, e.g. the day a new rule starts); ``report_code`` keeps the rules of one report. Writes
    nothing."""
    current = current if current is not None else cat.rulebook()
    old_by_id, new_by_id = {r.id: r for r in current}, {r.id: r for r in candidate}
    if rule_ids is None:
        rule_ids = [i for i in {**old_by_id, **new_by_id} if _differs(old_by_id.get(i), new_by_id.get(i))]
    known = [i for i in dict.fromkeys(rule_ids) if i in old_by_id or i in new_by_id]
    wanted = [RuleImpact(i, old_by_id.get(i), new_by_id.get(i)) for i in known]
    if report_code:
        wanted = [imp for imp in wanted if imp.rule.report == report_code]
    impacts = [imp for imp in wanted if imp.rule.report is not None]
    not_replayed = [imp.rule for imp in wanted if imp.rule.report is None]
    ids = {imp.rule_id for imp in impacts}
    old_book = current.subset(lambda r: r.id in ids)
    new_book = candidate.subset(lambda r: r.id in ids)
    filings = _filings(actor, {r.report for r in old_book} | {r.report for r in new_book}, since)
    by_id = {imp.rule_id: imp for imp in impacts}
    for start in range(0, len(filings), BATCH):
        _replay_chunk(filings[start : start + BATCH], old_book, new_book, by_id, as_of)
    impacts.sort(key=lambda imp: (imp.rule.kind, imp.rule.report or "", imp.rule_id))
    return Replay(impacts=impacts, filings=len(filings), not_replayed=not_replayed, as_of=as_of)


def _filings(actor, reports: set[str], since) -> list[Submission]:
    if not reports:
        return []
    base = Submission.objects.for_user(actor) if actor is not None else Submission.objects.all()
    qs = base.filter(status__in=COUNTED_STATUSES, institution__isnull=False, report_code__in=reports)
    if since is not None:
        qs = qs.filter(period_end__gte=since)
    return list(qs.select_related("institution").order_by("period_end", "pk"))


def _replay_chunk(chunk: list[Submission], old_book: Rulebook, new_book: Rulebook, by_id: dict, as_of) -> None:
    from finsup.institutions.selectors import largest_holding_stakes
    from finsup.ratings.selectors import final_ratings

    ids = {s.institution_id for s in chunk}
    ratings, stakes = final_ratings(ids), largest_holding_stakes(ids)
    rows = [row_for(s, ratings=ratings, stakes=stakes) for s in chunk]
    old = {(r.row_key, r.rule_id): r for r in evaluate(old_book, rows, as_of=as_of)}
    new = {(r.row_key, r.rule_id): r for r in evaluate(new_book, rows, as_of=as_of)}
    for filing in chunk:
        for rule_id, impact in by_id.items():
            before, after = old.get((filing.pk, rule_id)), new.get((filing.pk, rule_id))
            _count(impact, filing, before, after)


def _count(impact: RuleImpact, filing: Submission, before, after) -> None:
    breach_before = before is not None and before.passed is False
    breach_after = after is not None and after.passed is False
    impact.evaluated_old += before is not None
    impact.evaluated_new += after is not None
    if breach_before:
        impact.breaches_old += 1
        impact.institutions_old.add(filing.institution_id)
    if breach_after:
        impact.breaches_new += 1
        impact.institutions_new.add(filing.institution_id)
    if breach_before != breach_after:
        impact.changes_count += 1
        if len(impact.changes) < CHANGES_KEPT:
            value = (before.value if before else None), (after.value if after else None)
            impact.changes.append(VerdictChange(filing, *value, breach_now=breach_after, unit=impact.unit))


# --- showing limits and values as supervisors read them (finsup.core.numbers) ---------------------


def limit_unit(rule: Rule) -> str:
    """The unit the rule's value and limit are read in (finsup.rulebook.units)."""
    return unit_of(rule, cat.catalogue())


def shown_number(value: Decimal | None, unit: str) -> str:
    """A stored value as supervisors read it: 0.082414 → "8.2414%", yuan → "1,234.56 万元", 10 → "10 倍"."""
    return numbers.shown(value, unit, exact=True)


def limit_text(rule: Rule) -> str:
    """The rule's limit as supervisors read it: "≤ 10%", "between 20% and 51%", "≥ 2,000.00 万元"."""
    if rule.threshold_expr is not None and rule.comparator != "between":
        return _("%(comparator)s a limit computed by the rule") % {
            "comparator": numbers.COMPARATOR_SIGNS[rule.comparator]
        }
    return numbers.limit_text(
        rule.comparator, rule.threshold, limit_unit(rule), low=rule.threshold_low, high=rule.threshold_high
    )
