from django.db import connection
from django.test.utils import CaptureQueriesContext

from finsup.monitoring.choices import WarningLevel, WarningSource, WarningStatus
from finsup.monitoring.services import warning_transition
from tests import factories as f

from .factories import make_warning


def _page(client, user, query=""):
    client.force_login(user)
    response = client.get(f"/warnings/{query}")
    assert response.status_code == 200
    return response.content.decode()


def test_a_county_sees_only_its_county_and_the_city_sees_both(world, client):
    make_warning(world.inst_lanshan, title="兰山预警")
    make_warning(world.inst_luozhuang, title="罗庄预警")
    lanshan = _page(client, world.lanshan["inspector"])
    assert "兰山预警" in lanshan and "罗庄预警" not in lanshan
    city = _page(client, world.city["auditor"])
    assert "兰山预警" in city and "罗庄预警" in city


def test_closed_warnings_are_hidden_unless_asked_for(world, client):
    make_warning(world.inst_lanshan, title="仍在处理")
    closed = make_warning(world.inst_lanshan, title="已经关闭")
    warning_transition(warning=closed, to_status=WarningStatus.CLOSED, by=world.city["leader"], reason="误报")
    default = _page(client, world.city["inspector"])
    assert "仍在处理" in default and "已经关闭" not in default
    everything = _page(client, world.city["inspector"], "?status=all")
    assert "仍在处理" in everything and "已经关闭" in everything
    only_closed = _page(client, world.city["inspector"], "?status=closed")
    assert "仍在处理" not in only_closed and "已经关闭" in only_closed


def test_filters_by_level_source_county_kind_and_name(world, client):
    guarantee = f.make_institution("371302", kind="guarantee", name="兰山某某融资担保有限公司")
    make_warning(world.inst_lanshan, level=WarningLevel.CRITICAL, title="甲号预警")
    make_warning(world.inst_luozhuang, source=WarningSource.LATE_FILING, title="乙号预警")
    make_warning(guarantee, title="丙号预警")
    user = world.city["inspector"]

    def titles(query):
        page = _page(client, user, query)
        return {t for t in ("甲号预警", "乙号预警", "丙号预警") if t in page}

    assert titles("?level=critical") == {"甲号预警"}
    assert titles("?source=late_filing") == {"乙号预警"}
    assert titles("?county=371311") == {"乙号预警"}
    assert titles("?kind=guarantee") == {"丙号预警"}
    assert titles("?q=融资担保") == {"丙号预警"}
    assert titles("?county=371302&kind=microloan") == {"甲号预警"}


def test_assigned_to_me(world, client):
    supervisor = world.lanshan["lead_supervisor"]
    world.inst_lanshan.lead_supervisor = supervisor
    world.inst_lanshan.save(update_fields=["lead_supervisor"])
    make_warning(world.inst_lanshan, title="我的预警")
    make_warning(world.inst_luozhuang, title="别人的预警")
    page = _page(client, world.city["leader"], "?mine=on")
    assert "我的预警" not in page and "别人的预警" not in page
    page = _page(client, supervisor, "?mine=on")
    assert "我的预警" in page
    assert supervisor.display_name in _page(client, supervisor)


def test_sort_by_level_and_by_opening(world, client):
    make_warning(world.inst_lanshan, level=WarningLevel.INFO, title="甲提示")
    make_warning(world.inst_lanshan, level=WarningLevel.CRITICAL, title="乙重大")
    make_warning(world.inst_lanshan, level=WarningLevel.SERIOUS, title="丙严重")
    user = world.city["inspector"]
    page = _page(client, user, "?sort=-level")
    assert page.index("乙重大") < page.index("丙严重") < page.index("甲提示")
    page = _page(client, user, "?sort=level")
    assert page.index("甲提示") < page.index("丙严重") < page.index("乙重大")
    page = _page(client, user, "?sort=opened")
    assert page.index("甲提示") < page.index("乙重大") < page.index("丙严重")
    page = _page(client, user)  # newest first
    assert page.index("丙严重") < page.index("乙重大") < page.index("甲提示")


def test_levels_are_coloured_badges_and_pages_hold_25(world, client):
    for i in range(30):
        make_warning(world.inst_lanshan, level=WarningLevel.SERIOUS, title=f"预警{i:02d}号")
    page = _page(client, world.city["inspector"], "?sort=opened")
    assert 'class="badge level level-serious"' in page
    assert "预警00号" in page and "预警25号" not in page
    assert "预警25号" in _page(client, world.city["inspector"], "?sort=opened&page=2")


def test_htmx_request_gets_only_the_table(world, client):
    make_warning(world.inst_lanshan, title="兰山预警")
    client.force_login(world.city["inspector"])
    html = client.get("/warnings/?level=warning", HTTP_HX_REQUEST="true").content.decode()
    assert "<table" in html and "<html" not in html and "兰山预警" in html


def test_bad_filter_values_are_not_a_crash(world, client):
    client.force_login(world.city["inspector"])
    assert client.get("/warnings/?county=999999&level=bogus&sort=bogus&status=x").status_code == 200


def test_the_number_of_queries_does_not_grow_with_the_number_of_warnings(world, client):
    supervisor = world.lanshan["lead_supervisor"]
    for inst in (world.inst_lanshan, world.inst_luozhuang):
        inst.lead_supervisor = supervisor
        inst.save(update_fields=["lead_supervisor"])
    client.force_login(world.city["inspector"])

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/warnings/").status_code == 200
        return len(queries)

    make_warning(world.inst_lanshan)
    one = count()
    for i in range(12):
        make_warning(world.inst_lanshan if i % 2 else world.inst_luozhuang)
    assert count() == one
