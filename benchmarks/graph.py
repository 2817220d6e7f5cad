"""The ownership and related-party graph (issue 20): building it from the registry and the 10 M-loan
store, resolving every controller and group, and one shareholder's change, against a hand-written
baseline in the same run.

    .venv/bin/python benchmarks/graph.py                                   # SQLite, 10 M loans
    .venv/bin/python benchmarks/graph.py --loans 1000000                   # a quicker run
    .venv/bin/python benchmarks/graph.py --database-url postgres://postgres@127.0.0.1:5432/bench_graph_run
    make bench-graph

Data. The loans are ``loans_data``'s (the files of ``loans.py``, generated once under ``--workdir``),
ingested once with the benchmark's lookup key into ``<data>/store`` (the store ``rulebook.py`` uses
too, reused while it exists). The registry is synthetic and seeded, written once per run into a
fresh database through the ORM (not timed): one microloan company per company of the store (its
credit code), and about 9,500 persons and enterprises around them: shareholders, key persons,
declared related parties, ownership declared above the shareholders (``DeclaredHolding``) in chains
of up to 12 layers under ~150 groups (each controlling one to several companies), concert groups of
shareholders (``ShareholderGroup``) and above them, a few cross-holding circles, and some borrowers
of the store planted as registry persons and enterprises (their ID numbers and credit codes taken
from the loan file), so that the store's borrowers meet the registry's parties.

Steps, each in a fresh worker process (the time is that of the calls, imports excluded):

  build        from an emptied graph: ``registry_build()``, then ``loans_refresh(as_of=)`` over the store;
  ours         ``load.whole_graph()``, ``all_controllers()``, ``groups()`` (as sets), ``related_to(k)``
               for every institution, and the same resolution on the registry's links only;
  baseline     the ultimate controllers by one SQL recursive CTE over ``graph_link`` (majority above
               50%, or the largest with at least 30% and more than any other; acting in concert is
               ignored), and the groups by networkx ``connected_components`` over the direct controls
               and the declared borrower groups;
  incremental  ``shareholder_save()`` by a city clerk changing one stake (the registry's hook
               rewrites the institution's links: ``institution_refresh``), ``institution_refresh``
               alone, and, as its baseline, the same ``shareholder_save()`` with the hook removed.

``--rounds`` (3) interleaved rounds: build, then ours and baseline (alternating their order), then the
incremental pair (alternating), the load average printed after each run; medians. The parent checks
that ours and the baseline give the same ultimate controller for every institution whose control
chain meets no concert group (and counts the others). The table goes to stdout and to
``benchmarks/results/graph-<engine>.md``.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))

import loans_data  # noqa: E402
from scratch import scratch_database  # noqa: E402

BENCH_KEY = "benchmark-only-lookup-key-0123456789abcdef"  # as loans.py and rulebook.py: the store's key
AS_OF = datetime.date.fromisoformat(loans_data.AS_OF)
TARGET_RESOLVE, TARGET_UPDATE = 2.0, 0.100
INCREMENTAL_REPS = 7  # changes timed per incremental run (the median is the run's figure)
Q = Decimal("0.25")  # stakes are multiples of a quarter: exact in SQLite's floats as in Decimal


# ---------------------------------------------------------------- the registry


def _quarter(rng: random.Random, low: float, high: float) -> Decimal:
    return Decimal(rng.randrange(int(low * 4), int(high * 4) + 1)) * Q


def _others(rng: random.Random, room: Decimal, below: Decimal, count: int) -> list[Decimal]:
    """`count` stakes, each below `below`, together at most `room` (multiples of a quarter)."""
    out = []
    for _ in range(count):
        cap = min(below - Q, room)
        if cap < 1:
            break
        stake = _quarter(rng, 1, float(min(cap, max(Decimal(1), room / 2))))
        out.append(stake)
        room -= stake
    return out


def registry_plan(data: loans_data.Dataset, seed: int, institutions: int, persons: int, enterprises: int) -> dict:
    """The synthetic registry, as plain rows (drawn with a fixed seed, the same on every run)."""
    import duckdb
    from stdnum.cn import ric, uscc

    from finsup.demo.identifiers import Mint

    rng = random.Random(seed)
    mint = Mint(random.Random(seed + 1))
    companies = sorted(json.loads(data.companies.read_text()))[:institutions]
    # Planted: borrowers of the store with live loans, persons and enterprises, chosen by a hash.
    con = duckdb.connect()
    planted = {}
    for kind, want in (("person", persons // 4), ("enterprise", enterprises // 10)):
        where = "borrower_type = 'enterprise'" if kind == "enterprise" else "borrower_type <> 'enterprise'"
        # Only identifiers the registry's forms accept (python-stdnum): the generator's ID numbers
        # carry a valid check character, but many a region code their birth year did not have.
        valid = uscc.is_valid if kind == "enterprise" else ric.is_valid
        candidates = con.execute(
            f"""SELECT borrower_id FROM (SELECT DISTINCT borrower_id FROM read_parquet('{data.parquet}')
                WHERE {where} AND status IN ('normal', 'overdue') AND hash(borrower_id, {seed}) % 10 = 0)
            ORDER BY hash(borrower_id, {seed}) LIMIT {want * 10}"""
        ).fetchall()
        planted[kind] = [x for (x,) in candidates if valid(x)][:want]
    con.close()
    people = [{"id": x, "name": f"借款人{n}", "planted": True} for n, x in enumerate(planted["person"])]
    people += [{"id": mint.id_number(), "name": f"自然人{n}", "planted": False} for n in range(persons - len(people))]
    firms = [
        {"code": x, "name": f"临沂借款企业{n}有限公司", "planted": True} for n, x in enumerate(planted["enterprise"])
    ]
    firms += [
        {"code": mint.credit_code("371302", 2018), "name": f"临沂测试企业{n}有限公司", "planted": False}
        for n in range(enterprises - len(firms))
    ]
    rng.shuffle(people)
    rng.shuffle(firms)
    next_person, next_firm = iter(people), iter(firms)

    def person() -> dict:  # every party of the pool once, then any again
        return next(next_person, None) or rng.choice(people)

    def firm() -> dict:
        return next(next_firm, None) or rng.choice(firms)

    def holder(kind: str | None = None) -> dict:
        kind = kind or ("person" if rng.random() < 0.55 else "enterprise")
        return {"type": "person", **person()} if kind == "person" else {"type": "enterprise", **firm()}

    insts = [
        {"code": code, "name": f"临沂图谱基准{n}号小额贷款有限公司", "n": n, "shareholders": [], "groups": []}
        for n, code in enumerate(companies)
    ]
    declared = []  # (declaring institution, held firm, holder, stake, concert group name)

    # Groups: a chain of enterprises E1 … Ed (d up to 12) under a person, the state or a circle.
    groups = []
    for g in range(max(1, institutions * 3 // 10)):
        depth = 1 + (g % 12 if g % 3 else rng.randrange(12))
        chain = [firm() for _ in range(depth)]
        top_kind = "circle" if g % 50 == 7 else "state" if g % 20 == 3 else "person"
        groups.append({"chain": chain, "top": top_kind, "declarer": None, "levels": []})
        for k in range(depth):  # who holds chain[k]
            last = k == depth - 1
            if last and top_kind == "person":
                above = holder("person")
            elif last and top_kind == "state":
                above = {"type": "state", **firm(), "name": f"临沂市国资委出资企业{g}"}
            elif last:  # a circle: the top of the chain and another enterprise hold each other
                above = holder("enterprise")
            else:
                above = {"type": "enterprise", **chain[k + 1]}
            shape = rng.random()
            level = []
            if shape < 0.08:  # no one controls: the chain is cut here
                level += [(above, Decimal(25), "")]
                level += [(holder(), s, "") for s in (Decimal(25), Decimal(24), Decimal("20.5"))]
            elif shape < 0.18:  # two holders acting in concert control
                first, second = _quarter(rng, 15, 25), _quarter(rng, 15, 20)
                label = f"一致行动{g}-{k}"
                level += [(above, first, label), (holder(), second, label)]
                level += [(holder(), s, "") for s in _others(rng, 100 - first - second, Decimal(15), 2)]
            else:
                stake = _quarter(rng, 50.25, 90) if shape < 0.7 else _quarter(rng, 30, 50)
                level += [(above, stake, "")]
                level += [(holder(), s, "") for s in _others(rng, 100 - stake, min(stake, Decimal(50)), 3)]
            groups[-1]["levels"].append((chain[k], level))
            if last and top_kind == "circle":  # the top holds its holder back (60%)
                groups[-1]["levels"].append((above, [({"type": "enterprise", **chain[k]}, Decimal(60), "")]))

    concert_names = 0
    for inst in insts:
        shape = rng.random()
        holders = inst["shareholders"]
        if shape < 0.62:  # under a group: a member of its chain is the largest shareholder
            group = groups[inst["n"] % len(groups)] if inst["n"] < len(groups) else rng.choice(groups)
            k = 0 if group["declarer"] is None else rng.randrange(len(group["chain"]))
            stake = _quarter(rng, 50.25, 80) if rng.random() < 0.75 else _quarter(rng, 30, 50)
            holders.append(({"type": "enterprise", **group["chain"][k]}, stake, None))
            rest = 100 - stake
            holders += [(holder(), s, None) for s in _others(rng, rest, min(stake, Decimal(50)), rng.randrange(2, 6))]
            if group["declarer"] is None:  # the chain is declared once, by the first company it holds
                group["declarer"] = inst["n"]
                for held, level in group["levels"]:
                    for above, s, label in level:
                        declared.append((inst["n"], held, above, s, label))
        elif shape < 0.72:  # shareholders acting in concert (a ShareholderGroup) together control
            concert_names += 1
            inst["groups"].append(f"一致行动人{concert_names}")
            members = [_quarter(rng, 15, 22) for _ in range(rng.randrange(2, 4))]
            holders += [(holder("person"), s, 0) for s in members]
            holders += [(holder(), s, None) for s in _others(rng, 100 - sum(members), Decimal(15), 3)]
        else:  # dispersed: no one controls
            holders += [(holder(), s, None) for s in (Decimal(20), Decimal(20), Decimal("19.75"), Decimal(15))]
            holders += [(holder(), s, None) for s in _others(rng, Decimal("25.25"), Decimal(12), 3)]
        inst["key_persons"] = [person() for _ in range(3)]
        inst["related"] = [holder() for _ in range(2)]
        inst["phone"] = mint.mobile()
    return {"institutions": insts, "declared": declared, "persons": len(people), "enterprises": len(firms)}


def registry_load(plan: dict) -> dict:
    """Writes the plan through the ORM (bulk_create: setup, not timed); returns the run's manifest."""
    from django.contrib.auth.hashers import make_password

    from finsup.accounts.choices import Role
    from finsup.accounts.models import Office, User
    from finsup.core.personal_data import lookup_hash
    from finsup.graph.models import DeclaredHolding
    from finsup.institutions.models import Institution, KeyPerson, RelatedParty, Shareholder, ShareholderGroup

    counties = list(Office.objects.filter(code__in=loans_data.COUNTIES).order_by("code"))
    city = Office.objects.filter(code="371300").first() or Office.objects.filter(parent__isnull=True).first()
    clerk = User.objects.create(
        username="bench_graph_clerk",
        display_name="市级经办人",
        role=Role.CLERK,
        office=city,
        password=make_password(None),
    )
    day = datetime.date(2015, 3, 1)
    insts = Institution.objects.bulk_create(
        Institution(
            credit_code=i["code"],
            name=i["name"],
            kind="microloan",
            county=counties[i["n"] % len(counties)],
            registered_capital=Decimal("100000000"),
            paid_in_capital=Decimal("100000000"),
            established_on=day,
            approved_on=day,
            approval_doc_no=f"鲁金办字〔2015〕{i['n']}号",
            status="operating",
            legal_representative=i["key_persons"][0]["name"],
            address=f"临沂市兰山区测试路{i['n']}号",
            contact_phone=i["phone"],
        )
        for i in plan["institutions"]
    )
    pk = {i["n"]: inst.pk for i, inst in zip(plan["institutions"], insts, strict=True)}
    groups = ShareholderGroup.objects.bulk_create(
        ShareholderGroup(institution_id=pk[i["n"]], name=name, basis="concert")
        for i in plan["institutions"]
        for name in i["groups"]
    )
    group_of = {g.institution_id: g.pk for g in groups}
    hashes: dict[str, str] = {}

    def hashed(x: str) -> str:
        if x not in hashes:
            hashes[x] = lookup_hash(x)
        return hashes[x]

    def holder_fields(h: dict) -> dict:
        if h["type"] == "person":
            return {"holder_type": "person", "id_number": h["id"], "id_number_hash": hashed(h["id"])}
        return {"holder_type": h["type"], "credit_code": h["code"]}

    Shareholder.objects.bulk_create(
        (
            Shareholder(
                institution_id=pk[i["n"]],
                name=h["name"],
                stake=stake,
                subscribed_capital=stake * 1_000_000,
                related_group_id=group_of[pk[i["n"]]] if g == 0 else None,
                **holder_fields(h),
            )
            for i in plan["institutions"]
            for h, stake, g in i["shareholders"]
        ),
        batch_size=1000,
    )
    positions = ("chairman", "general_manager", "director")
    KeyPerson.objects.bulk_create(
        (
            KeyPerson(
                institution_id=pk[i["n"]],
                name=p["name"],
                position=positions[n],
                id_number=p["id"],
                id_number_hash=hashed(p["id"]),
                approval_status="approved",
            )
            for i in plan["institutions"]
            for n, p in enumerate(i["key_persons"])
        ),
        batch_size=1000,
    )
    RelatedParty.objects.bulk_create(
        (
            RelatedParty(
                institution_id=pk[i["n"]],
                name=r["name"],
                relation="relative" if r["type"] == "person" else "controlled",
                id_number=r.get("id", "") if r["type"] == "person" else "",
                id_number_hash=hashed(r["id"]) if r["type"] == "person" else "",
                credit_code=r.get("code", "") if r["type"] != "person" else "",
            )
            for i in plan["institutions"]
            for r in i["related"]
        ),
        batch_size=1000,
    )
    DeclaredHolding.objects.bulk_create(
        (
            DeclaredHolding(
                institution_id=pk[n],
                held_name=held["name"],
                held_credit_code=held["code"],
                holder_name=h["name"],
                holder_type=h["type"],
                holder_id_number=h.get("id", "") if h["type"] == "person" else "",
                holder_id_number_hash=hashed(h["id"]) if h["type"] == "person" else "",
                holder_credit_code=h.get("code", "") if h["type"] != "person" else "",
                stake=stake,
                concert_group=label,
            )
            for n, held, h, stake, label in plan["declared"]
        ),
        batch_size=1000,
    )
    # The shareholder changed by the incremental step: the largest, a person, of a company under a
    # group whose chain is long (its institution's links: the most an institution rewrites).
    chains = {}
    for n, *_ in plan["declared"]:
        chains[n] = chains.get(n, 0) + 1
    target = max(chains, key=lambda n: (chains[n], -n))
    person_holder = (
        Shareholder.objects.filter(institution_id=pk[target], holder_type="person").order_by("-stake", "pk").first()
    )
    return {
        "clerk": clerk.pk,
        "institution": pk[target],
        "shareholder": person_holder.pk,
        "declared_by_it": chains[target],
        "counts": {
            "institutions": len(insts),
            "shareholders": Shareholder.objects.count(),
            "key_persons": KeyPerson.objects.count(),
            "related_parties": RelatedParty.objects.count(),
            "declared_holdings": DeclaredHolding.objects.count(),
            "concert_groups": len(groups) + len({(n, label) for n, _, _, _, label in plan["declared"] if label}),
            "persons_pool": plan["persons"],
            "enterprises_pool": plan["enterprises"],
        },
    }


