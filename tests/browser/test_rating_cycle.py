"""Issue 6 acceptance in a browser: the county's initial rating → the city's sample and re-rating →
final → the Excel workbook for the province."""

import io

import pytest
from openpyxl import load_workbook

from finsup.ratings.models import RatingCycle

from .conftest import login, screenshot


def rate(page, cycle, inst, score, reason, explanation=""):
    page.goto(f"{page.base}/ratings/{cycle.pk}/institutions/{inst.pk}/")
    for field in page.query_selector_all("#scores input[name^=score_]"):
        field.fill(str(score))
    for field in page.query_selector_all("#scores textarea[name^=reason_]"):
        field.fill(reason)
    if explanation:
        page.fill("textarea[name=explanation]", explanation)
    page.click("#scores button[type=submit]")
    page.wait_for_load_state("networkidle")


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
    page.wait_for_load_state("networkidle")
    cycle = RatingCycle.objects.get()
    screenshot(page, "ratings-cycle-opened")

    for county, inst in (("lanshan", world.inst_lanshan), ("luozhuang", world.inst_luozhuang)):
        page.context.clear_cookies()
        login(page, f"{county}_lead_supervisor", f.PASSWORD)
        rate(page, cycle, inst, 90, "制度健全，配合监管")
    screenshot(page, "ratings-initial-done")

    page.context.clear_cookies()
    login(page, "city_boss", f.PASSWORD)
    page.goto(page.base + cycle.get_absolute_url())
    page.click("#draw-sample")
    page.wait_for_load_state("networkidle")
    sampled = cycle.ratings.get(sampled=True)
    rate(page, cycle, sampled.institution, 40, "抽查发现内控薄弱", explanation="市级抽查发现内控问题，降为Ⅲ级。")
    page.goto(page.base + cycle.get_absolute_url())
    page.fill("textarea[name=reason]", "经市级抽查复评，予以确定。")
    page.on("dialog", lambda d: d.accept())
    page.click("#finalise")
    page.wait_for_load_state("networkidle")
    cycle.refresh_from_db()
    assert cycle.status == "final" and "Ⅲ (76.00)" in page.text_content("#ratings")
    screenshot(page, "ratings-final")

    with page.expect_download() as info:
        page.click(f"a[href='/ratings/{cycle.pk}/province.xlsx']")
    ws = load_workbook(io.BytesIO(open(info.value.path(), "rb").read())).active
    rows = list(ws.iter_rows(min_row=3, values_only=True))
    assert {r[0] for r in rows} == {world.inst_lanshan.credit_code, world.inst_luozhuang.credit_code}
    assert sorted(r[-1] for r in rows) == ["Ⅰ", "Ⅲ"]
