import datetime

import pytest

from finsup.audit.models import AuditEntry
from finsup.monitoring.choices import WarningStatus
from finsup.monitoring.models import WarningEvent

from .factories import make_filing, make_warning


def _transition(client, warning, to_status, reason):
    return client.post(f"/warnings/{warning.pk}/transition/", {"to_status": to_status, "reason": reason})


def test_detail_shows_the_warning_and_its_history(world, client):
    warning = make_warning(
        world.inst_lanshan,
        title="融资余额超限",
        detail="融资余额为注册资本的3.4倍",
        rule_id="pcm.funding_limit",
        citation="《山东省民间融资机构管理暂行办法》第十条",
    )
    client.force_login(world.lanshan["leader"])
    _transition(client, warning, WarningStatus.ACKNOWLEDGED, "已通知机构负责人")
    client.force_login(world.city["inspector"])
    html = client.get(f"/warnings/{warning.pk}/").content.decode()
    for text in ("融资余额超限", "融资余额为注册资本的3.4倍", "pcm.funding_limit", "第十条", world.inst_lanshan.name):
        assert text in html
    assert "已通知机构负责人" in html and "lanshan_leader" in html
    assert world.inst_lanshan.get_absolute_url() in html
    assert 'name="reason"' not in html  # an inspector may read but not handle


def test_detail_of_a_warning_with_a_filing(world, client):
    filing = make_filing(world.inst_lanshan, period_end=datetime.date(2026, 3, 31), by=world.city["clerk"])
    warning = make_warning(world.inst_lanshan, submission=filing, report_code=filing.report_code)
    client.force_login(world.city["leader"])
    response = client.get(f"/warnings/{warning.pk}/")
    assert response.status_code == 200
    assert filing.report_code in response.content.decode()


def test_a_warning_moves_open_acknowledged_rectifying_closed_recording_who_and_why(world, client):
    warning = make_warning(world.inst_lanshan)
    steps = [
        (world.lanshan["lead_supervisor"], WarningStatus.ACKNOWLEDGED, "已签收，约谈机构负责人"),
        (world.lanshan["lead_supervisor"], WarningStatus.RECTIFYING, "下发整改通知书"),
        (world.city["leader"], WarningStatus.CLOSED, "整改报告已核实"),
    ]
    for user, to_status, reason in steps:
        client.force_login(user)
        response = _transition(client, warning, to_status, reason)
        assert response.status_code == 302 and response["Location"] == f"/warnings/{warning.pk}/"
        page = client.get(response["Location"]).content.decode()
        assert str(WarningStatus(to_status).label) in page
    warning.refresh_from_db()
    assert warning.status == WarningStatus.CLOSED and warning.closed_at is not None
    events = list(WarningEvent.objects.filter(warning=warning).order_by("at", "pk"))
    assert [(e.from_status, e.to_status) for e in events] == [
        ("", "open"),
        ("open", "acknowledged"),
        ("acknowledged", "rectifying"),
        ("rectifying", "closed"),
    ]
    assert [(e.by, e.reason) for e in events[1:]] == [(user, reason) for user, _, reason in steps]
    audit = AuditEntry.objects.filter(object_type="monitoring.riskwarning", object_id=str(warning.pk), action="status")
    assert [(a.actor, a.changes["status"]) for a in audit.order_by("seq")] == [
        (world.lanshan["lead_supervisor"], ["open", "acknowledged"]),
        (world.lanshan["lead_supervisor"], ["acknowledged", "rectifying"]),
        (world.city["leader"], ["rectifying", "closed"]),
    ]


def _nothing_changed(warning, status, events):
    warning.refresh_from_db()
    assert warning.status == status
    assert WarningEvent.objects.filter(warning=warning).count() == events


def test_a_closed_warning_cannot_reopen_and_the_form_says_why_in_chinese(world, client):
    warning = make_warning(world.inst_lanshan)
    client.force_login(world.city["leader"])
    _transition(client, warning, WarningStatus.CLOSED, "误报")
    response = _transition(client, warning, WarningStatus.OPEN, "重新打开")
    assert response.status_code == 200
    html = response.content.decode()
    assert "“已关闭”" in html and "不能变更为" in html and "“待处理”" in html
    _nothing_changed(warning, WarningStatus.CLOSED, 2)


def test_a_step_not_allowed_from_open_is_refused(world, client):
    warning = make_warning(world.inst_lanshan)
    client.force_login(world.city["leader"])
    response = _transition(client, warning, WarningStatus.RECTIFYING, "直接整改")
    assert "不能变更为" in response.content.decode()
    _nothing_changed(warning, WarningStatus.OPEN, 1)


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_step_needs_a_reason(world, client, reason):
    warning = make_warning(world.inst_lanshan)
    client.force_login(world.lanshan["lead_supervisor"])
    response = _transition(client, warning, WarningStatus.ACKNOWLEDGED, reason)
    assert response.status_code == 200
    html = response.content.decode()
    assert "这个字段是必填项" in html and 'name="reason"' in html
    _nothing_changed(warning, WarningStatus.OPEN, 1)


def test_who_may_not_handle_gets_404_and_nothing_changes(world, client):
    warning = make_warning(world.inst_lanshan)
    for user in (
        world.city["inspector"],
        world.lanshan["clerk"],
        world.lanshan["auditor"],
        world.luozhuang["lead_supervisor"],
        world.luozhuang["leader"],
        world.clerk_lanshan_inst,
    ):
        client.force_login(user)
        assert _transition(client, warning, WarningStatus.ACKNOWLEDGED, "签收").status_code == 404, user
    _nothing_changed(warning, WarningStatus.OPEN, 1)


def test_institution_users_get_404_on_every_warning_page(world, client):
    warning = make_warning(world.inst_lanshan)
    client.force_login(world.clerk_lanshan_inst)
    for url in (
        "/warnings/",
        f"/warnings/{warning.pk}/",
        f"/warnings/institutions/{world.inst_lanshan.pk}/indicators/",
    ):
        assert client.get(url).status_code == 404, url
    page = client.get(f"/institutions/{world.inst_lanshan.pk}/?tab=warnings").content.decode()
    assert warning.title not in page and 'href="?tab=warnings"' not in page


def test_the_institution_page_has_a_warnings_tab_for_staff(world, client):
    warning = make_warning(world.inst_lanshan, title="兰山机构预警")
    make_warning(world.inst_luozhuang, title="罗庄机构预警")
    client.force_login(world.lanshan["clerk"])
    url = f"/institutions/{world.inst_lanshan.pk}/"
    overview = client.get(url).content.decode()
    assert "?tab=warnings" in overview and f"/warnings/institutions/{world.inst_lanshan.pk}/indicators/" in overview
    tab = client.get(url + "?tab=warnings").content.decode()
    assert "兰山机构预警" in tab and warning.get_absolute_url() in tab and "罗庄机构预警" not in tab
    for other_tab in ("overview", "shareholders", "people", "related", "status", "history"):
        assert client.get(f"{url}?tab={other_tab}").status_code == 200