# ---------------------------------------------------------------- the workers


def _django(store: str) -> None:
    import django
    from django.conf import settings

    django.setup()
    settings.FINSUP_LOOKUP_KEY = BENCH_KEY
    settings.FINSUP_LOAN_STORE = Path(store)
    settings.FINSUP_LOAN_KEY_LAYERS = []


def worker_store(job: dict) -> dict:
    """Generates the loan data and ingests it once into the store (with the benchmark key)."""
    from django.conf import settings

    if not settings.configured:
        from finsup.config.settings import base

        defaults = {name: getattr(base, name) for name in dir(base) if name.startswith("FINSUP_")}
        settings.configure(**{**defaults, "FINSUP_LOOKUP_KEY": BENCH_KEY, "FINSUP_LOAN_KEY_LAYERS": []}, USE_TZ=True)
    from finsup.loans.ingest import ingest_file

    data = loans_data.generate(job["workdir"], **job["params"])
    store = Path(job["store"])
    if (store / "done").exists():
        return {}
    shutil.rmtree(store, ignore_errors=True)
    started = time.perf_counter()
    report = ingest_file(data.parquet, store_dir=store)
    if not report.accepted:
        raise SystemExit(report.as_text()[:2000])
    (store / "done").write_text("ok\n")
    return {"seconds": time.perf_counter() - started}


