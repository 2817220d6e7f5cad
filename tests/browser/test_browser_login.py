"""A person logs in and reads their dashboard, in a real browser."""

import re

import pytest
from playwright.sync_api import expect

from tests import factories as f

from .conftest import login, screenshot, submit_login


@pytest.mark.browser
def test_city_leader_logs_in_and_reads_the_dashboard_with_its_chart(page, world):
    login(page, "city_leader", f.PASSWORD)
    expect(page).to_have_url(re.compile(r"/dashboard/$"))
    expect(page.locator("h1")).to_have_text("工作台 · 临沂市金融工作办公室")
    expect(page.locator(".cards").first).to_contain_text("小额贷款公司")
    # ECharts drew the chart from our own static files (no CDN): a canvas exists inside the chart box.
    expect(page.locator("#chart-county canvas")).to_have_count(1)
    screenshot(page, "dashboard-city-leader")


@pytest.mark.browser
def test_county_clerk_sees_only_its_county(page, world):
    login(page, "lanshan_clerk", f.PASSWORD)
    page.goto(page.base + "/institutions/")
    table = page.locator("#results")
    expect(table).to_contain_text(world.inst_lanshan.name)
    expect(table).not_to_contain_text(world.inst_luozhuang.name)
    response = page.goto(page.base + f"/institutions/{world.inst_luozhuang.pk}/")
    assert response.status == 404


@pytest.mark.browser
def test_institution_user_sees_its_own_record(page, world):
    login(page, "inst_lanshan", f.PASSWORD)
    expect(page.locator("h1")).to_have_text(world.inst_lanshan.name)
    screenshot(page, "dashboard-institution")


@pytest.mark.browser
def test_wrong_password_shows_a_chinese_error(page, world):
    submit_login(page, "city_leader", "wrong-password")
    expect(page.locator(".errorlist")).to_contain_text("用户名或密码错误")
    expect(page).to_have_url(re.compile(r"/accounts/login/$"))


@pytest.mark.browser
def test_htmx_filter_updates_the_list_without_reload(page, world):
    f.make_institution("371302", kind="guarantee", name="兰山区测试担保有限公司")
    login(page, "city_inspector", f.PASSWORD)
    page.goto(page.base + "/institutions/")
    results = page.locator("#results")
    expect(results).to_contain_text("小额贷款有限公司")
    page.evaluate("window.sameDocument = true")  # gone if the page were loaded again
    page.select_option("select[name=kind]", "guarantee")
    expect(results).not_to_contain_text("小额贷款有限公司")
    expect(results).to_contain_text("兰山区测试担保有限公司")
    expect(page).to_have_url(re.compile(r"[?&]kind=guarantee(&|$)"))
    assert page.evaluate("window.sameDocument === true")
