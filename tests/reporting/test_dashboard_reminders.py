"""Reminders in the platform, derived from deadlines: the institution's dashboard lists missing
reports; the county's shows filings waiting for review."""

import datetime

from finsup.reporting import services
from tests import factories as f

from .helpers import Q1_2026, pc_figures


def test_institution_dashboard_lists_missing_reports(world, client, settings):
    settings.FINSUP_REPORTING_START = datetime.date(2026, 1, 1)
    client.force_login(world.clerk_lanshan_inst)  # a microloan company: monthly reports
    html = client.get("/dashboard/").content.decode()
    assert "小额贷款公司业务状况月报表" in html and "未报送" in html


def test_county_dashboard_counts_filings_waiting(world, client):
    inst = f.make_institution(
        "371302",
        kind="private_capital",
        established_on=datetime.date(2018, 1, 1),
        approved_on=datetime.date(2018, 1, 1),
    )
    clerk = f.make_user("pc_dash", "institution", institution=inst)
    services.submission_file(
        by=clerk, institution=inst, report_code="pc_quarterly", period=Q1_2026, raw=pc_figures(), channel="web"
    )
    client.force_login(world.lanshan["lead_supervisor"])
    response = client.get("/dashboard/")
    assert response.context["queue"]["waiting"] == 1
    client.force_login(world.luozhuang["lead_supervisor"])
    assert client.get("/dashboard/").context["queue"]["waiting"] == 0
