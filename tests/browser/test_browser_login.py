"""A person logs in and reads their dashboard, in a real browser."""

import pytest

from tests import factories as f

from .conftest import login, screenshot


@pytest.mark.browser
def test_city_leader_logs_in_and_reads_the_dashboard_with_its_chart(page, world):
    login(page, "city_leader", f.PASSWORD)
    assert page.url.endswith("/dashboard/")
    heading = page.text_content("h1")
    assert "临沂市金融工作办公室" in heading
    assert "小额贷款公司" in page.text_content(".cards")
    # ECharts drew the chart from our own static files (no CDN): a canvas exists inside the chart box.
    page.wait_for_selector("#chart-county canvas")
    screenshot(page, "dashboard-city-leader")


@pytest.mark.browser
def test_county_clerk_sees_only_its_county(page, world):
    login(page, "lanshan_clerk", f.PASSWORD)
    page.goto(page.base + "/institutions/")
    table = page.text_content("#results")
    assert world.inst_lanshan.name in table and world.inst_luozhuang.name not in table
    response = page.goto(page.base + f"/institutions/{world.inst_luozhuang.pk}/")
    assert response.status == 404


@pytest.mark.browser
def test_institution_user_sees_its_own_record(page, world):
    login(page, "inst_lanshan", f.PASSWORD)
    assert world.inst_lanshan.name in page.text_content("h1")
    screenshot(page, "dashboard-institution")


@pytest.mark.browser
def test_wrong_password_shows_a_chinese_error(page, world):
    login(page, "city_leader", "wrong-password")
    assert "用户名或密码错误" in page.text_content(".errorlist")


@pytest.mark.browser
def test_htmx_filter_updates_the_list_without_reload(page, world):
    f.make_institution("371302", kind="guarantee", name="兰山区测试担保有限公司")
    login(page, "city_inspector", f.PASSWORD)
    page.goto(page.base + "/institutions/")
    page.select_option("select[name=kind]", "guarantee")
    page.wait_for_function("() => !document.querySelector('#results').textContent.includes('小额贷款有限公司')")
    assert "兰山区测试担保有限公司" in page.text_content("#results")
    assert "kind=guarantee" in page.url
