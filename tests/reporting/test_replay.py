"""Impact replay: a changed rule evaluated over the accepted filings, old against new, counting filings
and institutions in breach, within the user's jurisdiction, and storing nothing."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from finsup.audit.models import AuditEntry
from finsup.monitoring.models import RiskWarning
from finsup.reporting import services, workflow
from finsup.reporting.models import RuleResult, Submission
from finsup.reporting.replay import limit_text, shown_number
from finsup.rulebook import default_rulebook
from tests import factories as f
from tests.rules_folder import edited_rules

from .helpers import COUNTING_RULE, Q1_2026, pc_figures

RULE = "pc_short_term_max"  # short-term investment / (registered capital + funding) ≤ 30 %
LOWER = [("private_capital.toml", RULE, "threshold = 0.30", "threshold = 0.25")]
NEW_RULE = COUNTING_RULE + 'stage = "test"\n'


def _filing(world, county: str, name: str, short_term: str):
    """An accepted 2026Q1 filing whose short-term ratio is short_term / 15,000 万元."""
    inst = f.make_institution(
        county,
        kind="private_capital",
        name=f"{name}民间资本管理有限公司",
        established_on=datetime.date(2018, 1, 1),
        approved_on=datetime.date(2018, 1, 1),
    )
    clerk = f.make_user(f"replay_{name}", "institution", institution=inst)
    raw = pc_figures(short_term_investment_avg=short_term, investment_total="12000", agri_small_investment="8000")
    filing = services.submission_file(
        by=clerk, institution=inst, report_code="pc_quarterly", period=Q1_2026, raw=raw, channel="web"
    )
    reviewer = world.lanshan["clerk"] if county == "371302" else world.luozhuang["clerk"]
    return workflow.submission_accept(submission=filing, by=reviewer)


@pytest.fixture
def filings(world):
    """Lanshan: 26.7 % (passes 30 %, breaks 25 %), 6.7 % (passes both), 36 % (breaks both);
    Luozhuang: 26.7 %. A returned-then-unfiled or merely submitted filing is not counted."""
    made = {
        "between": _filing(world, "371302", "兰山甲", "4000"),
        "low": _filing(world, "371302", "兰山乙", "1000"),
        "high": _filing(world, "371302", "兰山丙", "5400"),
        "other_county": _filing(world, "371311", "罗庄甲", "4000"),
    }
    pending = f.make_institution("371302", kind="private_capital", name="兰山丁民间资本管理有限公司")
    services.submission_file(
        by=f.make_user("replay_pending", "institution", institution=pending),
        institution=pending,
        report_code="pc_quarterly",
        period=Q1_2026,
        raw=pc_figures(short_term_investment_avg="4000", investment_total="12000", agri_small_investment="8000"),
        channel="web",
    )
    return made


def _stored():
    models = (RuleResult, RiskWarning, Submission, AuditEntry)
    return tuple(model.objects.count() for model in models)


def _replay(*args) -> str:
    out = io.StringIO()
    call_command("rules", "replay", *args, stdout=out)
    return out.getvalue()


def test_the_command_counts_old_and_new_breaches_and_stores_nothing(filings):
    before = _stored()
    out = _replay("--rule", RULE, "--threshold", "0.25")
    assert _stored() == before
    assert "Replayed over 4 accepted filings" in out  # the submitted one does not count
    assert "evaluated:     4 -> 4 filings" in out
    assert "breaches:      1 -> 3 filings" in out
    assert "institutions:  1 -> 3 in breach" in out
    assert "verdict changes: 2" in out
    changed = {filings["between"].pk, filings["other_county"].pk}
    assert {int(line.split("filing ")[1].split()[0]) for line in out.splitlines() if "+ breach" in line} == changed


def test_the_command_replays_a_rules_folder_rule_by_rule(filings, tmp_path):
    folder = edited_rules(tmp_path / "candidate", edits=LOWER, appended={"private_capital.toml": NEW_RULE})
    before = _stored()
    out = _replay("--rules-dir", str(folder))
    assert _stored() == before
    assert out.count("\npc_") == 2  # only the changed rule and the new one
    assert "pc_short_term_max" in out and "breaches:      1 -> 3 filings" in out
    assert "pc_new_investments_counted" in out and "(none) -> = 0 [test, blocking" in out
    assert "evaluated:     0 -> 4 filings" in out


def test_the_command_refuses_a_malformed_candidate(filings, tmp_path):
    broken = [("private_capital.toml", RULE, "short_term_investment_avg /", "x /")]
    folder = edited_rules(tmp_path / "bad", edits=broken)
    with pytest.raises(CommandError, match="unknown column 'x'"):
        _replay("--rules-dir", str(folder))
    with pytest.raises(CommandError, match="either --rules-dir"):
        _replay()
    with pytest.raises(CommandError, match="no rule 'nope'"):
        _replay("--rule", "nope", "--threshold", "1")


def _page(client, user, data):
    if client.session.get("_auth_user_id") != str(user.pk):
        client.force_login(user)  # (logging in is audited: before counting what is stored)
    return client.post(reverse("reporting:rule_replay"), data)


def test_the_page_shows_the_city_every_institution_and_stores_nothing(world, filings, client):
    client.force_login(world.city["lead_supervisor"])
    before = _stored()
    response = _page(client, world.city["lead_supervisor"], {"rule": RULE, "limit": "25"})  # per cent
    assert response.status_code == 200
    assert _stored() == before
    (impact,) = response.context["replay"].impacts
    assert (impact.evaluated_old, impact.evaluated_new) == (4, 4)
    assert (impact.breaches_old, impact.breaches_new) == (1, 3)
    assert (len(impact.institutions_old), len(impact.institutions_new)) == (1, 3)
    assert {c.submission.pk for c in impact.changes} == {filings["between"].pk, filings["other_county"].pk}
    html = response.content.decode()
    assert reverse("reporting:detail", args=[filings["other_county"].pk]) in html  # the changed filings, linked
    assert "≤ 30%" in html and "≤ 25%" in html and "26.6667%" in html
    assert "影响回放" in html and "新规则下违规" in html


def test_a_county_replay_counts_only_its_own_institutions(world, filings, client):
    response = _page(client, world.lanshan["lead_supervisor"], {"rule": RULE, "limit": "25"})
    (impact,) = response.context["replay"].impacts
    assert (impact.evaluated_old, impact.breaches_old, impact.breaches_new) == (3, 1, 2)
    assert [c.submission.pk for c in impact.changes] == [filings["between"].pk]
    assert reverse("reporting:detail", args=[filings["other_county"].pk]) not in response.content.decode()


def test_an_uploaded_rule_file_is_replayed_against_the_rule_in_force(world, filings, client):
    text = 'kind = "private_capital"\n' + NEW_RULE
    upload = SimpleUploadedFile("new.toml", text.encode(), content_type="application/toml")
    client.force_login(world.city["leader"])
    before = _stored()
    response = _page(client, world.city["leader"], {"rules_file": upload})
    assert response.status_code == 200 and _stored() == before
    (impact,) = response.context["replay"].impacts
    assert impact.old is None and impact.new.in_test
    assert (impact.evaluated_old, impact.evaluated_new, impact.breaches_new) == (0, 4, 0)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "请选择一条规则或上传一个规则文件"),
        ({"rule": "pc_main_investor", "limit": "30"}, "请同时填写新下限和新上限"),
        ({"rule": RULE, "low": "10", "high": "20"}, "请填写在“新限额”中"),
        ({"rule": "pc_funding_multiple", "limit": "3"}, "由规则公式计算"),
    ],
)
def test_the_page_says_what_is_wrong_in_chinese(world, filings, client, data, message):
    response = _page(client, world.city["lead_supervisor"], data)
    assert response.status_code in (200, 400)
    assert message in response.content.decode()
    assert "replay" not in response.context or response.context["replay"] is None


def test_a_bad_uploaded_file_names_its_problems(world, filings, client):
    upload = SimpleUploadedFile("bad.toml", b'kind = "private_capital"\n[[rules]]\nid = 1\n')
    response = _page(client, world.city["lead_supervisor"], {"rules_file": upload})
    assert response.status_code == 400
    assert "该规则无法按所填内容使用" in response.content.decode() and "bad.toml" in response.content.decode()


def _every_page(client, url) -> str:
    """The rulebook is paged: the text of all its pages."""
    first = client.get(url)
    pages = [first.content.decode()]
    for number in range(2, first.context["paginator"].num_pages + 1):
        pages.append(client.get(f"{url}?page={number}").content.decode())
    return "".join(pages)


def test_the_rulebook_page_shows_stage_and_enforcement_and_links_the_replay(world, client):
    client.force_login(world.city["lead_supervisor"])
    html = _every_page(client, reverse("reporting:rulebook"))
    assert "生效阶段与处理方式" in html and "试运行" in html and "已生效" in html
    assert "阻断性：不符合的报表不能报送" in html and "监管性：违反时触发预警" in html
    assert f"{reverse('reporting:rule_replay')}?rule={RULE}" in html
    client.force_login(world.city["auditor"])
    html = _every_page(client, reverse("reporting:rulebook"))
    assert "生效阶段与处理方式" in html and reverse("reporting:rule_replay") not in html


def test_the_page_preselects_the_rule_it_was_opened_for(world, client):
    client.force_login(world.city["lead_supervisor"])
    response = client.get(reverse("reporting:rule_replay") + f"?rule={RULE}")
    assert response.status_code == 200 and response.context["form"].initial["rule"] == RULE


def test_limits_and_values_read_as_supervisors_read_them():
    book = default_rulebook()
    assert limit_text(book.get(RULE)) == "≤ 30%"
    assert limit_text(book.get("fg2017_min_capital")) == "≥ 2,000.00 万元"
    assert limit_text(book.get("pc_main_investor")) == "介于 20% 与 51% 之间"
    assert limit_text(book.get("fg2010_leverage")) == "≤ 10 倍"
    assert shown_number(None, "percent") == "—"
