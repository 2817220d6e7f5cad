"""The stored links read into a `resolve.Graph`: the whole graph (the evaluation and the city's
list), or the neighbourhood of one institution (its page), read layer by layer from the
institution outwards so that a county supervisor's page reads what it shows, not the city."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from . import resolve
from .choices import LinkKind, LinkOrigin
from .models import Link, Party

# Links a neighbourhood grows through; the far end of a loan, an address or a phone is shown but
# not followed (a shared phone or another lender's loan book would bring in the city).
_FOLLOWED = {
    LinkKind.HOLDS,
    LinkKind.CONCERT,
    LinkKind.KEY_PERSON,
    LinkKind.LEGAL_REPRESENTATIVE,
    LinkKind.DECLARED_RELATED,
    LinkKind.BORROWER_GROUP,
}
MAX_ROUNDS = 40
MAX_PARTIES = 5000
_FIELDS = (
    "pk",
    "src_id",
    "dst_id",
    "kind",
    "stake",
    "amount",
    "loans",
    "undeclared_loans",
    "note",
    "source",
    "institution_id",
)


@dataclass
class Loaded:
    graph: resolve.Graph
    parties: dict[str, tuple[str, str]]  # key → (kind, name)
    institutions: dict[str, int]  # key of a supervised institution → its pk
    links: dict[resolve.Edge, int]  # edge → the institution whose records say it

    def key_of(self, institution_id: int) -> str:
        return next((k for k, pk in self.institutions.items() if pk == institution_id), "")


def _edges(rows, keys: dict[int, str]) -> dict[resolve.Edge, int]:
    out = {}
    for _pk, src, dst, kind, stake, amount, loans, undeclared, note, source, inst in rows:
        edge = resolve.Edge(keys[src], keys[dst], kind, stake, amount, loans, undeclared, note, source)
        out[edge] = inst
    return out


def _parties(pks) -> tuple[dict[int, str], dict[str, tuple[str, str]], dict[str, int]]:
    keys, parties, institutions = {}, {}, {}
    qs = Party.objects.all() if pks is None else Party.objects.filter(pk__in=list(pks))
    for pk, key, kind, name, inst in qs.values_list("pk", "key", "kind", "name", "institution_id").iterator(2000):
        keys[pk] = key
        parties[key] = (kind, name)
        if inst:
            institutions[key] = inst
    return keys, parties, institutions


def whole_graph(*, every_loan: bool = False) -> Loaded:
    """Every link of the registry and the declarations, and the loans to the parties these relate.
    A borrower the graph knows only by its loans (one of two lenders', one sharing a phone) relates
    to no one: `every_loan` reads those links too (the city's list of borrowers of several lenders
    asks the database for them instead)."""
    rows = Link.objects.values_list(*_FIELDS)
    if not every_loan:
        structural = Link.objects.filter(kind__in=_FOLLOWED)
        related = Q(dst_id__in=structural.values("src_id")) | Q(dst_id__in=structural.values("dst_id"))
        rows = rows.filter(~Q(kind=LinkKind.LENDS) | related).exclude(kind=LinkKind.USES_PHONE, origin=LinkOrigin.LOANS)
    rows = list(rows.iterator(5000))
    ends = sorted({pk for row in rows for pk in (row[1], row[2])})
    keys, parties, institutions = {}, {}, {}
    for start in range(0, len(ends), 5000):
        k, p, i = _parties(ends[start : start + 5000])
        keys.update(k)
        parties.update(p)
        institutions.update(i)
    links = _edges(rows, keys)
    return Loaded(resolve.Graph(links), parties, institutions, links)


def around(institution_id: int) -> Loaded:
    """The institution's neighbourhood: grown through ownership, people and declared relations
    until nothing new is reached (or MAX_PARTIES), with the institution's own borrowers followed
    one step further (their owners and groups) and every link touching a party reached."""
    me = Party.objects.filter(institution_id=institution_id).values_list("pk", flat=True).first()
    if me is None:
        return Loaded(resolve.Graph(()), {}, {}, {})
    reached, frontier, rows = {me}, {me}, {}
    for round_ in range(MAX_ROUNDS):
        touching = Link.objects.filter(Q(src_id__in=frontier) | Q(dst_id__in=frontier)).values_list(*_FIELDS)
        new = set()
        for row in touching:
            rows[row[0]] = row
            kind, src, dst = row[3], row[1], row[2]
            followed = kind in _FOLLOWED or (kind == LinkKind.LENDS and round_ == 0 and src == me)
            if followed:
                new |= {src, dst} - reached
        if not new or len(reached) > MAX_PARTIES:
            break
        reached |= new
        frontier = new
    ends = {pk for row in rows.values() for pk in (row[1], row[2])}
    keys, parties, institutions = _parties(ends)
    links = _edges(rows.values(), keys)
    return Loaded(resolve.Graph(links), parties, institutions, links)
