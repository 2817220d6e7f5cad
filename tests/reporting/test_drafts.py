"""Drafts of the web form: saved unchecked, one per institution, report and period, seen only by
the institution, audited without their figures, no effect on deadlines, removed when filed."""

import datetime

import pytest
from django.urls import reverse

from finsup.audit.models import AuditEntry
from finsup.reporting import drafts, obligations
from finsup.reporting.models import FilingDraft, Submission
from tests import factories as f

from .channels import pc_institution
from .helpers import Q1_2026, pc_figures

NOW = datetime.datetime.fromisoformat("2026-05-20T10:00:00+08:00")  # 2026Q1 is due 2026-04-15: missing
FORM = reverse("reporting:file", args=["pc_quarterly", "2026Q1"])


@pytest.fixture
def pc(db, client, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.now", lambda: NOW)
    inst, user = pc_institution("pc_draft")
    client.force_login(user)
    return inst, user


def _save(client, **values):
    return client.post(FORM, {"step": "draft", **values})


def _draft_entries():
    return AuditEntry.objects.filter(object_type="reporting.filingdraft").order_by("seq")


def test_a_draft_keeps_the_figures_as_typed_unchecked_and_files_nothing(pc, client):
    inst, user = pc
    response = _save(client, registered_capital_avg="10000", new_investments_count="三笔", funding_total_avg="")
    assert response.status_code == 302 and response.url == FORM
    draft = FilingDraft.objects.get()
    assert draft.values == {"registered_capital_avg": "10000", "new_investments_count": "三笔"}
    assert (draft.institution, draft.saved_by, draft.saved_at) == (inst, user, NOW)
    assert not Submission.objects.exists()
    page = client.get(FORM)
    assert page.context["form"].initial["new_investments_count"] == "三笔"
    assert "正在编辑" in page.content.decode() and "放弃草稿" in page.content.decode()


def test_one_draft_per_period_each_save_audited_without_the_figures(pc, client):
    _save(client, registered_capital_avg="10000")
    _save(client, registered_capital_avg="12000", equity_investment_avg="3000")
    assert FilingDraft.objects.count() == 1
    assert FilingDraft.objects.get().values == {"registered_capital_avg": "12000", "equity_investment_avg": "3000"}
    created, updated = _draft_entries()
    assert (created.action, updated.action) == ("create", "update")
    assert created.changes["figures_entered"] == [None, 1]
    assert updated.changes["figures_entered"] == [1, 2]
    assert updated.changes["figures_changed"] == [None, "注册资本季末余额平均数、股权投资季末余额平均数"]
    assert "12000" not in str(updated.changes) and "10000" not in str(created.changes)


def test_a_draft_has_no_deadline_effect_and_no_office_sees_it(pc, client, world):
    inst, user = pc
    _save(client, **pc_figures())
    duties = obligations.obligations(institutions=[inst])
    duty = next(d for d in duties if d.report_code == "pc_quarterly" and d.period == Q1_2026)
    assert (duty.filing_id, duty.state) == (None, obligations.MISSING)
    for staff in (world.lanshan["clerk"], world.lanshan["lead_supervisor"], world.city["clerk"]):
        assert not FilingDraft.objects.for_user(staff).exists()
        assert drafts.draft_get(actor=staff, report_code="pc_quarterly", period_end=Q1_2026.end) is None
    other = f.make_user("other_inst_clerk", "institution", institution=pc_institution("pc_other")[0])
    assert drafts.draft_get(actor=other, report_code="pc_quarterly", period_end=Q1_2026.end) is None
    client.force_login(other)
    assert "正在编辑" not in client.get(FORM).content.decode()


def test_filing_the_period_removes_the_draft(pc, client):
    _save(client, **pc_figures(new_investments_count="三笔"))
    response = client.post(FORM, pc_figures())
    assert response.status_code == 302
    assert Submission.objects.get().version == 1
    assert not FilingDraft.objects.exists()
    removed = _draft_entries().last()
    assert (removed.action, removed.changes["reason"]) == ("delete", [None, "已报送为第 1 版"])


def test_a_rejected_filing_keeps_the_draft(pc, client):
    _save(client, registered_capital_avg="10000")
    assert client.post(FORM, pc_figures(funding_total_avg="6000")).status_code == 200
    assert FilingDraft.objects.exists() and not Submission.objects.exists()


def test_the_clerk_may_discard_a_draft(pc, client):
    _save(client, registered_capital_avg="10000")
    assert client.post(FORM, {"step": "discard"}).status_code == 302
    assert not FilingDraft.objects.exists()
    assert _draft_entries().last().changes["reason"] == [None, "机构已放弃草稿"]


def test_an_overlong_figure_is_refused_and_nothing_saved(pc, client):
    before = AuditEntry.objects.count()
    response = _save(client, registered_capital_avg="9" * 2001)
    assert response.status_code == 200
    assert "最多 2000 个字符" in str(response.context["form"].errors)
    assert not FilingDraft.objects.exists() and AuditEntry.objects.count() == before


def test_the_filings_list_shows_the_draft(pc, client):
    _save(client, registered_capital_avg="10000")
    body = client.get(reverse("reporting:list") + "?all=1").content.decode()
    assert "有草稿" in body and "继续填写草稿" in body
