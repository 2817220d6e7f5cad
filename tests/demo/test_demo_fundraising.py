"""The demo's register of suspected illegal fundraising (demo/activity_fundraising.py): entities at
every step and with every outcome; `finsup fundraising backtest` over the demo's two years prints
figures the records bear out (each flag's result is its entity's determination, the recall's
denominator is the positive determinations counted in the register); the entity at the top of the
demo day's ranking is the advertisement seen under two other names, its phone shared with an
entity already referred to the police; in a real browser the city's leader and a county's lead
supervisor read the register, the weights and the backtest."""

import datetime
import io
import re
import statistics

import pytest
from django.core.management import call_command
from django.utils import translation
from playwright.sync_api import expect

from finsup.demo.logins import PASSWORD
from finsup.documents.models import OfficialDocument
from finsup.fundraising import selectors
from finsup.fundraising.choices import POSITIVE_OUTCOMES, EntityStatus, Outcome
from finsup.fundraising.models import DisposalStep, SuspectEntity, TextSimilarity
from tests.browser.conftest import login, screenshot, switch_user

from .conftest import AS_OF

START = AS_OF - datetime.timedelta(days=730)


def test_the_register_holds_entities_at_every_step_and_outcome(loaded):
    assert set(SuspectEntity.objects.values_list("status", flat=True)) == set(EntityStatus.values)
    assert set(SuspectEntity.objects.exclude(outcome="").values_list("outcome", flat=True)) == set(Outcome.values)
    assert SuspectEntity.objects.count() >= 28
    accepted = DisposalStep.objects.filter(kind="acceptance", answer="accepted")
    assert accepted.count() >= 3
    papers = OfficialDocument.objects.filter(kind="police_referral")
    assert papers.filter(status="final").count() >= 4 and all(p.number for p in papers.filter(status="final"))
    # the one advertisement under three names, and nothing else reads alike
    pairs = TextSimilarity.objects.filter(similarity__gte=90).select_related("a__entity", "b__entity")
    assert len(pairs) == 3
    assert {s.a.entity.name for s in pairs} | {s.b.entity.name for s in pairs} == {
        "临沂鑫源康养产业有限公司",
        "临沂安康旅居文化传播有限公司",
        "临沂长寿谷康养有限公司",
    }


def test_the_backtest_command_prints_what_the_records_say(loaded):
    out = io.StringIO()
    with translation.override("zh-hans"):
        call_command(
            "fundraising", "backtest", "--from", str(START), "--to", str(AS_OF), "--every", "7", "--k", "5", stdout=out
        )
    printed = out.getvalue()
    report = selectors.backtest_report(start=START, end=AS_OF, every=7, k=5)
    records = {e.pk: e for e in SuspectEntity.objects.all()}
    for flag in report.flags:  # each flag's result is its entity's determination, as of later
        entity = records[flag.entity_id]
        expected = "pending" if not entity.outcome else ("hit" if entity.outcome in POSITIVE_OUTCOMES else "miss")
        assert flag.result == expected and (entity.determined_on is None or entity.determined_on > flag.day)
        assert entity.opened_on <= flag.day
    positives = [
        e for e in records.values() if e.outcome in POSITIVE_OUTCOMES and e.determined_on and e.determined_on > START
    ]
    assert report.positives == len(positives) >= 10
    for pk, lead in report.leads.items():
        assert 0 < lead <= (records[pk].determined_on - records[pk].opened_on).days
    assert report.hits and report.misses  # the demo's index is right and wrong, as any
    precision = f"{report.hits / (report.hits + report.misses) * 100:.2f}%"
    median = statistics.median(report.leads.values())
    assert f"预警：命中 / 误报 / 待认定：{report.hits} / {report.misses} / {report.pending}" in printed
    assert f"前 5 名精确率：{precision}" in printed
    assert re.search(rf"提前时间中位数：{median:g} 天", printed), printed
    assert f"（{len(report.leads)} / {len(positives)}）" in printed


def test_the_top_of_the_ranking_is_the_ad_under_a_third_name(loaded):
    from finsup.accounts.models import User

    rows, weights = selectors.ranked(actor=User.objects.get(username="city_leader"), as_of=AS_OF)
    top = rows[0].entity
    assert top.name == "临沂长寿谷康养有限公司" and weights.version == 2
    score, _w = selectors.entity_index(top, AS_OF)
    signals = {c.signal: c for c in score.contributions}
    assert {"near_duplicate", "link_disposed", "return", "word"} <= set(signals)
    assert signals["link_disposed"].detail["shared"] == ["phone:13905391188"]


@pytest.mark.browser
def test_the_leader_and_a_county_supervisor_read_the_register_weights_and_backtest(demo_browser, demo_server, loaded):
    context = demo_browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.base = demo_server.url
    main = page.locator("main")
    try:
        login(page, "city_leader", PASSWORD)
        page.goto(f"{page.base}/fundraising/")
        expect(main).to_contain_text("临沂长寿谷康养有限公司")
        expect(main).to_contain_text("罗庄区")
        screenshot(page, "demo-fundraising-01-city-leader-register")
        page.goto(f"{page.base}/fundraising/weights/")
        expect(page.locator("#versions")).to_contain_text("v2")
        expect(page.locator("#words")).to_contain_text("拉人头")
        expect(page.locator("#weights-form")).to_be_visible()
        screenshot(page, "demo-fundraising-02-city-leader-weights")
        page.goto(f"{page.base}/fundraising/backtest/?start={START}&end={AS_OF}&every=7&k=5")
        expect(page.locator("#backtest-summary")).to_contain_text("精确率")
        expect(page.locator("#flags")).to_contain_text("临沂鑫源康养产业有限公司")
        screenshot(page, "demo-fundraising-03-city-leader-backtest")

        switch_user(page, "lanshan_supervisor", PASSWORD)
        page.goto(f"{page.base}/fundraising/")
        expect(main).to_contain_text("临沂长寿谷康养有限公司")
        expect(main).not_to_contain_text("临沂宏达新能源科技有限公司")  # Luozhuang's
        screenshot(page, "demo-fundraising-04-lanshan-supervisor-register")
        page.goto(f"{page.base}/fundraising/weights/")
        expect(page.locator("#words")).to_contain_text("拉人头")
        expect(page.locator("#weights-form")).to_have_count(0)
        page.goto(f"{page.base}/fundraising/backtest/")
        expect(page.locator("#backtest-summary")).to_contain_text("精确率")
        screenshot(page, "demo-fundraising-05-lanshan-supervisor-backtest")
    finally:
        context.close()
