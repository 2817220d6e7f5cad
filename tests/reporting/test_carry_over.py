"""Carry-over on the web form: a quarter of the financing guarantee statement opens with the
outstanding the previous quarter closed with, once the county accepted that filing (the catalogue's
continuity link 期初在保余额 ← 期末在保余额), marked as carried over and editable. The clock is fixed
in July 2026, after both quarters ended."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from finsup.reporting import workflow
from finsup.reporting.models import Submission
from tests import factories as f

from .channels import pc_institution
from .helpers import Q1_2026, Q2_2026, file_gs, gs_figures

NOW = datetime.datetime.fromisoformat("2026-07-10T10:00:00+08:00")
Q2_FORM = reverse("reporting:file", args=["gs_quarterly", "2026Q2"])


@pytest.fixture
def clerk(world, monkeypatch, client):
    monkeypatch.setattr("django.utils.timezone.now", lambda: NOW)
    inst = f.make_institution(
        "371302", kind="guarantee", name="兰山区结转融资担保有限公司", established_on=datetime.date(2016, 1, 1)
    )
    user = f.make_user("carry_clerk", "institution", institution=inst)
    client.force_login(user)
    return user


def _accepted_q1(clerk, world, end="110000"):
    q1 = file_gs(clerk, Q1_2026, start="100000", end=end)
    return workflow.submission_accept(submission=q1, by=world.lanshan["clerk"])


def test_the_opening_balance_is_last_quarters_accepted_close_marked_and_editable(clerk, world, client):
    _accepted_q1(clerk, world, end="110000.5")
    response = client.get(Q2_FORM)
    form = response.context["form"]
    assert form.initial == {"outstanding_start": Decimal("110000.5")}
    carried = form.fields["outstanding_start"].carried
    assert (carried.source, carried.period, carried.shown) == ("期末在保余额", "2026Q1", "110,000.50 万元")
    body = response.content.decode()
    assert body.count("上期结转</span>") == 1
    assert "取自 2026Q1 的“期末在保余额”：110,000.50 万元，可修改。" in body
    # An input like any other: the clerk may change it (then the continuity check has its say).
    assert 'name="outstanding_start" value="110000.5"' in body
    assert "readonly" not in body.split('name="outstanding_start"')[1].split(">")[0]


def test_the_carried_figure_files_as_typed(clerk, world, client):
    _accepted_q1(clerk, world)
    figures = gs_figures(start="110000", end="115000")
    assert client.post(Q2_FORM, figures).status_code == 302
    q2 = Submission.objects.get(institution=clerk.institution, period_end=Q2_2026.end)
    assert q2.values["outstanding_start"] == "1100000000.00"


def test_nothing_is_carried_from_a_filing_the_county_has_not_accepted(clerk, client):
    file_gs(clerk, Q1_2026, start="100000", end="110000")
    response = client.get(Q2_FORM)
    assert response.context["form"].initial == {}
    assert "上期结转" not in response.content.decode()


def test_nothing_is_carried_into_a_correction(clerk, world, client):
    _accepted_q1(clerk, world)
    file_gs(clerk, Q2_2026, start="110000", end="115000")
    response = client.get(Q2_FORM)
    assert response.context["form"].initial["outstanding_start"] == 110000
    assert "上期结转" not in response.content.decode()


def test_a_report_without_an_opening_closing_pair_carries_nothing(db, client, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.now", lambda: NOW)
    inst, user = pc_institution("pc_carry")
    client.force_login(user)
    response = client.get(reverse("reporting:file", args=["pc_quarterly", "2026Q2"]))
    assert response.status_code == 200 and response.context["form"].initial == {}
