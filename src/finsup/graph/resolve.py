"""Who controls whom and who is related to whom, on the graph's links (no Django: the benchmark
and the rules use it alike).

Control (the Company Law's controlling shareholder, the takeover rules' 30% of voting rights): a
holder controls a company when it holds more than half of it, or when it is the largest holder with
at least 30% and more than any other. Holders declared as acting in concert count as one holder.
The ultimate controller is found by following control upwards, through any number of layers, until
no one controls the last holder (a circle of cross-holdings stops where it closes).

Related to an institution (the registry's relations; the paths are the evidence): its shareholders
and the chains of their controllers, the chain of its own controllers, its directors, supervisors
and executives and its legal representative, the parties it declared, those acting in concert with
its shareholders, and every enterprise any of these controls, through any depth, or represents. A
shared address or phone is a suspicion, listed apart, never a relation."""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from networkx.utils import UnionFind

HOLDS, CONCERT, LEGAL_REP, KEY_PERSON, DECLARED = "holds", "concert", "legal_rep", "key_person", "declared"
LENDS, BORROWER_GROUP, AT_ADDRESS, USES_PHONE = "lends", "borrower_group", "address", "phone"
MAJORITY, LARGEST = Decimal("50"), Decimal("30")


@dataclass(frozen=True)
class Edge:
    src: str
    dst: str
    kind: str
    stake: Decimal | None = None
    amount: Decimal | None = None
    loans: int = 0
    undeclared: int = 0
    note: str = ""
    source: str = ""


@dataclass(frozen=True)
class Control:
    """`controller` controls `held` on `basis`, holding `stake`% through `edges` (with a concert
    group: each member's holding and its membership)."""

    held: str
    controller: str
    basis: str
    stake: Decimal
    edges: tuple[Edge, ...]


@dataclass
class Reach:
    """A party related to an institution: the links from the institution to it, in order."""

    party: str
    path: list[Edge] = field(default_factory=list)


def concert_held(group_key: str) -> str:
    """A concert group's key names the company whose holders act in concert: g:<held>:<label>."""
    return group_key.split(":", 2)[1]