def worker_setup(job: dict) -> dict:
    from django.core.management import call_command

    _django(job["store"])
    call_command("migrate", "-v0")
    data = loans_data.Dataset(**{k: Path(v) if k != "loans" else v for k, v in job["data"].items()})
    started = time.perf_counter()
    plan = registry_plan(data, job["seed"], job["institutions"], job["persons"], job["enterprises"])
    manifest = registry_load(plan)
    manifest["seconds"] = time.perf_counter() - started
    return manifest


def worker_build(job: dict) -> dict:
    _django(job["store"])
    from finsup.graph.build import loans_refresh, registry_build
    from finsup.graph.models import Link, Party

    Link.objects.all().delete()  # from an emptied graph (not timed)
    Party.objects.all().delete()
    started = time.perf_counter()
    registry_links = registry_build()
    registry = time.perf_counter() - started
    registry_parties = Party.objects.count()
    started = time.perf_counter()
    loan_links = loans_refresh(as_of=AS_OF)
    loans = time.perf_counter() - started
    kinds = {}
    for kind in Party.objects.values_list("kind", flat=True).iterator(5000):
        kinds[kind] = kinds.get(kind, 0) + 1
    return {
        "registry": registry,
        "loans": loans,
        "registry_links": registry_links,
        "loan_links": loan_links,
        "registry_parties": registry_parties,
        "parties": kinds,
    }


