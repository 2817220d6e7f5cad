"""The rulebook page shows, for every rule, how surely its figures were read and what was checked:
an unverified rule is visibly marked 未核实."""

import html
import re

from django.urls import reverse

from finsup.reporting import catalogue_access

LABELS = {"V": "已核实原文", "S": "见于二手资料，未核原文", "U": "未核实"}


def _rows(page: str) -> dict[str, str]:
    """The verification cell of each rule (marked with the rule it belongs to), by rule id."""
    cells = re.findall(r'<td class="verification" data-rule="([a-z0-9_]+)">(.*?)</td>', page, flags=re.S)
    return {rule_id: html.unescape(cell) for rule_id, cell in cells}


def _all_rows(client) -> dict[str, str]:
    """The verification cells of every page of the rulebook (it is paged)."""
    response = client.get(reverse("reporting:rulebook"))
    rows = _rows(response.content.decode())
    for number in range(2, response.context["paginator"].num_pages + 1):
        rows |= _rows(client.get(reverse("reporting:rulebook") + f"?page={number}").content.decode())
    return rows


def test_every_rule_shows_its_verification_status_and_note(world, client_for):
    client = client_for(world.city["lead_supervisor"])
    response = client.get(reverse("reporting:rulebook"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "核实情况" in page and "核对说明" in page
    rows = _all_rows(client)
    rules = list(catalogue_access.rulebook())
    assert set(rows) == {r.id for r in rules}
    for rule in rules:
        row = rows[rule.id]
        assert LABELS[rule.status_of_source] in row, rule.id
        assert rule.verification and rule.verification in row, rule.id


def test_unverified_rules_are_visibly_marked(world, client_for):
    client = client_for(world.city["lead_supervisor"])
    rows = _all_rows(client)
    unverified = [r for r in catalogue_access.rulebook() if r.status_of_source == "U"]
    assert {"fg2018_level1_2", "pc_placement_investors", "loan_overdue_ratio"} <= {r.id for r in unverified}
    for rule in unverified:
        assert '<span class="badge badge-refused">未核实</span>' in rows[rule.id], rule.id
    verified = catalogue_access.rulebook().get("loan_rate_cap_4x_lpr")
    assert '<span class="badge badge-approved">已核实原文</span>' in rows[verified.id]
    assert "未核实" not in rows[verified.id]
