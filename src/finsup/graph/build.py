"""Writing the graph: the links of an institution's registry records and declared ownership
(rewritten whenever they change: `institution_refresh`, the registry's change hook), the links of
the loan store (rewritten after each evaluation: `loans_refresh`), and the whole graph at once
(`graph_build`). The links of one origin and institution are replaced together, in one
transaction; parties are added as they appear and keep their names."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from finsup.core import clock
from finsup.institutions.choices import HolderType
from finsup.institutions.selectors import all_institutions, enterprise_names, relations_of
from finsup.loans.keyring import layer_keys

from . import keys, loan_links
from .choices import LinkKind, LinkOrigin, PartyKind
from .matching import NameIndex
from .models import DeclaredHolding, Link, Party

BATCH = 2000


@dataclass(frozen=True)
class PartySpec:
    key: str
    kind: str
    name: str = ""
    institution_id: int | None = None


@dataclass(frozen=True)
class LinkSpec:
    src: str
    dst: str
    kind: str
    institution_id: int
    origin: str
    stake: Decimal | None = None
    amount: Decimal | None = None
    loans: int = 0
    undeclared_loans: int = 0
    note: str = ""
    source: str = ""


class _Collector:
    def __init__(self, layers: list[bytes]):
        self.layers = layers
        self.parties: dict[str, PartySpec] = {}
        self.links: list[LinkSpec] = []

    def party(self, key: str, kind: str, name: str = "", institution_id: int | None = None) -> str:
        known = self.parties.get(key)
        if known is None or (not known.name and name) or (institution_id and not known.institution_id):
            self.parties[key] = PartySpec(key, kind, name or (known.name if known else ""), institution_id)
        return key

    def link(self, src: str, dst: str, kind: str, institution_id: int, origin: str, **fields) -> None:
        if src and dst and src != dst:
            self.links.append(LinkSpec(src, dst, kind, institution_id, origin, **fields))


def _holder_key(c: _Collector, *, holder_type: str, id_hash: str, credit_code: str, name: str, scope: int) -> str:
    if holder_type == HolderType.PERSON:
        if id_hash:
            return c.party(keys.id_hash_key(id_hash, c.layers), PartyKind.PERSON, name)
        return c.party(keys.name_key(name, str(scope)), PartyKind.PERSON, name)
    kind = PartyKind.STATE if holder_type == HolderType.STATE else PartyKind.ENTERPRISE
    if credit_code:
        return c.party(keys.identifier_key(credit_code, c.layers), kind, name)
    return c.party(keys.name_key(name, str(scope)), kind, name)


def _registry(c: _Collector, institutions: list, names: _Names) -> None:
    """The registry's and the declared ownership's links of the institutions."""
    ids = [i.pk for i in institutions]
    rows = relations_of(ids)
    own = {i.pk: keys.identifier_key(i.credit_code, c.layers) for i in institutions}
    people: dict[int, dict[str, str]] = {i: {} for i in ids}  # institution → person name → key
    for inst in institutions:
        c.party(own[inst.pk], PartyKind.INSTITUTION, inst.name, inst.pk)
    origin, today = LinkOrigin.REGISTRY, clock.today()
    for s in rows["shareholders"]:
        holder = _holder_key(
            c,
            holder_type=s.holder_type,
            id_hash=s.id_number_hash,
            credit_code=s.credit_code,
            name=s.name,
            scope=s.institution_id,
        )
        if s.holder_type == HolderType.PERSON:
            people[s.institution_id].setdefault(s.name.strip(), holder)
        source = f"institutions.shareholder:{s.pk}"
        c.link(holder, own[s.institution_id], LinkKind.HOLDS, s.institution_id, origin, stake=s.stake, source=source)
        if s.related_group_id:
            group = c.party(f"g:{own[s.institution_id]}:{s.related_group_id}", PartyKind.CONCERT, s.related_group.name)
            note = s.related_group.get_basis_display()
            c.link(holder, group, LinkKind.CONCERT, s.institution_id, origin, note=str(note), source=source)
    for p in rows["key_persons"]:
        if p.left_office_on and p.left_office_on <= today:
            continue
        person = c.party(keys.id_hash_key(p.id_number_hash, c.layers), PartyKind.PERSON, p.name)
        people[p.institution_id][p.name.strip()] = person
        note = str(p.get_position_display())
        source = f"institutions.keyperson:{p.pk}"
        c.link(person, own[p.institution_id], LinkKind.KEY_PERSON, p.institution_id, origin, note=note, source=source)
        phone = keys.phone_key(p.phone, c.layers)
        if phone:
            c.link(
                person, c.party(phone, PartyKind.PHONE), LinkKind.USES_PHONE, p.institution_id, origin, source=source
            )
    for inst in institutions:
        me, source = own[inst.pk], f"institutions.institution:{inst.pk}"
        name = inst.legal_representative.strip()
        if name:
            person = people[inst.pk].get(name) or c.party(keys.name_key(name, str(inst.pk)), PartyKind.PERSON, name)
            c.link(person, me, LinkKind.LEGAL_REPRESENTATIVE, inst.pk, origin, source=source)
        address = keys.address_key(inst.address)
        if address:
            c.link(me, c.party(address, PartyKind.ADDRESS), LinkKind.AT_ADDRESS, inst.pk, origin, source=source)
        phone = keys.phone_key(inst.contact_phone, c.layers)
        if phone:
            c.link(me, c.party(phone, PartyKind.PHONE), LinkKind.USES_PHONE, inst.pk, origin, source=source)
    for r in rows["related_parties"]:
        if r.id_number_hash:
            party = c.party(keys.id_hash_key(r.id_number_hash, c.layers), PartyKind.PERSON, r.name)
        elif r.credit_code:
            party = c.party(keys.identifier_key(r.credit_code, c.layers), PartyKind.ENTERPRISE, r.name)
        else:
            found = people[r.institution_id].get(r.name.strip()) or names.find(r.name)
            party = found or c.party(keys.name_key(r.name, str(r.institution_id)), PartyKind.ENTERPRISE, r.name)
            c.party(party, PartyKind.ENTERPRISE, r.name)
        note, source = str(r.get_relation_display()), f"institutions.relatedparty:{r.pk}"
        c.link(
            party, own[r.institution_id], LinkKind.DECLARED_RELATED, r.institution_id, origin, note=note, source=source
        )
    for d in DeclaredHolding.objects.filter(institution_id__in=ids).order_by("pk"):
        held = c.party(keys.identifier_key(d.held_credit_code, c.layers), PartyKind.ENTERPRISE, d.held_name)
        holder = _holder_key(
            c,
            holder_type=d.holder_type,
            id_hash=d.holder_id_number_hash,
            credit_code=d.holder_credit_code,
            name=d.holder_name,
            scope=d.institution_id,
        )
        source = f"graph.declaredholding:{d.pk}"
        c.link(holder, held, LinkKind.HOLDS, d.institution_id, LinkOrigin.DECLARED, stake=d.stake, source=source)
        if d.concert_group:
            # g:<held, 64>:<13 of the label's hash>: 80 characters, Party.key's length
            group = c.party(
                f"g:{held}:{keys.name_key(d.concert_group, held)[2:15]}", PartyKind.CONCERT, d.concert_group
            )
            c.link(holder, group, LinkKind.CONCERT, d.institution_id, LinkOrigin.DECLARED, source=source)


class _Names:
    """Enterprises the registry and the declarations name with their credit code (institutions,
    enterprise shareholders, enterprises declared held), for records that name one without it; read
    only when such a record comes (most carry their code)."""

    def __init__(self):
        self._index: NameIndex | None = None
        self._added: list[tuple[str, str]] = []

    def add(self, name: str, key: str) -> None:
        self._added.append((name, key))

    def find(self, name: str) -> str:
        if self._index is None:
            layers = layer_keys()
            named = [*enterprise_names(), *DeclaredHolding.objects.values_list("held_name", "held_credit_code")]
            self._index = NameIndex([*((n, keys.identifier_key(code, layers)) for n, code in named), *self._added])
        return self._index.find(name)


def _write(c: _Collector, *, institution_ids: Iterable[int], origins: Iterable[str]) -> int:
    """Replaces the links of the origins and institutions by the collected ones."""
    institution_ids, origins = list(institution_ids), list(origins)
    with transaction.atomic():
        _save_parties(c.parties.values())
        pks = _party_pks({k for link in c.links for k in (link.src, link.dst)})
        for start in range(0, len(institution_ids), BATCH):
            Link.objects.filter(institution_id__in=institution_ids[start : start + BATCH], origin__in=origins).delete()
        Link.objects.bulk_create(
            (
                Link(
                    src_id=pks[s.src],
                    dst_id=pks[s.dst],
                    kind=s.kind,
                    stake=s.stake,
                    amount=s.amount,
                    loans=s.loans,
                    undeclared_loans=s.undeclared_loans,
                    note=s.note[:100],
                    institution_id=s.institution_id,
                    origin=s.origin,
                    source=s.source,
                )
                for s in c.links
            ),
            batch_size=BATCH,
        )
    return len(c.links)


def _party_pks(wanted: set[str]) -> dict[str, int]:
    found, listed = {}, sorted(wanted)
    for start in range(0, len(listed), BATCH):
        found.update(Party.objects.filter(key__in=listed[start : start + BATCH]).values_list("key", "pk"))
    return found


def _save_parties(specs: Iterable[PartySpec]) -> None:
    specs = list(specs)
    listed = sorted(s.key for s in specs)
    existing: dict[str, Party] = {}
    for start in range(0, len(listed), BATCH):
        existing.update((p.key, p) for p in Party.objects.filter(key__in=listed[start : start + BATCH]))
    new = [
        Party(key=s.key, kind=s.kind, name=s.name[:200], institution_id=s.institution_id)
        for s in specs
        if s.key not in existing
    ]
    Party.objects.bulk_create(new, batch_size=BATCH, ignore_conflicts=True)
    changed = []
    for s in specs:
        p = existing.get(s.key)
        if p is None:
            continue
        better_name = s.name and (not p.name or s.kind == PartyKind.INSTITUTION or p.kind != s.kind)
        if better_name or (s.institution_id and p.institution_id != s.institution_id):
            p.name, p.kind = (s.name[:200], s.kind) if better_name else (p.name, p.kind)
            p.institution_id = s.institution_id or p.institution_id
            changed.append(p)
    if changed:
        Party.objects.bulk_update(changed, ["name", "kind", "institution_id"], batch_size=BATCH)


def institution_refresh(institution_id: int) -> int:
    """Rewrites one institution's registry and declared-ownership links (the registry's change
    hook: a shareholder changed, a person appointed, a related party declared…)."""
    inst = all_institutions().filter(pk=institution_id).first()
    if inst is None:
        return 0
    c = _Collector(layer_keys())
    _registry(c, [inst], _Names())
    return _write(c, institution_ids=[inst.pk], origins=(LinkOrigin.REGISTRY, LinkOrigin.DECLARED))


def registry_build(institutions=None) -> int:
    """Rewrites the registry's links of every institution (or those given)."""
    institutions = list(institutions if institutions is not None else all_institutions().order_by("pk"))
    c = _Collector(layer_keys())
    names = _Names()
    for inst in institutions:  # the institutions' own names are known before their records are read
        names.add(inst.name, keys.identifier_key(inst.credit_code, c.layers))
    _registry(c, institutions, names)
    return _write(c, institution_ids=[i.pk for i in institutions], origins=(LinkOrigin.REGISTRY, LinkOrigin.DECLARED))


