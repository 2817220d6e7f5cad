import pytest
from django.db import connection

from finsup.audit.models import AuditEntry
from finsup.complaints import services
from finsup.complaints.choices import ComplaintStatus
from finsup.complaints.models import Complaint, ComplaintAttachment, ComplaintStep
from finsup.complaints.selectors import public_complaint_by_code
from finsup.core.errors import ApplicationError, InvalidTransition, PermissionDenied
from finsup.notifications.models import Notification

from .factories import attachment, file_complaint

pytestmark = pytest.mark.django_db(transaction=False)


def test_a_complaint_about_an_institution_goes_to_its_county_and_lead_supervisor(
    world, django_capture_on_commit_callbacks
):
    inst = world.inst_lanshan
    inst.lead_supervisor = world.lanshan["lead_supervisor"]
    inst.save()
    with django_capture_on_commit_callbacks(execute=True):
        c = file_complaint(inst)
    assert c.office == inst.county and c.assigned_to == world.lanshan["lead_supervisor"]
    assert c.status == ComplaintStatus.RECEIVED and len(c.tracking_code) == 14
    assert Notification.objects.filter(user=world.lanshan["lead_supervisor"]).count() == 1
    assert AuditEntry.objects.filter(object_type="complaints.complaint", object_id=str(c.pk)).exists()


def test_without_an_institution_the_city_office_gets_it(world):
    c = file_complaint(None, respondent_name="某投资公司")
    assert c.office.code == "371300" and c.assigned_to is None


def test_identity_is_stored_encrypted_and_anonymity_clears_it(world):
    c = file_complaint(world.inst_lanshan, anonymous=False)
    with connection.cursor() as cur:
        cur.execute("SELECT complainant_phone FROM complaints_complaint WHERE id = %s", [c.pk])
        raw = cur.fetchone()[0]
    assert "13812345678" not in raw and Complaint.objects.get(pk=c.pk).complainant_phone == "13812345678"
    anon = file_complaint(world.inst_lanshan, anonymous=True, name="王小明", phone="13812345678")
    assert anon.complainant_name == "" and anon.complainant_phone == ""


def test_a_named_complaint_needs_a_name_and_a_phone(world):
    with pytest.raises(ApplicationError) as exc:
        file_complaint(world.inst_lanshan, anonymous=False, phone="")
    assert exc.value.field == "phone"
    assert not Complaint.objects.exists()


def test_fundraising_words_flag_a_tip_off(world):
    c = file_complaint(None, kind="tip_off", description="有人以高息为诱饵向村民集资。")
    assert c.illegal_fundraising


def test_attachments_are_stored_with_their_hash(world):
    c = file_complaint(world.inst_lanshan, attachments=[attachment()])
    a = ComplaintAttachment.objects.get(complaint=c)
    assert a.sha256 == attachment().sha256 and a.file.read() == attachment().content


def _handle_to_resolved(c, user, result="经查，王小明反映的问题属实，电话13812345678。"):
    c = services.complaint_transition(complaint=c, to_status="accepted", by=user)
    c = services.complaint_transition(complaint=c, to_status="investigating", by=user)
    return services.complaint_resolve(complaint=c, by=user, result=result)


def test_the_whole_procedure_publishes_a_redacted_result(world):
    c = file_complaint(world.inst_lanshan, anonymous=False)
    sup = world.lanshan["lead_supervisor"]
    c = _handle_to_resolved(c, sup)
    services.complaint_note_add(complaint=c, by=sup, text="内部：已约谈公司负责人")
    c = services.complaint_publish(complaint=c, by=sup)
    assert c.status == ComplaintStatus.PUBLISHED
    assert "王小明" not in c.published_result and "王**" in c.published_result
    assert "13812345678" not in c.published_result and "138****5678" in c.published_result
    public = public_complaint_by_code(c.tracking_code.lower().replace("-", " "))
    assert public.published_result == c.published_result
    assert "内部" not in str(public)
    assert [s.to_status for s in ComplaintStep.objects.filter(complaint=c)] == [
        "received",
        "accepted",
        "investigating",
        "resolved",
        "published",
    ]


def test_the_tracking_page_shows_no_result_before_publication(world):
    c = _handle_to_resolved(file_complaint(world.inst_lanshan), world.lanshan["lead_supervisor"])
    public = public_complaint_by_code(c.tracking_code)
    assert public.published_result == "" and public.status == "resolved"
    assert public_complaint_by_code("AAAA-AAAA-AAAA") is None and public_complaint_by_code("x") is None


def test_refusals_change_nothing(world):
    c = file_complaint(world.inst_lanshan)
    with pytest.raises(PermissionDenied):
        services.complaint_transition(complaint=c, to_status="accepted", by=world.luozhuang["lead_supervisor"])
    with pytest.raises(PermissionDenied):
        services.complaint_transition(complaint=c, to_status="accepted", by=world.lanshan["inspector"])
    with pytest.raises(InvalidTransition):
        services.complaint_transition(complaint=c, to_status="investigating", by=world.lanshan["clerk"])
    with pytest.raises(ApplicationError):
        services.complaint_transition(complaint=c, to_status="declined", by=world.lanshan["clerk"], note=" ")
    with pytest.raises(PermissionDenied):  # clerks handle but do not publish
        c2 = _handle_to_resolved(file_complaint(world.inst_lanshan), world.lanshan["clerk"])
        services.complaint_publish(complaint=c2, by=world.lanshan["clerk"])
    c.refresh_from_db()
    assert c.status == "received" and c.steps.count() == 1


def test_the_city_may_handle_a_county_complaint(world):
    c = file_complaint(world.inst_lanshan)
    c = services.complaint_transition(complaint=c, to_status="accepted", by=world.city["lead_supervisor"])
    assert c.status == "accepted"


def test_a_referral_is_recorded(world):
    import datetime

    c = file_complaint(None, kind="tip_off", description="非法集资")
    sup = world.city["lead_supervisor"]
    services.complaint_transition(complaint=c, to_status="accepted", by=sup)
    r = services.complaint_refer(
        complaint=c, by=sup, body="police", referred_on=datetime.date(2026, 1, 5), note="移送公安"
    )
    assert r.body == "police" and c.referrals.count() == 1
    with pytest.raises(ApplicationError):
        services.complaint_refer(complaint=c, by=sup, body="nobody", referred_on=datetime.date(2026, 1, 5))


def test_every_write_leaves_an_audit_entry(world):
    import datetime

    sup = world.lanshan["lead_supervisor"]
    entries = AuditEntry.objects.count
    before = entries()
    c = file_complaint(world.inst_lanshan)
    c = services.complaint_transition(complaint=c, to_status="accepted", by=sup)
    services.complaint_note_add(complaint=c, by=sup, text="备注")
    services.complaint_refer(complaint=c, by=sup, body="pboc", referred_on=datetime.date(2026, 1, 5))
    c = services.complaint_transition(complaint=c, to_status="investigating", by=sup)
    c = services.complaint_resolve(complaint=c, by=sup, result="处理完毕")
    services.complaint_publish(complaint=c, by=sup)
    assert entries() - before >= 8
    created = AuditEntry.objects.get(object_id=str(c.pk), action="create", object_type="complaints.complaint")
    assert "13812345678" not in str(created.changes)