def worker_ours(job: dict) -> dict:
    _django(job["store"])
    from finsup.graph import load, resolve
    from finsup.graph.choices import LinkOrigin
    from finsup.graph.models import Link, Party

    started = time.perf_counter()
    loaded = load.whole_graph()
    t_load = time.perf_counter()
    graph = loaded.graph
    ultimate = graph.all_controllers()
    t_controllers = time.perf_counter()
    groups = [g for g in graph.groups().to_sets() if len(g) > 1]
    t_groups = time.perf_counter()
    institutions = sorted(loaded.institutions)
    reached = sum(len(graph.related_to(k)) for k in institutions)
    t_related = time.perf_counter()
    # The same resolution on the registry's and the declared ownership's links only (the ~10,000
    # entities without the store's borrowers), read from the table as whole_graph reads it.
    fields = ("src_id", "dst_id", "kind", "stake", "note", "source")
    started_registry = time.perf_counter()
    keys = dict(Party.objects.values_list("pk", "key").iterator(5000))
    rows = Link.objects.filter(origin__in=(LinkOrigin.REGISTRY, LinkOrigin.DECLARED)).values_list(*fields)
    small = resolve.Graph(
        resolve.Edge(keys[s], keys[d], kind, stake, note=note, source=source)
        for s, d, kind, stake, note, source in rows.iterator(5000)
    )
    t_small_load = time.perf_counter()
    small.all_controllers()
    [g for g in small.groups().to_sets() if len(g) > 1]
    for k in institutions:
        small.related_to(k)
    t_small = time.perf_counter()
    concert_held = {resolve.concert_held(e.dst) for e in graph.concert_of.values()}
    chains = {k: [s.held for s in graph.controller_chain(k)] for k in institutions}
    # A county supervisor's page: one institution's relation view (its neighbourhood read layer by
    # layer from the database, then resolved), for 20 institutions spread over the registry.
    from finsup.graph.selectors import relation_view
    from finsup.institutions.selectors import all_institutions

    pages = []
    for inst in all_institutions().order_by("pk")[:: max(1, len(institutions) // 20)][:20]:
        began = time.perf_counter()
        relation_view(institution=inst)
        pages.append(time.perf_counter() - began)
    return {
        "page": statistics.median(pages),
        "page_max": max(pages),
        "load": t_load - started,
        "controllers": t_controllers - t_load,
        "groups_s": t_groups - t_controllers,
        "related": t_related - t_groups,
        "resolve": t_related - started,
        "load_controllers_groups": t_groups - started,
        "small_load": t_small_load - started_registry,
        "small": t_small - started_registry,
        "links": len(loaded.links),
        "parties": len(loaded.parties),
        "reached": reached,
        "ultimate": {k: ultimate.get(k, "") for k in institutions},
        "chain_ultimate": {k: graph.ultimate_controller(k) for k in institutions},
        "concert": sorted(k for k in institutions if any(h in concert_held for h in chains[k] + [k])),
        "groups": sorted(sorted(g) for g in groups),
    }


BASELINE_SQL = """
WITH RECURSIVE blocks AS (
    SELECT dst_id AS held, src_id AS holder, SUM(stake) AS stake
    FROM graph_link WHERE kind = 'holds' GROUP BY dst_id, src_id
), ranked AS (
    SELECT held, holder, stake, ROW_NUMBER() OVER w AS rn, LEAD(stake) OVER w AS second
    FROM blocks WINDOW w AS (PARTITION BY held ORDER BY stake DESC, holder)
), direct AS (
    SELECT held, holder FROM ranked WHERE rn = 1 AND (stake > 50 OR (stake >= 30 AND stake > COALESCE(second, 0)))
), chain (start, node, depth, path) AS (
    SELECT held, holder, 1, CAST(',' || held || ',' || holder || ',' AS TEXT) FROM direct
    UNION ALL
    SELECT c.start, d.holder, c.depth + 1, c.path || d.holder || ','
    FROM chain c JOIN direct d ON d.held = c.node
    WHERE {find}(c.path, ',' || d.holder || ',') = 0
), top AS (
    SELECT start, node, ROW_NUMBER() OVER (PARTITION BY start ORDER BY depth DESC) AS rn FROM chain
)
SELECT s.key, u.key, s.institution_id FROM top
JOIN graph_party s ON s.id = top.start JOIN graph_party u ON u.id = top.node
WHERE top.rn = 1
"""
DIRECT_SQL = """
WITH blocks AS (
    SELECT dst_id AS held, src_id AS holder, SUM(stake) AS stake
    FROM graph_link WHERE kind = 'holds' GROUP BY dst_id, src_id
), ranked AS (
    SELECT held, holder, stake, ROW_NUMBER() OVER w AS rn, LEAD(stake) OVER w AS second
    FROM blocks WINDOW w AS (PARTITION BY held ORDER BY stake DESC, holder)
)
SELECT held, holder FROM ranked WHERE rn = 1 AND (stake > 50 OR (stake >= 30 AND stake > COALESCE(second, 0)))
UNION ALL
SELECT src_id, dst_id FROM graph_link WHERE kind = 'borrower_group'
"""


def worker_baseline(job: dict) -> dict:
    _django(job["store"])
    import networkx
    from django.db import connection

    find = "strpos" if connection.vendor == "postgresql" else "instr"
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(BASELINE_SQL.format(find=find))
        rows = cursor.fetchall()
    ultimate = {held: top for held, top, inst in rows if inst}
    t_controllers = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(DIRECT_SQL)
        g = networkx.Graph(cursor.fetchall())
        components = [c for c in networkx.connected_components(g) if len(c) > 1]
        cursor.execute("SELECT id, key FROM graph_party")
        keys = dict(cursor.fetchall())
    t_groups = time.perf_counter()
    return {
        "controllers": t_controllers - started,
        "groups_s": t_groups - t_controllers,
        "resolve": t_groups - started,
        "controlled": len(rows),
        "ultimate": ultimate,
        "groups_found": sorted(sorted(keys[n] for n in c) for c in components),
    }


def _incremental(job: dict, with_hook: bool) -> dict:
    _django(job["store"])
    from finsup.accounts.models import User
    from finsup.core.request_context import Actor, acting_as
    from finsup.graph.build import institution_refresh
    from finsup.graph.models import Link
    from finsup.institutions import changes
    from finsup.institutions.models import Shareholder
    from finsup.institutions.services import shareholder_save

    if not with_hook:
        changes._HOOKS.clear()
    clerk = User.objects.get(pk=job["manifest"]["clerk"])
    pk, inst = job["manifest"]["shareholder"], job["manifest"]["institution"]
    original = Shareholder.objects.get(pk=pk).stake
    saves, refreshes = [], []
    with acting_as(Actor(label="bench", address="127.0.0.1", channel="command")):
        for n in range(INCREMENTAL_REPS):
            shareholder = Shareholder.objects.get(pk=pk)
            shareholder.stake = original - Q if n % 2 == 0 else original
            started = time.perf_counter()
            shareholder_save(by=clerk, shareholder=shareholder)
            saves.append(time.perf_counter() - started)
            if with_hook:
                stored = Link.objects.get(source=f"institutions.shareholder:{pk}", kind="holds").stake
                assert stored == shareholder.stake, (stored, shareholder.stake)
                started = time.perf_counter()
                institution_refresh(inst)
                refreshes.append(time.perf_counter() - started)
        shareholder = Shareholder.objects.get(pk=pk)
        if shareholder.stake != original:
            shareholder.stake = original
            shareholder_save(by=clerk, shareholder=shareholder)
    return {
        "save": statistics.median(saves),
        "save_first": saves[0],
        "refresh": statistics.median(refreshes) if refreshes else None,
        "refresh_first": refreshes[0] if refreshes else None,
        "links": Link.objects.filter(institution_id=inst).count(),
    }


WORKERS = {
    "store": worker_store,
    "setup": worker_setup,
    "build": worker_build,
    "ours": worker_ours,
    "baseline": worker_baseline,
    "incr-graph": lambda job: _incremental(job, True),
    "incr-plain": lambda job: _incremental(job, False),
}


# ---------------------------------------------------------------- the parent


def _run_worker(step: str, job: dict, tmp: Path) -> dict:
    job_file, out = tmp / f"job-{step}.json", tmp / f"result-{step}.json"
    out.unlink(missing_ok=True)
    job_file.write_text(json.dumps(job))
    done = subprocess.run(
        [sys.executable, __file__, "--worker", step, "--job", str(job_file), "--out", str(out)], check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"worker {step} failed (exit {done.returncode})")
    return json.loads(out.read_text())


def _compare(ours: dict, baseline: dict) -> dict:
    concert = set(ours["concert"])
    plain = [k for k in ours["ultimate"] if k not in concert]
    agree = [k for k in plain if ours["ultimate"][k] == baseline["ultimate"].get(k, "")]
    disagree = [k for k in plain if k not in set(agree)]
    chain_agree = sum(ours["chain_ultimate"][k] == baseline["ultimate"].get(k, "") for k in plain)
    ours_groups = {tuple(g) for g in ours["groups"]}
    base_groups = {tuple(g) for g in baseline["groups_found"]}
    return {
        "institutions": len(ours["ultimate"]),
        "plain": len(plain),
        "agree": len(agree),
        "chain_agree": chain_agree,
        "disagree": disagree[:10],
        "concert": len(concert),
        "controlled": sum(1 for k in ours["ultimate"] if ours["ultimate"][k]),
        "ours_groups": len(ours_groups),
        "base_groups": len(base_groups),
        "same_groups": len(ours_groups & base_groups),
    }


def _machine() -> str:
    cpu = "unknown"
    try:
        cpu = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        )
    except (OSError, StopIteration):
        pass
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}"