class Graph:
    def __init__(self, edges: Iterable[Edge]):
        self.holders: dict[str, list[Edge]] = defaultdict(list)
        self.concert_of: dict[tuple[str, str], Edge] = {}  # (member, held) → its membership
        self.people: dict[str, list[Edge]] = defaultdict(list)  # company → key persons, legal representative
        self.represents: dict[str, list[Edge]] = defaultdict(list)  # person → companies it represents
        self.declared: dict[str, list[Edge]] = defaultdict(list)  # company → parties it declared
        self.lends: dict[str, list[Edge]] = defaultdict(list)  # lender → its borrowers
        self.borrower_groups: list[Edge] = []
        self.attributes: dict[str, list[Edge]] = defaultdict(list)  # address or phone → who gives it
        held_by: dict[tuple[str, str], Edge] = {}
        for e in edges:
            if e.kind == HOLDS:
                # One holding, however many records state it: the registry's shareholder record
                # over a declaration, the later declaration over an earlier one (as loaded).
                known = held_by.get((e.src, e.dst))
                if known is None or not known.source.startswith("institutions."):
                    held_by[(e.src, e.dst)] = e
            elif e.kind == CONCERT:
                self.concert_of[(e.src, concert_held(e.dst))] = e
            elif e.kind in (KEY_PERSON, LEGAL_REP):
                self.people[e.dst].append(e)
                if e.kind == LEGAL_REP:
                    self.represents[e.src].append(e)
            elif e.kind == DECLARED:
                self.declared[e.dst].append(e)
            elif e.kind == LENDS:
                self.lends[e.src].append(e)
            elif e.kind == BORROWER_GROUP:
                self.borrower_groups.append(e)
            elif e.kind in (AT_ADDRESS, USES_PHONE):
                self.attributes[e.dst].append(e)
        for (_src, dst), e in held_by.items():
            self.holders[dst].append(e)
        self._direct: dict[str, Control | None] = {}
        self._controlled: dict[str, list[Control]] | None = None

    # -- control ----------------------------------------------------------------------------

    def direct_controller(self, held: str) -> Control | None:
        if held not in self._direct:
            self._direct[held] = self._decide(held)
        return self._direct[held]

    def _decide(self, held: str) -> Control | None:
        blocks: dict[str, list] = {}
        for e in self.holders.get(held, ()):
            member = self.concert_of.get((e.src, held))
            block = member.dst if member is not None else e.src
            entry = blocks.setdefault(block, [Decimal(0), []])
            entry[0] += e.stake or 0
            entry[1] += [e, member] if member is not None else [e]
        if not blocks:
            return None
        ranked = sorted(blocks.items(), key=lambda kv: (-kv[1][0], kv[0]))
        (top, (stake, edges)), runner_up = ranked[0], ranked[1][1][0] if len(ranked) > 1 else Decimal(0)
        if stake > MAJORITY:
            basis = "majority"
        elif stake >= LARGEST and stake > runner_up:
            basis = "largest"
        else:
            return None
        return Control(held=held, controller=top, basis=basis, stake=stake, edges=tuple(edges))

    def controller_chain(self, node: str) -> list[Control]:
        """The controls from `node` up to its ultimate controller (empty: no one controls it)."""
        chain, seen, current = [], {node}, node
        while (step := self.direct_controller(current)) is not None and step.controller not in seen:
            chain.append(step)
            seen.add(step.controller)
            current = step.controller
        return chain

    def ultimate_controller(self, node: str) -> str:
        chain = self.controller_chain(node)
        return chain[-1].controller if chain else ""

    def controlled(self) -> dict[str, list[Control]]:
        """Controller → the controls it holds directly."""
        if self._controlled is None:
            down: dict[str, list[Control]] = defaultdict(list)
            for held in list(self.holders):
                step = self.direct_controller(held)
                if step is not None:
                    down[step.controller].append(step)
            self._controlled = down
        return self._controlled

    def all_controllers(self) -> dict[str, str]:
        """Every company with holders → its ultimate controller ('' when no one controls it), as
        `ultimate_controller` finds it (each control decided once; a circle ends where it closes,
        from the company asked about)."""
        return {held: self.ultimate_controller(held) for held in self.holders}

    # -- groups (a borrower and its related parties) ------------------------------------------

    def groups(self) -> UnionFind:
        """Parties under common control, acting in concert, or declared in one borrower group."""
        union = UnionFind()
        for held, steps in ((h, self.direct_controller(h)) for h in list(self.holders)):
            if steps is not None:
                union.union(held, steps.controller)
                for e in steps.edges:
                    union.union(e.src, steps.controller)  # a concert group's members with the group
        for e in self.borrower_groups:
            union.union(e.src, e.dst)
        return union

    def group_path(self, a: str, b: str) -> list[Edge]:
        """The links that put a and b in one group: a up to the common controller and down to b."""
        up_a = [a] + [s.controller for s in self.controller_chain(a)]
        up_b = [b] + [s.controller for s in self.controller_chain(b)]
        common = next((n for n in up_a if n in set(up_b)), "")
        if not common:
            concert_a = {e.dst: e for (member, _), e in self.concert_of.items() if member == a}
            for (member, _), e in self.concert_of.items():
                if member == b and e.dst in concert_a:  # the two act in concert
                    return [concert_a[e.dst], e]
            for e in self.borrower_groups:
                if {e.src, e.dst} & {a, b}:
                    return [e]
            return []
        return self._chain_edges(a, common) + list(reversed(self._chain_edges(b, common)))

    def _chain_edges(self, node: str, top: str) -> list[Edge]:
        edges = []
        for step in self.controller_chain(node):
            edges += step.edges
            if step.controller == top:
                break
        return edges if node != top else []

    # -- related to an institution ------------------------------------------------------------

    def related_to(self, institution: str) -> dict[str, Reach]:
        """Every party related to the institution, with the shortest path of links found."""
        reached: dict[str, Reach] = {institution: Reach(institution)}
        queue: deque[str] = deque()

        def reach(party: str, via: str, edges: list[Edge], expand: bool = True) -> None:
            if party and party not in reached:
                reached[party] = Reach(party, reached[via].path + edges)
                if expand:
                    queue.append(party)

        for e in self.holders.get(institution, ()):
            reach(e.src, institution, [e])
            member = self.concert_of.get((e.src, institution))
            if member is not None:
                reach(member.dst, e.src, [member], expand=False)
        for e in self.holders.get(institution, ()):  # each shareholder's own controllers, up to the top
            for step in self.controller_chain(e.src):
                reach(step.controller, step.held, list(step.edges))
        for step in self.controller_chain(institution):
            reach(step.controller, step.held, list(step.edges))
        for e in self.people.get(institution, ()):
            reach(e.src, institution, [e])
        for e in self.declared.get(institution, ()):
            reach(e.src, institution, [e])
        controlled = self.controlled()
        while queue:
            party = queue.popleft()
            for step in controlled.get(party, ()):
                reach(step.held, party, list(step.edges))
            for e in self.represents.get(party, ()):
                reach(e.dst, party, [e])
        return reached

    # -- suspicions --------------------------------------------------------------------------

    def sharing(self) -> dict[str, list[Edge]]:
        """Addresses and phones given by more than one party."""
        return {k: v for k, v in self.attributes.items() if len({e.src for e in v}) > 1}
