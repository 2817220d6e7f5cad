"""The province decides what the city asked of it (issue 18): a revocation or a V(2) rating. Its
decision is its own (user, office), audited, and flows back to the city, the county and the
institution; a refusal changes nothing."""

import pytest

from finsup.audit.models import AuditEntry
from finsup.core.errors import ApplicationError, InvalidTransition, PermissionDenied
from finsup.inspections import services as s
from finsup.inspections.choices import MeasureKind, ProvinceOutcome
from finsup.inspections.models import ProvinceDecision
from finsup.inspections.selectors import measures_awaiting_province
from finsup.institutions.choices import InstitutionStatus
from finsup.notifications.models import Notification
from finsup.notifications.waiting import waiting_for

from .helpers import requested


def _waiting(user, label_part):
    return sum(item.count for item in waiting_for(user) if label_part in item.url)


def test_a_request_reaches_the_province_once_signed_off(world, province):
    measure = requested(world.city["leader"], world.inst_lanshan, sign=False)
    assert not measures_awaiting_province(actor=province["leader"]).exists()
    from tests.documents.issuing import sign_all_open

    sign_all_open()
    assert list(measures_awaiting_province(actor=province["leader"])) == [measure]
    assert _waiting(province["leader"], "/measures/province/") == 1
    # The province's leaders do not decide the counties' and the city's own proposals.
    assert not any("status=proposed" in item.url for item in waiting_for(province["leader"]))


def test_the_province_approves_a_revocation_and_it_flows_back(world, province, django_capture_on_commit_callbacks):
    measure = requested(world.city["leader"], world.inst_lanshan)
    leader = province["leader"]
    with django_capture_on_commit_callbacks(execute=True):
        decision = s.measure_province_decide(
            by=leader, measure=measure, outcome=ProvinceOutcome.APPROVED, reasons="经省级联席会议讨论，同意取消。"
        )
    assert (decision.decided_by, decision.office.code) == (leader, "370000")
    world.inst_lanshan.refresh_from_db()
    assert world.inst_lanshan.status == InstitutionStatus.REVOKED
    entry = AuditEntry.objects.filter(object_type="inspections.provincedecision").get()
    assert entry.changes["outcome"] == [None, "approved"] and entry.changes["office"] == [None, "370000"]
    notified = set(Notification.objects.filter(key=f"province-decision:{decision.pk}").values_list("user", flat=True))
    for user in (world.city["leader"], world.lanshan["leader"], world.lanshan["lead_supervisor"]):
        assert user.pk in notified
    assert world.clerk_lanshan_inst.pk in notified
    assert world.luozhuang["leader"].pk not in notified
    assert not measures_awaiting_province(actor=leader).exists()


def test_a_v2_refused_changes_nothing_in_the_registry(world, province):
    measure = requested(world.city["leader"], world.inst_lanshan, kind=MeasureKind.RATING_V2)
    s.measure_province_decide(
        by=province["leader"], measure=measure, outcome=ProvinceOutcome.REFUSED, reasons="整改已见成效，暂不列入。"
    )
    world.inst_lanshan.refresh_from_db()
    assert world.inst_lanshan.status == InstitutionStatus.OPERATING
    assert measure.province_decisions.get().outcome == ProvinceOutcome.REFUSED


def test_refusals_are_in_chinese_and_change_nothing(world, province):
    measure = requested(world.city["leader"], world.inst_lanshan)
    before = AuditEntry.objects.count()
    cases = [
        (world.city["leader"], ProvinceOutcome.APPROVED, "同意", PermissionDenied, "省金融办"),
        (province["lead_supervisor"], ProvinceOutcome.APPROVED, "同意", PermissionDenied, "省金融办领导"),
        (province["leader"], ProvinceOutcome.APPROVED, " ", ApplicationError, "理由"),
        (province["leader"], "maybe", "同意", ApplicationError, "是否同意"),
    ]
    for by, outcome, reasons, error, text in cases:
        with pytest.raises(error, match=text):
            s.measure_province_decide(by=by, measure=measure, outcome=outcome, reasons=reasons)
    assert not ProvinceDecision.objects.exists() and AuditEntry.objects.count() == before
    s.measure_province_decide(by=province["leader"], measure=measure, outcome=ProvinceOutcome.REFUSED, reasons="否")
    with pytest.raises(InvalidTransition, match="已"):
        s.measure_province_decide(
            by=province["leader"], measure=measure, outcome=ProvinceOutcome.APPROVED, reasons="是"
        )
    assert ProvinceDecision.objects.count() == 1


def test_a_measure_the_city_takes_itself_is_not_the_province_s(world, province):
    measure = s.measure_propose(by=None, institution=world.inst_lanshan, kind=MeasureKind.WARNING, proposal="提示")
    s.measure_decide(by=world.city["leader"], measure=measure, reasons="违规", basis="条例")
    with pytest.raises(ApplicationError, match="省"):
        s.measure_province_decide(by=province["leader"], measure=measure, outcome="approved", reasons="同意")


def test_the_pages_show_and_take_the_province_s_decision(world, province, client):
    measure = requested(world.city["leader"], world.inst_lanshan, kind=MeasureKind.RATING_V2)
    url = f"/supervision/measures/{measure.pk}/"
    client.force_login(province["leader"])
    page = client.get("/supervision/measures/province/").content.decode()
    assert url in page
    assert f'action="/supervision/measures/{measure.pk}/province/"' in client.get(url).content.decode()
    refused = client.post(f"{url}province/", {"outcome": "approved", "reasons": ""})
    assert refused.status_code == 400 and not ProvinceDecision.objects.exists()
    done = client.post(f"{url}province/", {"outcome": "approved", "reasons": "同意列入V(2)级。"})
    assert done.status_code == 302
    for user in (world.city["leader"], world.lanshan["inspector"]):
        client.force_login(user)
        page = client.get(url).content.decode()
        assert "同意列入V(2)级。" in page and 'province/"' not in page  # shown, no form below the province
    client.force_login(world.luozhuang["leader"])
    assert client.get(url).status_code == 404