def loans_refresh(*, as_of: datetime.date | None = None) -> int:
    """Rewrites the loan store's links: per lender and borrower the live balance, for the borrowers
    the graph can relate (a party of the registry, a borrower of more than one lender, or one sharing
    a phone with another party)."""
    as_of = as_of or clock.today()
    lenders = {i.credit_code: i for i in all_institutions().filter(kind="microloan")}
    c = _Collector(layer_keys())
    known = set(Party.objects.exclude(kind__in=(PartyKind.ADDRESS, PartyKind.CONCERT)).values_list("key", flat=True))
    rows = loan_links.borrowers(lenders.keys(), known=known, as_of=as_of)
    for row in rows:
        inst = lenders[row.company]
        lender = c.party(keys.identifier_key(inst.credit_code, c.layers), PartyKind.INSTITUTION, inst.name, inst.pk)
        kind = PartyKind.ENTERPRISE if row.borrower_type == "enterprise" else PartyKind.PERSON
        borrower = c.party(row.borrower_key, kind)
        c.link(
            lender,
            borrower,
            LinkKind.LENDS,
            inst.pk,
            LinkOrigin.LOANS,
            amount=row.outstanding,
            loans=row.loans,
            undeclared_loans=row.undeclared,
            source=f"loans:{as_of.isoformat()}",
        )
        if row.phone_key:
            c.link(
                borrower, c.party("t:" + row.phone_key, PartyKind.PHONE), LinkKind.USES_PHONE, inst.pk, LinkOrigin.LOANS
            )
        if row.group_key and row.group_key != row.borrower_key:
            group = c.party(row.group_key, PartyKind.ENTERPRISE)
            c.link(borrower, group, LinkKind.BORROWER_GROUP, inst.pk, LinkOrigin.LOANS)
    return _write(c, institution_ids=[i.pk for i in lenders.values()], origins=(LinkOrigin.LOANS,))


def graph_build(*, as_of: datetime.date | None = None) -> dict[str, int]:
    """The whole graph from the registry, the declared ownership and the loan store."""
    return {"registry_links": registry_build(), "loan_links": loans_refresh(as_of=as_of)}
