"""What the relation pages show: an institution's controllers, related parties with their paths,
suspicions and exposure across institutions, its findings, and the city's list of parties that
control or borrow from several institutions. Institutions outside the actor's reach are named
(the registry of licensed institutions is public) but never linked."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Max, QuerySet, Sum
from django.utils.translation import gettext as _

from finsup.core import numbers
from finsup.institutions.selectors import institution_scope

from . import evidence, keys, load, resolve
from .choices import LinkKind, PartyKind
from .models import DeclaredHolding, GraphFinding, Link, Party


@dataclass
class RelatedRow:
    name: str
    kind: str
    path: list[str]
    lent: str = ""  # the institution's live balance to the party, in 万元 with the unit


@dataclass
class ExposureRow:
    name: str
    institutions: list[str]
    amount: str
    path: list[str] = field(default_factory=list)


@dataclass
class RelationView:
    controller: str
    controller_path: list[str]
    related: list[RelatedRow]
    suspicions: list[list[str]]
    exposure: list[ExposureRow]
    chart: dict
    parties: int


def _chart(loaded: load.Loaded, me: str, related: dict[str, resolve.Reach]) -> dict:
    """ECharts graph data: the institution, the parties related to it and the links between them,
    each node with its path read as sentences (the page shows it on a click)."""
    shown = set(related) | {me}
    nodes, index = [], {}
    for key in sorted(shown, key=lambda k: (k != me, evidence.party_name(k, loaded.parties))):
        kind = loaded.parties.get(key, ("", ""))[0]
        index[key] = len(nodes)
        nodes.append(
            {
                "name": str(len(nodes)),
                "label": evidence.party_name(key, loaded.parties),
                "category": kind,
                "path": evidence.path_texts(related[key].path, loaded.parties) if key in related else [],
                "me": key == me,
            }
        )
    links = []
    for edge in loaded.links:
        if edge.src in index and edge.dst in index and edge.kind not in (resolve.AT_ADDRESS, resolve.USES_PHONE):
            links.append(
                {
                    "source": str(index[edge.src]),
                    "target": str(index[edge.dst]),
                    "text": evidence.step_text(edge, loaded.parties),
                }
            )
    return {"nodes": nodes, "links": links}


def relation_view(*, institution) -> RelationView:
    """The institution's page (the view has loaded `institution` through the actor's scope)."""
    loaded = load.around(institution.pk)
    me = loaded.key_of(institution.pk)
    g, parties = loaded.graph, loaded.parties
    chain = g.controller_chain(me) if me else []
    controller = evidence.party_name(chain[-1].controller, parties) if chain else ""
    controller_path = evidence.path_texts([e for step in chain for e in step.edges], parties)
    related = g.related_to(me) if me else {}
    lent = {e.dst: e for e in g.lends.get(me, ())}
    rows = [
        RelatedRow(
            evidence.party_name(key, parties),
            str(PartyKind(parties[key][0]).label) if key in parties else "",
            evidence.path_texts(reach.path, parties),
            numbers.wan_yuan(lent[key].amount) if key in lent else "",
        )
        for key, reach in related.items()
        if key != me and parties.get(key, ("", ""))[0] != "concert"
    ]
    rows.sort(key=lambda r: (len(r.path), r.name))
    suspicions = []
    near = set(related) | set(lent)
    for _attribute, edges in g.sharing().items():
        holders = {e.src for e in edges}
        if holders & near and len(holders) > 1:
            suspicions.append(evidence.path_texts(sorted(edges, key=lambda e: e.src), parties))
    exposure = _exposure(loaded, me, related)
    return RelationView(
        controller, controller_path, rows, suspicions, exposure, _chart(loaded, me, related), len(parties)
    )


def _exposure(loaded: load.Loaded, me: str, related: dict[str, resolve.Reach]) -> list[ExposureRow]:
    """Other institutions lending to the parties related to this one, and other institutions under
    the same ultimate controller."""
    g, parties, rows = loaded.graph, loaded.parties, []
    lenders: dict[str, list[resolve.Edge]] = defaultdict(list)
    for edges in g.lends.values():
        for e in edges:
            if e.dst in related and e.src != me:
                lenders[e.dst].append(e)
    for party, edges in sorted(lenders.items()):
        amount = sum((e.amount or 0 for e in edges), Decimal(0))
        rows.append(
            ExposureRow(
                evidence.party_name(party, parties),
                sorted({evidence.party_name(e.src, parties) for e in edges}),
                numbers.wan_yuan(amount),
                evidence.path_texts(related[party].path, parties),
            )
        )
    top = g.ultimate_controller(me) if me else ""
    if top:
        siblings = [k for k in loaded.institutions if k != me and g.ultimate_controller(k) == top]
        if siblings:
            rows.append(
                ExposureRow(
                    evidence.party_name(top, parties),
                    sorted(evidence.party_name(k, parties) for k in siblings),
                    "",
                    [_("the ultimate controller of this institution and of the institutions listed")],
                )
            )
    return rows


def declared_holdings(*, actor, institution) -> QuerySet[DeclaredHolding]:
    """The ownership the institution declared above its shareholders."""
    return DeclaredHolding.objects.for_user(actor).filter(institution=institution)


def institution_findings(*, actor, institution) -> QuerySet[GraphFinding]:
    """The findings of the institution's latest evaluation day."""
    qs = GraphFinding.objects.for_user(actor).filter(institution=institution)
    latest = qs.aggregate(day=Max("as_of"))["day"]
    return qs.filter(as_of=latest).select_related("warning") if latest else qs.none()


