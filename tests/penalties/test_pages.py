"""The case pages: the list, the steps as forms, the deadlines with the overdue in red."""

import datetime

import pytest

from finsup.penalties.choices import CaseStatus, PaperKind
from finsup.penalties.models import PenaltyCase

from .helpers import notified, opened, paper


@pytest.fixture(autouse=True)
def _pdf(fake_pdf):
    return fake_pdf


def test_the_list_and_the_proposal_form(world, clock, client_for):
    client = client_for(world.lanshan["inspector"])
    answer = client.post(
        "/penalties/new/",
        {
            "institution": world.inst_lanshan.pk,
            "facts": "未按规定报送月度报表",
            "rule_breached": "《山东省地方金融条例》第三十一条",
            "penalty": "sd_fin_51",
        },
    )
    case = PenaltyCase.objects.get()
    assert answer.status_code == 302 and answer["Location"] == f"/penalties/{case.pk}/"
    listing = client.get("/penalties/").content.decode()
    assert world.inst_lanshan.name in listing and str(CaseStatus.PROPOSED.label) in listing
    assert client_for(world.luozhuang["inspector"]).get(f"/penalties/{case.pk}/").status_code == 404


def test_a_fine_outside_the_range_is_shown_on_the_notice_form(world, clock, client_for):
    case = opened(world, world.inst_lanshan)
    client = client_for(world.lanshan["inspector"])
    answer = client.post(f"/penalties/{case.pk}/notice/", {"penalty": "sd_fin_51", "fine": "4", "defence_days": "5"})
    page = answer.content.decode()
    assert answer.status_code == 400 and "1万元以上3万元以下" in page
    assert not case.papers.filter(kind=PaperKind.PRIOR_NOTICE).exists()
    answer = client.post(f"/penalties/{case.pk}/notice/", {"penalty": "sd_fin_51", "fine": "2", "defence_days": "5"})
    assert answer.status_code == 302 and case.papers.filter(kind=PaperKind.PRIOR_NOTICE).exists()


def test_the_case_page_shows_what_is_due_and_the_overdue_in_red(world, clock, client_for):
    case = notified(world, opened(world, world.inst_lanshan), fine=20000, served_on=datetime.date(2026, 12, 1))
    page = client_for(world.lanshan["leader"]).get(f"/penalties/{case.pk}/").content.decode()
    assert "2026-12-08" in page and "2027-03-01" in page  # statement and defence; the decision (Art. 60)
    assert "deadline-overdue" not in page
    assert f"/penalties/{case.pk}/decide/" not in page  # no decision drafted and checked yet
    clock.on("2027-03-02")
    page = client_for(world.lanshan["leader"]).get(f"/penalties/{case.pk}/").content.decode()
    assert page.count('class="deadline-overdue"') == 1
    # The inspector sees no leader's step.
    page = client_for(world.lanshan["inspector"]).get(f"/penalties/{case.pk}/").content.decode()
    assert f"/penalties/{case.pk}/decide/" not in page and f"/penalties/{case.pk}/statement/" in page
    assert f"/penalties/{case.pk}/decision/" in page
    assert paper(case, PaperKind.PRIOR_NOTICE).served_on == datetime.date(2026, 12, 1)


def test_what_waits_for_the_leader_and_the_inspector(world, clock):
    from finsup.notifications.waiting import waiting_for
    from finsup.penalties import services

    from .helpers import FACTS, RULE

    services.case_propose(
        by=world.lanshan["inspector"],
        institution=world.inst_lanshan,
        facts=FACTS,
        rule_breached=RULE,
        penalty="sd_fin_51",
    )
    opened(world, world.inst_lanshan)
    leader = {i.url: i.count for i in waiting_for(world.lanshan["leader"])}
    assert leader["/penalties/?status=proposed"] == 1
    clock.on("2027-03-02")  # 91 days after the opening, no decision (第六十条)
    inspector = {i.url: (i.count, i.overdue) for i in waiting_for(world.lanshan["inspector"])}
    assert inspector["/penalties/?open=1"] == (2, 1)  # the proposal too; late: the opened one
    assert not [i for i in waiting_for(world.luozhuang["leader"]) if i.url.startswith("/penalties/")]


def test_the_notice_is_checked_and_signed_off_on_the_case_page(world, clock, client_for):
    from decimal import Decimal

    from finsup.documents.models import OfficialDocument
    from finsup.penalties import services

    case = opened(world, world.inst_lanshan)
    services.case_notice_prepare(by=world.lanshan["inspector"], case=case, penalty="sd_fin_51", fine=Decimal(20000))
    notice = paper(case, PaperKind.PRIOR_NOTICE)
    body = {"paper": notice.pk}
    # The inspector may neither check nor sign off: the routes are not theirs (404), nothing changes.
    assert client_for(world.lanshan["inspector"]).post(f"/penalties/{case.pk}/issue/", body).status_code == 404
    page = client_for(world.lanshan["lead_supervisor"]).get(f"/penalties/{case.pk}/").content.decode()
    assert f"/penalties/{case.pk}/check/" in page
    assert client_for(world.lanshan["lead_supervisor"]).post(f"/penalties/{case.pk}/check/", body).status_code == 302
    # A leader of the city is refused with the documents' reason, on the page; nothing is numbered.
    refused = client_for(world.city["leader"]).post(f"/penalties/{case.pk}/issue/", body)
    assert refused.status_code == 400 and world.lanshan["leader"].office.name in refused.content.decode()
    assert not OfficialDocument.objects.filter(status="final").exists()
    assert client_for(world.lanshan["leader"]).post(f"/penalties/{case.pk}/issue/", body).status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.NOTIFIED
