"""An oversight body reads, read-only, the records linked to a case it holds (issue 16, no dead
ends): the institution and the filing a case links open for it, audited; anything else of the
office's registry still answers 404, and so does any write. Links are shown only to whoever may
follow them (the `may_open` filter asks the target view's own question)."""

import datetime

import pytest
from django.template import Context, Template

from finsup.accountability.services import case_open, transfer_send
from finsup.audit.choices import AuditAction
from finsup.audit.models import AuditEntry
from finsup.institutions.choices import InstitutionKind
from finsup.reporting import services as reporting_services
from finsup.reporting.models import Submission
from tests import factories as f
from tests.reporting.helpers import Q1_2026, Q2_2026, pc_figures

pytestmark = pytest.mark.django_db


@pytest.fixture
def bodies(world):
    return {
        "discipline": f.make_user("jiwei_r", "oversight", "371300", oversight_body="discipline"),
        "procuratorate": f.make_user("jianchayuan_r", "oversight", "371300", oversight_body="procuratorate"),
        "police": f.make_user("gongan_r", "oversight", "371300", oversight_body="police"),
    }


@pytest.fixture
def case(world):
    """A case of the city against Lanshan's lead supervisor, linking the Lanshan institution, sent
    to the procuratorate."""
    case = case_open(
        by=world.city["leader"],
        data={
            "subject_kind": "staff",
            "subject_user": world.lanshan["lead_supervisor"],
            "title": "未按月检查",
            "allegation": "连续两月未开展现场检查",
            "items": [8],
            "sources": [f"institutions.institution:{world.inst_lanshan.pk}"],
        },
    )
    transfer_send(case=case, by=world.city["leader"], to_body="procuratorate", reason="移送检察院")
    return case


@pytest.mark.parametrize("body", ["discipline", "procuratorate"])
def test_a_body_holding_the_case_reads_the_linked_institution_and_the_read_is_audited(
    world, bodies, case, client, body
):
    client.force_login(bodies[body])
    before = AuditEntry.objects.filter(action=AuditAction.READ).count()
    page = client.get(f"/institutions/{world.inst_lanshan.pk}/")
    assert page.status_code == 200 and world.inst_lanshan.name in page.content.decode()
    read = AuditEntry.objects.filter(action=AuditAction.READ).order_by("-seq")
    assert read.count() == before + 1
    assert (read[0].object_type, read[0].object_id, read[0].actor_id) == (
        "institutions.institution",
        str(world.inst_lanshan.pk),
        bodies[body].pk,
    )
    # Nothing the case does not link: the other institution, the registry's list, a change.
    assert client.get(f"/institutions/{world.inst_luozhuang.pk}/").status_code == 404
    assert client.get("/institutions/").status_code == 404
    assert client.get(f"/institutions/{world.inst_lanshan.pk}/edit/").status_code == 404
    assert client.post(f"/institutions/{world.inst_lanshan.pk}/", {}).status_code in (404, 405)


def test_a_body_the_case_was_never_sent_to_reads_nothing_through_it(world, bodies, case, client):
    client.force_login(bodies["police"])
    assert client.get(f"/institutions/{world.inst_lanshan.pk}/").status_code == 404
    assert not AuditEntry.objects.filter(action=AuditAction.READ).exists()


def test_a_linked_filing_opens_for_the_body_and_an_unlinked_one_does_not(world, bodies, client):
    inst = f.make_institution(
        "371302",
        kind=InstitutionKind.PRIVATE_CAPITAL,
        name="兰山区案卷民间资本管理股份有限公司",
        approved_on=datetime.date(2018, 1, 1),
    )
    clerk = f.make_user("pc_case_clerk", "institution", institution=inst)

    def filed(period):
        return reporting_services.submission_file(
            by=clerk, institution=inst, report_code="pc_quarterly", period=period, raw=pc_figures(), channel="web"
        )

    linked, other = filed(Q1_2026), filed(Q2_2026)
    case_open(
        by=world.city["leader"],
        data={
            "subject_kind": "staff",
            "subject_user": world.lanshan["clerk"],
            "title": "逾期审核",
            "allegation": "报表逾期审核",
            "items": [8],
            "sources": [f"reporting.submission:{linked.pk}"],
        },
    )
    client.force_login(bodies["discipline"])
    assert client.get(f"/filings/{linked.pk}/").status_code == 200
    assert client.get(f"/filings/{other.pk}/").status_code == 404
    assert Submission.objects.count() == 2


def test_may_open_shows_a_link_only_to_whoever_may_follow_it(world, bodies, case):
    template = Template("{% if url|may_open:user %}link{% else %}text{% endif %}")
    lanshan = f"/institutions/{world.inst_lanshan.pk}/"
    luozhuang = f"/institutions/{world.inst_luozhuang.pk}/"

    def shown(user, url):
        return template.render(Context({"url": url, "user": user}))

    assert shown(bodies["procuratorate"], lanshan) == "link"  # linked to a case it holds
    assert shown(bodies["procuratorate"], luozhuang) == "text"
    assert shown(bodies["police"], lanshan) == "text"
    assert shown(world.lanshan["clerk"], lanshan) == "link"
    assert shown(world.lanshan["clerk"], luozhuang) == "text"  # another county's institution
    assert shown(world.clerk_lanshan_inst, "/audit/") == "text"  # the role lacks the action
    assert shown(world.lanshan["leader"], "/audit/") == "link"
    assert shown(world.lanshan["clerk"], "/no/such/page/") == "text"
    # Reading a link's target writes nothing to the audit trail; only opening it does.
    assert not AuditEntry.objects.filter(action=AuditAction.READ).exists()


def test_the_institution_page_read_through_a_case_links_nowhere_the_body_may_not_go(world, bodies, case, client):
    inst = world.inst_lanshan
    staff_only = [f"/supervision/institutions/{inst.pk}/timeline/", f"/warnings/institutions/{inst.pk}/indicators/"]
    client.force_login(world.lanshan["clerk"])
    page = client.get(f"/institutions/{inst.pk}/").content.decode()
    assert all(f'href="{url}"' in page for url in staff_only)
    client.force_login(bodies["procuratorate"])
    page = client.get(f"/institutions/{inst.pk}/").content.decode()
    assert not any(f'href="{url}"' in page for url in staff_only)
    assert f'href="/inspections/?institution={inst.pk}"' not in page