@dataclass
class CityRow:
    name: str
    role: str
    institutions: list[tuple[str, int | None]]  # name, pk when in reach
    amount: str


def city_list(*, actor) -> list[CityRow]:
    """Parties controlling more than one institution, and borrowers (or borrower groups) of more
    than one institution, among the institutions in the actor's reach."""
    reach = set(institution_scope(actor=actor).values_list("pk", flat=True))
    if not reach or not Link.objects.for_user(actor).exists():
        return []
    loaded = load.whole_graph()
    g, parties = loaded.graph, loaded.parties
    name_of = {k: evidence.party_name(k, parties) for k in loaded.institutions}
    rows = []
    controlled: dict[str, list[str]] = defaultdict(list)
    for key in loaded.institutions:
        top = g.ultimate_controller(key)
        if top:
            controlled[top].append(key)
    for top, insts in sorted(controlled.items(), key=lambda kv: -len(kv[1])):
        listed = [
            (name_of[k], loaded.institutions[k] if loaded.institutions[k] in reach else None)
            for k in sorted(insts, key=name_of.get)
        ]
        if len(insts) > 1 and any(pk for _, pk in listed):
            rows.append(CityRow(evidence.party_name(top, parties), _("controls"), listed, ""))
    groups = g.groups()
    borrowed: dict[str, list[resolve.Edge]] = defaultdict(list)
    for _lender, edges in g.lends.items():
        for e in edges:
            borrowed[groups[e.dst]].append(e)
    for _root, edges in sorted(borrowed.items(), key=lambda kv: -len({e.src for e in kv[1]})):
        lenders = sorted({e.src for e in edges}, key=lambda k: name_of.get(k, k))
        listed = [
            (name_of.get(k, k), loaded.institutions.get(k) if loaded.institutions.get(k) in reach else None)
            for k in lenders
        ]
        if len(lenders) > 1 and any(pk for _, pk in listed):
            members = sorted({e.dst for e in edges})
            name = "、".join(evidence.party_name(k, parties) for k in members[:3]) + ("等" if len(members) > 3 else "")
            amount = sum((e.amount or 0 for e in edges), Decimal(0))
            rows.append(CityRow(name, _("borrows from"), listed, numbers.wan_yuan(amount)))
    return rows + _plain_borrowers(loaded, reach)


PLAIN_LISTED = 100


def _plain_borrowers(loaded: load.Loaded, reach: set[int]) -> list[CityRow]:
    """Borrowers of several lenders the graph relates to no one (not read into the graph): the
    largest balances, asked of the database."""
    several = (
        Link.objects.filter(kind=LinkKind.LENDS)
        .values("dst_id")
        .annotate(lenders=Count("institution", distinct=True), total=Sum("amount"))
        .filter(lenders__gt=1)
        .order_by("-total", "dst_id")
    )
    rows, known = [], set(loaded.parties)
    picked = list(several[: PLAIN_LISTED * 2])
    lends = defaultdict(list)
    for dst, key, kind, inst, name in Link.objects.filter(
        kind=LinkKind.LENDS, dst_id__in=[r["dst_id"] for r in picked]
    ).values_list("dst_id", "dst__key", "dst__kind", "institution_id", "institution__name"):
        lends[dst].append((key, kind, inst, name))
    for r in picked:
        entries = lends[r["dst_id"]]
        key, kind = entries[0][0], entries[0][1]
        if key in known or not any(inst in reach for _, _, inst, _ in entries):
            continue
        listed = sorted({(name, inst if inst in reach else None) for _, _, inst, name in entries})
        name = evidence.party_name(key, {key: (kind, "")})
        rows.append(CityRow(name, _("borrows from"), listed, numbers.wan_yuan(r["total"])))
        if len(rows) == PLAIN_LISTED:
            break
    return rows


def institutions_related_to_codes(codes) -> dict[str, list[tuple[int, str, str]]]:
    """For each credit code the graph knows, the licensed institutions it relates to: (institution
    pk, its name, the path one step after another). The whole graph is read only when one of the
    codes is a party of it (an unlicensed entity seldom is)."""
    keyed = {keys.identifier_key(code): code for code in codes if code}
    present = set(Party.objects.filter(key__in=list(keyed)).values_list("key", flat=True)) if keyed else set()
    if not present:
        return {}
    loaded = load.whole_graph()
    found: dict[str, list[tuple[int, str, str]]] = defaultdict(list)
    for me, institution in sorted(loaded.institutions.items(), key=lambda kv: kv[1]):
        related = loaded.graph.related_to(me)
        for key in sorted(present & related.keys()):
            if key != me:
                path = " → ".join(evidence.path_texts(related[key].path, loaded.parties))
                found[keyed[key]].append((institution, evidence.party_name(me, loaded.parties), path))
    return dict(found)
