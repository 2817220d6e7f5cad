"""Staff pickers offer only those the service accepts for the step: active staff of the right
office(s) and roles, each shown with office and role. The interview form once offered every user
above the institution by bare login name, the auditor and the oversight bodies' users among them."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from finsup.accounts.selectors import staff_label, staff_pick
from finsup.core.errors import ApplicationError
from finsup.inspections import services as s
from finsup.inspections.errors import Code
from tests import factories as f
from tests.conftest import LANSHAN

from .helpers import new_inspection


def _options(html: str, name: str) -> dict[str, str]:
    """The options of the select `name`: value → text (the empty choice left out)."""
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S).group(1)
    return {v: t.strip() for v, t in re.findall(r'<option value="([^"]+)"[^>]*>([^<]*)</option>', select)}


def test_the_interview_form_offers_the_staff_over_the_institution_who_may_take_each_part(world, client):
    retired = f.make_user("lanshan_retired", "inspector", LANSHAN, is_active=False)
    client.force_login(world.lanshan["lead_supervisor"])
    html = client.get(reverse("measures:interview_new", args=[world.inst_lanshan.pk])).content.decode()
    leads, recorders = _options(html, "lead_interviewer"), _options(html, "recorder")

    runners = {world.lanshan[r] for r in ("leader", "lead_supervisor", "inspector")}
    runners |= {world.city[r] for r in ("leader", "lead_supervisor", "inspector")}
    assert set(leads) == {str(u.pk) for u in runners}
    assert set(recorders) == set(leads) | {str(world.lanshan["clerk"].pk), str(world.city["clerk"].pk)}
    never = [world.lanshan["auditor"], world.lanshan["oversight"], world.city["auditor"], world.city["oversight"]]
    never += [world.luozhuang["inspector"], world.clerk_lanshan_inst, retired]
    assert not {str(u.pk) for u in never} & set(recorders)
    # Each named with office and role, never by login name alone.
    inspector = world.lanshan["inspector"]
    assert leads[str(inspector.pk)] == f"{inspector.display_name}（{inspector.office.short_name}，检查人员）"
    assert all("（" in text and "，" in text for text in recorders.values())


def test_the_service_refuses_whom_the_picker_leaves_out(world):
    base = {
        "by": world.lanshan["lead_supervisor"],
        "institution": world.inst_lanshan,
        "interviewees": "董事长",
        "place": "兰山区金融办",
        "reasons": "报表迟报",
        "outline": "一、迟报原因",
        "scheduled_at": timezone.now(),
    }
    for lead, recorder in (
        (world.lanshan["auditor"], world.lanshan["clerk"]),
        (world.city["oversight"], world.lanshan["clerk"]),
        (world.lanshan["clerk"], world.lanshan["inspector"]),  # a clerk records, does not lead
        (world.lanshan["inspector"], world.lanshan["auditor"]),
    ):
        with pytest.raises(ApplicationError) as refused:
            s.interview_create(lead_interviewer=lead, recorder=recorder, **base)
        assert refused.value.code == Code.STAFF_REQUIRED
    interview = s.interview_create(lead_interviewer=world.lanshan["inspector"], recorder=world.lanshan["clerk"], **base)
    assert interview.recorder == world.lanshan["clerk"]


def test_the_team_picker_offers_the_conducting_offices_inspectors_and_lead_supervisors(world, client):
    inspection = new_inspection(world.lanshan["lead_supervisor"], world.inst_lanshan)
    client.force_login(world.lanshan["lead_supervisor"])
    html = client.get(reverse("inspections:detail", args=[inspection.pk])).content.decode()
    members = _options(html, "user")
    assert set(members) == {str(world.lanshan["inspector"].pk), str(world.lanshan["lead_supervisor"].pk)}
    inspector = world.lanshan["inspector"]
    assert members[str(inspector.pk)] == f"{inspector.display_name}（{inspector.office.short_name}，检查人员）"


def test_staff_pick_never_yields_an_auditor_an_oversight_user_or_an_institution_user(world):
    offices = [world.lanshan["leader"].office, world.city["leader"].office]
    everyone = staff_pick(offices=offices, roles=["leader", "auditor", "oversight", "institution", "clerk"])
    assert {u.role for u in everyone} == {"leader", "clerk"}
    assert staff_label(world.city["leader"]).startswith(world.city["leader"].display_name + "（")


def test_the_accountability_and_registry_pickers_name_office_and_role(world, client):
    client.force_login(world.city["leader"])
    html = client.get(reverse("accountability:case_open")).content.decode()
    subjects = _options(html, "subject_user")
    clerk = world.lanshan["clerk"]
    assert subjects[str(clerk.pk)] == f"{clerk.display_name}（{clerk.office.short_name}，经办人员）"
    html = client.get(reverse("institutions:edit", args=[world.inst_lanshan.pk])).content.decode()
    supervisors = _options(html, "lead_supervisor")
    assert str(world.lanshan["lead_supervisor"].pk) in supervisors and str(clerk.pk) not in supervisors
    assert all("主监管员" in text for text in supervisors.values())
