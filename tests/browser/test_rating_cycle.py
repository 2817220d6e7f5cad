"""Issue 6 acceptance in a browser: the county's initial rating → the city's sample and re-rating →
final → the Excel workbook for the province."""

import io
import re

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from finsup.ratings.models import RatingCycle

from .conftest import login, screenshot, switch_user


def rate(page, cycle, inst, score, reason, level, explanation=""):
    """Rates every criterion of `inst` at `score` and waits for the cycle's page to give its `level`."""
    page.goto(f"{page.base}/ratings/{cycle.pk}/institutions/{inst.pk}/")
    for field in page.query_selector_all("#scores input[name^=score_]"):
        field.fill(str(score))
    for field in page.query_selector_all("#scores textarea[name^=reason_]"):
        field.fill(reason)
    if explanation:
        page.fill("textarea[name=explanation]", explanation)
    page.click("#scores button[type=submit]")
    expect(page.locator(".messages")).to_have_text(f"{inst.name} 评为 {level}。")


@pytest.mark.browser
def test_a_rating_cycle_runs_end_to_end(page, world):
    from tests import factories as f

    f.make_user("city_boss", "leader", "371300")
    login(page, "city_boss", f.PASSWORD)
    page.goto(page.base + "/ratings/")
    page.fill("input[name=year]", "2025")
    page.select_option("select[name=kind]", "microloan")
    page.fill("input[name=sample_size]", "1")
    page.click("main form button[type=submit]")
    expect(page.locator(".messages")).to_have_text("评级周期已发起，各县（区）可以初评。")
    cycle = RatingCycle.objects.get()
    screenshot(page, "ratings-cycle-opened")

    for county, inst in (("lanshan", world.inst_lanshan), ("luozhuang", world.inst_luozhuang)):
        switch_user(page, f"{county}_lead_supervisor", f.PASSWORD)
        rate(page, cycle, inst, 90, "制度健全，配合监管", "Ⅰ")
    screenshot(page, "ratings-initial-done")

    switch_user(page, "city_boss", f.PASSWORD)
    page.goto(page.base + cycle.get_absolute_url())
    page.click("#draw-sample")
    drawn = page.locator(".messages")
    expect(drawn).to_have_text(re.compile(r"^已按种子 \S+ 抽样：1 家机构。$"))
    cycle.refresh_from_db()
    expect(drawn).to_have_text(f"已按种子 {cycle.seed} 抽样：1 家机构。")
    sampled = cycle.ratings.get(sampled=True)
    rate(
        page,
        cycle,
        sampled.institution,
        40,
        "抽查发现内控薄弱",
        "Ⅲ",
        explanation="市级抽查发现内控问题，降为Ⅲ级。",
    )
    page.goto(page.base + cycle.get_absolute_url())
    page.fill("textarea[name=reason]", "经市级抽查复评，予以确定。")
    page.on("dialog", lambda d: d.accept())
    page.click("#finalise")
    expect(page.locator(".messages")).to_have_text("本周期评级已定级。")
    expect(page.locator("#ratings")).to_contain_text("Ⅲ (76.00)")
    cycle.refresh_from_db()
    assert cycle.status == "final"
    screenshot(page, "ratings-final")

    with page.expect_download() as info:
        page.click(f"a[href='/ratings/{cycle.pk}/province.xlsx']")
    ws = load_workbook(io.BytesIO(open(info.value.path(), "rb").read())).active
    rows = list(ws.iter_rows(min_row=3, values_only=True))
    assert {r[0] for r in rows} == {world.inst_lanshan.credit_code, world.inst_luozhuang.credit_code}
    assert sorted(r[-1] for r in rows) == ["Ⅰ", "Ⅲ"]
