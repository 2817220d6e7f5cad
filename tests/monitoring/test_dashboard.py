from finsup.monitoring.choices import WarningLevel, WarningStatus
from finsup.monitoring.services import warning_transition
from tests import factories as f

from .factories import make_warning


def test_the_dashboard_renders_for_every_role(world, client):
    make_warning(world.inst_lanshan)
    users = [*world.city.values(), *world.lanshan.values(), *world.luozhuang.values(), world.clerk_lanshan_inst]
    for user in users:
        client.force_login(user)
        response = client.get("/dashboard/")
        if user.is_oversight_user:  # no dashboard: sent on to the cases it may read
            assert response.url == "/accountability/cases/", user
            continue
        assert response.status_code == 200, user
        html = response.content.decode()
        assert ('data-chart="warningsCounty"' in html) == (not user.is_institution_user), user
        assert 'data-chart="county"' in html or user.is_institution_user


def test_open_warnings_are_counted_by_county_level_and_kind(world, client):
    supervisor = world.lanshan["lead_supervisor"]
    world.inst_lanshan.lead_supervisor = supervisor
    world.inst_lanshan.save(update_fields=["lead_supervisor"])
    guarantee = f.make_institution("371311", kind="guarantee")
    make_warning(world.inst_lanshan, level=WarningLevel.CRITICAL)
    make_warning(world.inst_lanshan, level=WarningLevel.CRITICAL)
    make_warning(world.inst_luozhuang, level=WarningLevel.INFO)
    make_warning(guarantee, level=WarningLevel.SERIOUS)
    closed = make_warning(world.inst_lanshan, level=WarningLevel.INFO)
    warning_transition(warning=closed, to_status=WarningStatus.CLOSED, by=world.city["leader"], reason="误报")

    client.force_login(world.city["leader"])
    context = client.get("/dashboard/").context
    warnings, chart = context["warnings"], context["chart"]
    assert warnings["open"] == 4 and warnings["mine"] == 0
    by_level = {s["level"]: s["data"] for s in chart["warnings"]["by_county"]}
    lanshan, luozhuang = chart["counties"].index("兰山区"), chart["counties"].index("罗庄区")
    assert by_level["critical"][lanshan] == 2 and by_level["info"][lanshan] == 0
    assert by_level["info"][luozhuang] == 1 and by_level["serious"][luozhuang] == 1
    assert sum(d["value"] for d in chart["warnings"]["by_kind"]) == 4

    client.force_login(supervisor)
    warnings = client.get("/dashboard/").context["warnings"]
    assert warnings["open"] == 2 and warnings["mine"] == 2
