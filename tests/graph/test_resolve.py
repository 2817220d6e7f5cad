"""Control and relation on planted structures (no database): a controller at depth 12, the 30%
rule, acting in concert, circles of cross-holdings, and look-alikes that must stay unrelated."""

from decimal import Decimal

from finsup.graph import resolve
from finsup.graph.matching import NameIndex, normal_name
from finsup.graph.resolve import Edge, Graph


def holds(a, b, stake):
    return Edge(a, b, resolve.HOLDS, stake=Decimal(stake))


def test_controller_found_through_twelve_layers():
    edges = [holds("P", "E1", 60)] + [holds(f"E{i}", f"E{i + 1}", 51) for i in range(1, 12)]
    edges += [holds("X", f"E{i}", 49) for i in range(2, 13)]  # the minority holder of every layer
    g = Graph(edges)
    chain = g.controller_chain("E12")
    assert len(chain) == 12
    assert g.ultimate_controller("E12") == "P"
    assert g.all_controllers()["E12"] == "P"
    assert [s.basis for s in chain] == ["majority"] * 12


def test_largest_holder_with_thirty_percent_controls_a_tie_does_not():
    g = Graph([holds("A", "I", 35), holds("B", "I", 25), holds("C", "I", 20), holds("D", "I", 20)])
    assert g.direct_controller("I").controller == "A"
    assert g.direct_controller("I").basis == "largest"
    tie = Graph([holds("A", "J", 30), holds("B", "J", 30), holds("C", "J", 40 - 0.0001)])
    assert tie.direct_controller("J").controller == "C"
    none = Graph([holds("A", "K", 29), holds("B", "K", 29)])
    assert none.direct_controller("K") is None
    equal = Graph([holds("A", "L", 35), holds("B", "L", 35)])
    assert equal.direct_controller("L") is None


def test_holders_acting_in_concert_count_as_one():
    group = "g:I:1"
    edges = [holds("A", "I", 30), holds("B", "I", 25), holds("C", "I", 45)]
    edges += [Edge("A", group, resolve.CONCERT), Edge("B", group, resolve.CONCERT)]
    g = Graph(edges)
    control = g.direct_controller("I")
    assert control.controller == group and control.stake == Decimal(55)
    assert {e.src for e in control.edges} == {"A", "B"}


def test_a_circle_of_cross_holdings_ends():
    g = Graph([holds("A", "B", 60), holds("B", "A", 60), holds("B", "I", 70)])
    assert g.ultimate_controller("I") in {"A", "B"}
    assert set(g.all_controllers()) == {"A", "B", "I"}


def _planted():
    """Institution I: controller P through two layers (P → H1 → H2 → I); P also controls three
    companies through two layers (C1, C2 via M; C3 direct); I's director D represents company R;
    I declared the relative Q. Look-alikes: U1 holds 20% of C1 only, U2 has D's name but another
    key, U3 holds a minority in a company P holds a minority in."""
    edges = [
        holds("P", "H1", 80),
        holds("H1", "H2", 70),
        holds("H2", "I", 55),
        holds("S", "I", 45),
        holds("P", "M", 90),
        holds("M", "C1", 60),
        holds("U1", "C1", 20),
        holds("M", "C2", 51),
        holds("P", "C3", 100),
        holds("P", "N", 10),
        holds("U3", "N", 15),
        Edge("D", "I", resolve.KEY_PERSON, note="董事"),
        Edge("D", "R", resolve.LEGAL_REP),
        Edge("Q", "I", resolve.DECLARED, note="关键人员近亲属"),
        Edge("U2", "U2CO", resolve.LEGAL_REP),
    ]
    lends = [
        Edge("I", b, resolve.LENDS, amount=Decimal(1000), loans=1, undeclared=1)
        for b in ("C1", "C2", "C3", "R", "Q", "U1", "U2", "U2CO", "U3", "N")
    ]
    return Graph(edges + lends)


def test_every_planted_relation_found_and_no_look_alike():
    g = _planted()
    related = g.related_to("I")
    planted = {"P", "H1", "H2", "S", "M", "C1", "C2", "C3", "D", "R", "Q"}
    assert planted <= set(related)  # recall 100 % on the planted set
    assert not ({"U1", "U2", "U2CO", "U3", "N"} & set(related))  # no finding on the look-alikes
    # The evidence: I ← H2 ← H1 ← P → M → C1, each link in order.
    path = [(e.src, e.dst) for e in related["C1"].path]
    assert path == [("H2", "I"), ("H1", "H2"), ("P", "H1"), ("P", "M"), ("M", "C1")]
    assert [(e.src, e.dst, e.kind) for e in related["R"].path] == [("D", "I", "key_person"), ("D", "R", "legal_rep")]


def test_groups_are_common_control_and_declared_groups():
    g = _planted()
    groups = g.groups()
    assert groups["C1"] == groups["C2"] == groups["C3"] == groups["P"]
    assert groups["U1"] != groups["C1"] and groups["N"] != groups["C1"] and groups["U3"] != groups["N"]
    path = g.group_path("C1", "C3")
    assert [(e.src, e.dst) for e in path] == [("M", "C1"), ("P", "M"), ("P", "C3")]


def test_names_match_only_when_near_identical_and_unique():
    index = NameIndex([("临沂恒信商贸有限公司", "k1"), ("临沂恒通物流有限公司", "k2")])
    assert normal_name("临沂恒信商贸（有限公司）") == normal_name("临沂恒信商贸有限公司")
    assert index.find("临沂恒信商贸有限公司") == "k1"
    assert index.find("临沂 恒信商贸 有限公司") == "k1"
    assert index.find("临沂恒信商务有限公司") == ""  # one character differs: another firm
    assert index.find("临沂恒通物流股份有限公司") == "k2"
    twins = NameIndex([("临沂华泰建材有限公司", "a"), ("临沂华泰建材有限公司", "b")])
    assert twins.find("临沂华泰建材有限公司") == ""  # one name, two identified firms: not for a name to choose


def test_the_path_of_two_borrowers_acting_in_concert_is_their_concert():
    group = "g:I:7"
    g = Graph(
        [Edge("A", group, resolve.CONCERT), Edge("B", group, resolve.CONCERT), holds("A", "I", 30), holds("B", "I", 25)]
    )
    assert g.groups()["A"] == g.groups()["B"]
    assert [(e.src, e.dst) for e in g.group_path("A", "B")] == [("A", group), ("B", group)]
