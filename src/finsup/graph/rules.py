"""The related-party rules on the groups the graph finds, in addition to what the institutions
declare (issue 20). For each microloan company with loans to parties of the graph:

* **Undeclared related-party lending**: a live loan to a party the graph relates to the company
  (its shareholders, controllers, people, declared parties and what they control) that the feed
  does not mark as a related-party loan. The rule of the finding is `loan_related_party` (the
  loans to related parties listed for review), its evidence the path from the company to the
  borrower.
* **One shareholder with its related parties** (the rules on `main_shareholder_stake` in force for
  the institution's kind: the main investor of a private capital manager between 20% and 51%, a
  microloan company's single shareholder at most 10% until 2024): the stakes of the shareholders
  under one ultimate controller, or acting in concert, counted together; only where the graph joins
  holders the registry's declared shareholder groups do not (those the report rule already sees).
* **A borrower and its related parties**: the company's live balance to the borrowers the graph
  puts in one group (common control, acting in concert, declared borrower groups) over its net
  assets, against the limit of `loan_single_borrower_group` in force; only groups the graph joined
  through more than the feed's declared groups (those the loan rule already sees).

Findings are kept per company, day and subject; each opens a risk warning printing its paths,
unless one opened for the same subject on an earlier day is still open."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from finsup.audit.choices import AuditAction
from finsup.audit.services import audit_batch, audit_record
from finsup.core import clock, numbers
from finsup.institutions.choices import InstitutionKind
from finsup.institutions.selectors import all_institutions
from finsup.loans.evaluation import company_context
from finsup.monitoring.choices import WarningSource
from finsup.monitoring.selectors import warnings_not_closed
from finsup.monitoring.services import warnings_open
from finsup.reporting import catalogue_access as cat
from finsup.reporting.evaluation import warning_level
from finsup.rulebook.units import unit_of

from . import build, evidence, load, resolve
from .choices import FindingKind
from .models import GraphFinding

STAKE_FORMULA = "main_shareholder_stake"
RELATED_RULE = "loan_related_party"
GROUP_RULE = "loan_single_borrower_group"


@dataclass
class Found:
    institution_id: int
    kind: str
    subject_key: str
    subject: str
    rule_id: str
    paths: list[list[str]]
    amount: Decimal | None = None
    value: Decimal | None = None
    limit: Decimal | None = None
    loans: int = 0
    limit_text: str = ""


@dataclass
class GraphSummary:
    as_of: datetime.date
    links: int = 0
    findings: list[Found] = field(default_factory=list)
    warnings_opened: int = 0


def _passes(rule, value: Decimal) -> bool:
    if rule.comparator == "between":
        return rule.threshold_low <= value <= rule.threshold_high
    limit = Decimal(str(rule.threshold))
    return {"<=": value <= limit, "<": value < limit, ">=": value >= limit, ">": value > limit}.get(
        rule.comparator, True
    )


def shareholder_findings(loaded: load.Loaded, *, stake_rules: dict[int, list]) -> list[Found]:
    """Per institution with a rule on its main shareholder's stake: the largest block of holders
    under one ultimate controller (or acting in concert) against each rule."""
    g, parties, found = loaded.graph, loaded.parties, []
    for key, inst_id in sorted(loaded.institutions.items(), key=lambda kv: kv[1]):
        rules = stake_rules.get(inst_id)
        holdings = g.holders.get(key, ())
        if not rules or len(holdings) < 2:
            continue
        blocks: dict[str, list[resolve.Edge]] = defaultdict(list)
        for e in holdings:
            member = g.concert_of.get((e.src, key))
            blocks[member.dst if member is not None else (g.ultimate_controller(e.src) or e.src)].append(e)
        root, edges = max(blocks.items(), key=lambda kv: (sum(e.stake or 0 for e in kv[1]), kv[0]))
        if len(edges) < 2 or root.startswith("g:"):
            continue  # one holder, or a declared group: the report rule counts it already
        stake = sum((e.stake or 0 for e in edges), Decimal(0)) / 100
        paths = []
        for e in sorted(edges, key=lambda e: (-(e.stake or 0), e.src)):
            chain = [x for step in g.controller_chain(e.src) for x in step.edges]
            paths.append(evidence.path_texts([e, *chain], parties))
        names = "、".join(evidence.party_name(e.src, parties) for e in edges[:3]) + ("等" if len(edges) > 3 else "")
        for rule in rules:
            if _passes(rule, stake):
                continue
            unit = unit_of(rule)
            limit = numbers.limit_text(
                rule.comparator, rule.threshold, unit, low=rule.threshold_low, high=rule.threshold_high
            )
            found.append(
                Found(
                    inst_id,
                    FindingKind.SHAREHOLDER_GROUP,
                    root,
                    names,
                    rule.id,
                    paths,
                    value=stake,
                    limit=rule.threshold if rule.comparator != "between" else rule.threshold_high,
                    limit_text=limit,
                )
            )
    return found


def find(loaded: load.Loaded, *, net_assets: dict[int, Decimal | None], group_limit: Decimal | None) -> list[Found]:
    """What the loan rules find on a loaded graph, per lending institution."""
    g, parties, found = loaded.graph, loaded.parties, []
    groups = g.groups()
    for lender, inst_id in sorted(loaded.institutions.items(), key=lambda kv: kv[1]):
        lends = g.lends.get(lender, ())
        if not lends:
            continue
        related = g.related_to(lender)
        for e in sorted(lends, key=lambda e: e.dst):
            if e.dst in related and e.undeclared:
                path = related[e.dst].path + [e]
                found.append(
                    Found(
                        inst_id,
                        FindingKind.UNDECLARED_RELATED_LOAN,
                        e.dst,
                        evidence.party_name(e.dst, parties),
                        RELATED_RULE,
                        [evidence.path_texts(path, parties)],
                        amount=e.amount,
                        loans=e.undeclared,
                    )
                )
        assets = net_assets.get(inst_id)
        if group_limit is None or not assets:
            continue
        members: dict[str, list[resolve.Edge]] = defaultdict(list)
        for e in lends:
            members[groups[e.dst]].append(e)
        for root, edges in sorted(members.items()):
            if len(edges) < 2:
                continue
            edges.sort(key=lambda e: (-(e.amount or 0), e.dst))
            first = edges[0].dst
            paths = [g.group_path(first, e.dst) for e in edges[1:]]
            if all(p and all(step.kind == resolve.BORROWER_GROUP for step in p) for p in paths):
                continue  # the feed's declared group: the loan rule sees it already
            total = sum((e.amount or 0 for e in edges), Decimal(0))
            ratio = total / assets
            if ratio <= group_limit:
                continue
            texts = [evidence.path_texts(p, parties) for p in paths if p]
            texts.append([evidence.step_text(e, parties) for e in edges])
            names = "、".join(evidence.party_name(e.dst, parties) for e in edges[:3])
            found.append(
                Found(
                    inst_id,
                    FindingKind.GROUP_CONCENTRATION,
                    root,
                    names + ("等" if len(edges) > 3 else ""),
                    GROUP_RULE,
                    texts,
                    amount=total,
                    value=ratio,
                    limit=group_limit,
                    loans=sum(e.loans for e in edges),
                )
            )
    return found


def _group_limit(as_of: datetime.date) -> Decimal | None:
    rulebook = cat.rulebook()
    rule = next((r for r in rulebook if r.id == GROUP_RULE and r.in_force(as_of)), None)
    return None if rule is None or rule.threshold is None else Decimal(str(rule.threshold))


def _stake_rules(loaded: load.Loaded, as_of: datetime.date) -> dict[int, list]:
    """The rules on main_shareholder_stake in force, per institution of the graph by its kind."""
    by_kind = defaultdict(list)
    for rule in cat.rulebook():
        if rule.formula is not None and rule.formula.text.strip() == STAKE_FORMULA and rule.in_force(as_of):
            by_kind[rule.kind].append(rule)
    kinds = dict(all_institutions().filter(pk__in=loaded.institutions.values()).values_list("pk", "kind"))
    return {pk: by_kind[kind] for pk, kind in kinds.items() if by_kind.get(kind)}


def graph_evaluate(*, as_of: datetime.date | None = None, by=None) -> GraphSummary:
    """Refreshes the loan links, then finds and stores what the rules find on the whole graph."""
    as_of = as_of or clock.today()
    summary = GraphSummary(as_of=as_of)
    summary.links = build.loans_refresh(as_of=as_of)
    loaded = load.whole_graph()
    lenders = list(
        all_institutions()
        .filter(kind=InstitutionKind.MICROLOAN, pk__in=loaded.institutions.values())
        .select_related("county")
        .prefetch_related("business_region")
    )
    context = company_context(lenders, as_of)
    net_assets = {i.pk: context[i.credit_code]["net_assets"] for i in lenders}
    summary.findings = find(loaded, net_assets=net_assets, group_limit=_group_limit(as_of))
    summary.findings += shareholder_findings(loaded, stake_rules=_stake_rules(loaded, as_of))
    by_pk = {i.pk: i for i in all_institutions().filter(pk__in={f.institution_id for f in summary.findings})}
    with audit_batch(), transaction.atomic():
        summary.warnings_opened = _store(summary.findings, by_pk, as_of, by)
    return summary


def _title(f: Found) -> str:
    if f.kind == FindingKind.UNDECLARED_RELATED_LOAN:
        return _("Undeclared related-party lending to %(party)s") % {"party": f.subject}
    if f.kind == FindingKind.SHAREHOLDER_GROUP:
        return _("Shareholders under one controller together outside the limit: %(parties)s") % {"parties": f.subject}
    return _("Borrowers related through the graph above the group limit: %(parties)s") % {"parties": f.subject}


def _detail(f: Found) -> str:
    if f.kind == FindingKind.UNDECLARED_RELATED_LOAN:
        head = _("%(loans)s live loans, outstanding %(amount)s, not marked as related-party loans.") % {
            "loans": f.loans,
            "amount": numbers.wan_yuan(f.amount),
        }
    elif f.kind == FindingKind.SHAREHOLDER_GROUP:
        head = _("Together %(value)s of the registered capital, limit %(limit)s.") % {
            "value": numbers.percent(f.value),
            "limit": f.limit_text,
        }
    else:
        head = _("Outstanding %(amount)s, %(value)s of net assets, limit %(limit)s.") % {
            "amount": numbers.wan_yuan(f.amount),
            "value": numbers.percent(f.value),
            "limit": numbers.percent(f.limit, None),
        }
    lines = [head, _("How the parties are related:")]
    for n, path in enumerate(f.paths, 1):  # one step a line: "1.1 甲 持有 乙 60%"
        lines += [f"{n}.{k} {step}" if len(f.paths) > 1 else f"{k}. {step}" for k, step in enumerate(path, 1)]
    return "\n".join(lines)


def _store(findings: list[Found], institutions: dict, as_of: datetime.date, by) -> int:
    rulebook = cat.rulebook()
    earlier = {
        (f.institution_id, f.kind, f.subject_key): f.warning_id
        for f in GraphFinding.objects.filter(as_of__lt=as_of, warning__isnull=False).order_by("as_of")
    }
    still_open = warnings_not_closed(earlier.values())
    specs, rows = [], []
    for f in findings:
        inst = institutions[f.institution_id]
        row, created = GraphFinding.objects.get_or_create(
            institution=inst,
            as_of=as_of,
            kind=f.kind,
            subject_key=f.subject_key,
            defaults=dict(
                subject=f.subject[:200],
                rule_id=f.rule_id,
                value=f.value,
                limit=f.limit,
                amount=f.amount,
                paths=f.paths,
                evaluated_at=clock.now(),
                evaluated_by=by,
            ),
        )
        if not created:
            continue
        audit_record(
            action=AuditAction.CREATE,
            obj=row,
            changes={"subject": [None, row.subject], "kind": [None, row.kind]},
            object_repr=f"{row.get_kind_display()} {row.subject}"[:100],
        )
        prior = earlier.get((f.institution_id, f.kind, f.subject_key))
        if prior in still_open:
            row.warning_id = prior
            row.save(update_fields=["warning"])
            continue
        rule = rulebook.get(f.rule_id)
        rows.append(row)
        specs.append(
            dict(
                institution=inst,
                key=f"{WarningSource.RELATED_GRAPH}:{f.kind}:{inst.pk}:{f.subject_key[:64]}:{as_of.isoformat()}",
                source=WarningSource.RELATED_GRAPH,
                level=warning_level(rule.severity),
                title=_title(f)[:200],
                detail=_detail(f),
                rule_id=f.rule_id,
                citation=str(rule.citation) if rule.citation else "",
                period_end=as_of,
            )
        )
    opened = 0
    for row, (warning, created) in zip(rows, warnings_open(specs), strict=True):
        row.warning = warning
        row.save(update_fields=["warning"])
        opened += int(created)
    return opened
