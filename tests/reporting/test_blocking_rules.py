"""An active blocking rule refuses a filing that breaks it, on every channel (web form, Excel, API,
batch), with an error naming the rule by its description; nothing is stored. In test, it refuses nothing."""

import pytest
from django.urls import reverse

from finsup.audit.models import AuditEntry
from finsup.reporting.batch import FilingRequest, submissions_file_batch
from finsup.reporting.models import RuleResult, Submission

from .channels import REPORT, api_file, download_template, fill, pc_institution, token_for, upload
from .helpers import COUNTING_RULE, COUNTING_RULE_ZH, Q1_2026, pc_figures

DESCRIPTION = COUNTING_RULE_ZH
BLOCKING_RULE = COUNTING_RULE
# 1,500 万元 newly invested in no investment at all: impossible.
IMPOSSIBLE = pc_figures(new_investments_count="0", new_investments_amount="1500")


@pytest.fixture
def blocking(rules_in_force):
    rules_in_force(appended={"private_capital.toml": BLOCKING_RULE})


def _nothing_stored(submissions=0):
    assert Submission.objects.count() == submissions
    assert not RuleResult.objects.exists()


def _names_the_rule(text: str):
    assert DESCRIPTION.rstrip("。") in text
    assert "不能报送" in text and "山东省地方金融条例 第四十条" in text
    assert "本季新增投资金额" in text  # the figure to check, by its label (no identifier)


def test_the_web_form_refuses_a_filing_that_breaks_a_blocking_rule(db, client, blocking):
    _, user = pc_institution("pc_block_web")
    client.force_login(user)
    response = client.post(reverse("reporting:file", args=[REPORT, "2026Q1"]), IMPOSSIBLE)
    assert response.status_code in (200, 422)
    _names_the_rule(response.content.decode())
    _nothing_stored()
    rejected = AuditEntry.objects.filter(action="rejected").latest("pk")
    assert DESCRIPTION.rstrip("。") in str(rejected.changes["errors"])


def test_the_excel_upload_refuses_it(db, client, blocking):
    _, user = pc_institution("pc_block_excel")
    client.force_login(user)
    response = upload(client, fill(download_template(client, "2026Q1"), IMPOSSIBLE))
    assert response.status_code == 422
    _names_the_rule(response.content.decode())
    _nothing_stored()


def test_the_api_refuses_it(db, client, blocking):
    _, user = pc_institution("pc_block_api")
    response = api_file(client, token_for(user), "2026Q1", IMPOSSIBLE)
    assert response.status_code == 422
    _names_the_rule(str(response.json()))
    _nothing_stored()


def test_a_batch_refuses_it_and_stores_the_others(db, blocking):
    inst, user = pc_institution("pc_block_batch")
    other, other_user = pc_institution("pc_block_batch_ok")
    done = submissions_file_batch(
        [
            FilingRequest(by=user, institution=inst, report_code=REPORT, period=Q1_2026, raw=IMPOSSIBLE),
            FilingRequest(by=other_user, institution=other, report_code=REPORT, period=Q1_2026, raw=pc_figures()),
        ]
    )
    assert done[0].submission is None and done[1].submission is not None
    _names_the_rule(" ".join(str(e) for e in done[0].errors))
    _nothing_stored(submissions=1)


def test_possible_figures_pass_a_blocking_rule(db, client, blocking):
    _, user = pc_institution("pc_block_fine")
    possible = pc_figures(new_investments_count="0", new_investments_amount="0")
    response = api_file(client, token_for(user), "2026Q1", possible)
    assert response.status_code == 201, response.json()


def test_a_blocking_rule_in_test_refuses_nothing(db, client, rules_in_force):
    rules_in_force(appended={"private_capital.toml": BLOCKING_RULE + 'stage = "test"\n'})
    _, user = pc_institution("pc_block_test")
    response = api_file(client, token_for(user), "2026Q1", IMPOSSIBLE)
    assert response.status_code == 201, response.json()


def test_the_errors_of_a_blocking_rule_come_with_the_others(db, client, blocking):
    """Every problem at once: an identity check that fails and the blocking rule."""
    _, user = pc_institution("pc_block_both")
    figures = {**IMPOSSIBLE, "funding_total_avg": "9999"}  # no longer the sum of its parts
    response = api_file(client, token_for(user), "2026Q1", figures)
    assert response.status_code == 422
    text = str(response.json())
    _names_the_rule(text)
    assert "融资" in text.replace(DESCRIPTION, "")