def _ms(seconds: float | None) -> str:
    return "—" if seconds is None else f"{seconds * 1000:,.0f} ms" if seconds < 1 else f"{seconds:,.2f} s"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--loans", type=int, default=10_000_000)
    parser.add_argument("--companies", type=int, default=500, help="companies of the store = institutions")
    parser.add_argument("--borrowers", type=int, help="default: one for five loans (2 M for 10 M)")
    parser.add_argument("--seed", type=int, default=20250101)
    parser.add_argument("--persons", type=int, default=5000, help="persons of the registry's pool")
    parser.add_argument("--enterprises", type=int, default=4500, help="enterprises of the registry's pool")
    parser.add_argument("--workdir", default=os.environ.get("BENCH_LOANS_WORKDIR", "/tmp/finsup-bench-loans"))
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--database-url",
        help="a PostgreSQL URL whose database is created and dropped (it must not exist); default SQLite",
    )
    parser.add_argument("--no-write", action="store_true", help="print the table, do not write results/")
    parser.add_argument("--worker", choices=list(WORKERS), help=argparse.SUPPRESS)
    parser.add_argument("--job", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        result = WORKERS[args.worker](json.loads(Path(args.job).read_text()))
        Path(args.out).write_text(json.dumps(result, default=str))
        return 0

    import duckdb

    borrowers = args.borrowers or max(1, args.loans // 5)
    params = {"loans": args.loans, "companies": args.companies, "borrowers": borrowers, "seed": args.seed}
    base = Path(args.workdir) / f"data-l{args.loans}-c{args.companies}-b{borrowers}-s{args.seed}-v{duckdb.__version__}"
    data = {
        "directory": str(base),
        "csv": str(base / "loans.csv"),
        "parquet": str(base / "loans.parquet"),
        "companies": str(base / "companies.json"),
        "loans": args.loans,
    }
    tmp = Path(tempfile.mkdtemp(prefix="finsup-bench-graph-"))
    job = {
        "data": data,
        "workdir": args.workdir,
        "params": params,
        "store": str(base / "store"),
        "seed": args.seed,
        "institutions": args.companies,
        "persons": args.persons,
        "enterprises": args.enterprises,
    }
    print(f"loan data and store: {job['store']}", flush=True)
    stored = _run_worker("store", job, tmp)
    if stored:
        print(f"  ingested once in {stored['seconds']:.0f} s", flush=True)
    postgres = args.database_url  # SQLite otherwise, whatever DATABASE_URL says (make bench-graph runs both)
    runs: dict[str, list[dict]] = {s: [] for s in ("build", "ours", "baseline", "incr-graph", "incr-plain")}
    loads = []
    with scratch_database(postgres, tmp) as engine:
        manifest = _run_worker("setup", job, tmp)
        print(f"registry written in {manifest['seconds']:.0f} s: {manifest['counts']}", flush=True)
        job["manifest"] = manifest
        for i in range(args.rounds):
            pairs = (("ours", "baseline"), ("incr-graph", "incr-plain"))
            order = ["build"] + [s for pair in pairs for s in (pair if i % 2 == 0 else pair[::-1])]
            for step in order:
                result = _run_worker(step, job, tmp)
                runs[step].append(result)
                loads.append(os.getloadavg()[0])
                shown = {k: v for k, v in result.items() if isinstance(v, int | float) and not isinstance(v, bool)}
                shown = ", ".join(f"{k} {v:.3f}" if isinstance(v, float) else f"{k} {v:,}" for k, v in shown.items())
                print(f"  round {i + 1} {step}: {shown}; load {loads[-1]:.2f}", flush=True)
    shutil.rmtree(tmp, ignore_errors=True)

    def med(step: str, key: str) -> float | None:
        values = [r[key] for r in runs[step] if r.get(key) is not None]
        return statistics.median(values) if values else None

    check = _compare(runs["ours"][0], runs["baseline"][0])
    build = runs["build"][0]
    ours_res, base_res = med("ours", "resolve"), med("baseline", "resolve")
    small = med("ours", "small")
    rows = [
        ("build: `registry_build()` (from an emptied graph)", med("build", "registry"), None, None),
        (f"build: `loans_refresh(as_of={AS_OF})` over the store", med("build", "loans"), None, None),
        (
            "ours: `whole_graph()` (the registry's links, the loans to parties they relate)",
            med("ours", "load"),
            None,
            None,
        ),
        (
            "controllers: `all_controllers()` / SQL recursive CTE",
            med("ours", "controllers"),
            med("baseline", "controllers"),
            None,
        ),
        (
            "groups: `groups()` / networkx connected_components",
            med("ours", "groups_s"),
            med("baseline", "groups_s"),
            None,
        ),
        (f"`related_to(k)` for the {check['institutions']} institutions", med("ours", "related"), None, None),
        (
            "read + controllers + groups (`whole_graph()` + the two above / CTE + networkx)",
            med("ours", "load_controllers_groups"),
            base_res,
            None,
        ),
        (
            "**resolution, whole graph** (the four above: read, controllers, groups, related)",
            ours_res,
            None,
            TARGET_RESOLVE,
        ),  # fmt: skip
        ("resolution, registry links only (read + all three)", small, None, TARGET_RESOLVE),
        (
            "one institution's relation view (`relation_view`, median of 20 institutions)",
            med("ours", "page"),
            None,
            None,
        ),
        ("the same, the slowest of the 20", med("ours", "page_max"), None, None),
        (
            "one stake changed: `shareholder_save()` with the hook / without",
            med("incr-graph", "save"),
            med("incr-plain", "save"),
            TARGET_UPDATE,
        ),  # fmt: skip
        ("`institution_refresh(pk)` alone", med("incr-graph", "refresh"), None, TARGET_UPDATE),
    ]
    lines = [
        "| step | ours (median) | baseline (median) | target | ours ÷ baseline |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for label, a, b, target in rows:
        ratio = f"{a / b:.2f}" if a is not None and b else "—"
        lines.append(f"| {label} | {_ms(a)} | {_ms(b)} | {'< ' + _ms(target) if target else '—'} | {ratio} |")
    parties = build["parties"]
    now = datetime.datetime.now(datetime.UTC)  # Django, once loaded here, sets TZ to its TIME_ZONE
    counts = manifest["counts"]
    text = "\n".join(
        [
            f"# Graph benchmark, {engine}, {now:%Y-%m-%d %H:%M %Z}",
            "",
            f"Machine: {_machine()}; load average after each run {' / '.join(f'{x:.1f}' for x in loads)}.",
            f"Loans: {args.loans:,} rows, {args.companies} companies, {borrowers:,} borrowers (`loans_data`, seed "
            f"{args.seed}). Registry: {counts['institutions']} microloan companies (the store's), "
            f"{counts['shareholders']:,} shareholders, {counts['key_persons']:,} key persons, "
            f"{counts['related_parties']:,} related parties, {counts['declared_holdings']:,} declared holdings "
            f"(chains of up to 12 layers), {counts['concert_groups']} concert groups; "
            f"{build['registry_parties']:,} parties after `registry_build()` "
            f"({build['registry_links']:,} links), {sum(parties.values()):,} after `loans_refresh()` "
            f"({build['loan_links']:,} loan links; by kind: "
            + ", ".join(f"{k} {v:,}" for k, v in sorted(parties.items()))
            + ").",
            f"{args.rounds} interleaved rounds, each step in a fresh process, medians. The incremental figures "
            f"are the median of {INCREMENTAL_REPS} changes per run (the institution changed declares "
            f"{manifest['declared_by_it']} holdings above its shareholders).",
            "",
            *lines,
            "",
            f"Same ultimate controller, ours and the CTE: {check['agree']} of the {check['plain']} institutions "
            f"whose control chain meets no concert group ({check['concert']} do; the baseline ignores acting in "
            f"concert); `controller_chain()` agrees for {check['chain_agree']}. "
            f"{check['controlled']} of {check['institutions']} institutions have an ultimate controller. "
            f"Groups of two parties or more: ours {check['ours_groups']:,}, networkx {check['base_groups']:,}, "
            f"{check['same_groups']:,} identical (concert blocks merge groups only ours sees).",
            "",
        ]
    )
    if check["disagree"]:
        text += f"Disagreeing (first 10): {check['disagree']}\n"
    print()
    print(text)
    if not args.no_write:
        out = HERE / "results" / f"graph-{engine}.md"
        out.write_text(text)
        print(f"written to {out.relative_to(HERE.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
