"""The register of documents (发文登记簿), a document's page, and delivery (送达): electronic at
sign-off, acknowledged once by the institution; on paper with a receipt of service."""

from __future__ import annotations

import datetime
from io import BytesIO

import pytest
from openpyxl import load_workbook

from finsup.audit.models import AuditEntry
from finsup.core import clock
from finsup.core.errors import ApplicationError
from finsup.documents import delivery, services
from finsup.documents.choices import DeliveryMethod, DocumentKind, DocumentStatus
from finsup.documents.models import DocumentDelivery, OfficialDocument
from finsup.notifications.models import Notification
from finsup.notifications.waiting import waiting_for

from .issuing import checked, signed_off
from .samples import SAMPLES

SIGNED = datetime.datetime(2026, 11, 10, 2, 0, tzinfo=datetime.UTC)  # 10:00 in Linyi


@pytest.fixture
def draft(world, offices, fake_pdf):
    _, lanshan = offices

    def make(kind=DocumentKind.OPINION_LETTER, **context):
        return services.document_draft(
            kind=kind,
            office=lanshan,
            institution=world.inst_lanshan,
            context={**SAMPLES[kind], **context},
            by=world.lanshan["inspector"],
        )

    return make


def test_sign_off_delivers_in_the_platform_and_tells_the_institution(world, draft, django_capture_on_commit_callbacks):
    with clock.at(SIGNED), django_capture_on_commit_callbacks(execute=True):
        final = signed_off(draft(), by=world.lanshan["leader"])
    sent = DocumentDelivery.objects.get(document=final)
    assert (sent.method, sent.institution, sent.delivered_at, sent.acknowledged_at) == (
        DeliveryMethod.ELECTRONIC,
        world.inst_lanshan,
        SIGNED,
        None,
    )
    note = Notification.objects.get(user=world.clerk_lanshan_inst)
    assert final.number in note.title and note.url == f"/documents/{final.pk}/"


def test_internal_records_and_letters_to_another_addressee_are_not_delivered(world, draft):
    report = signed_off(draft(DocumentKind.INSPECTION_REPORT))
    elsewhere = signed_off(draft(addressee="临沂市金融工作办公室"))
    assert not DocumentDelivery.objects.filter(document__in=[report, elsewhere]).exists()


def test_the_institution_acknowledges_once_with_the_time_audited(world, draft):
    final = signed_off(draft())
    sent = final.deliveries.get()
    later = SIGNED + datetime.timedelta(days=1)
    with clock.at(later):
        delivery.delivery_acknowledge(delivery=sent, by=world.clerk_lanshan_inst)
    sent.refresh_from_db()
    assert (sent.acknowledged_at, sent.acknowledged_by) == (later, world.clerk_lanshan_inst)
    assert AuditEntry.objects.filter(object_type="documents.documentdelivery", action="update").count() == 1
    with pytest.raises(ApplicationError, match="已于.*签收"):
        delivery.delivery_acknowledge(delivery=sent, by=world.clerk_lanshan_inst)
    for stranger in (world.clerk_luozhuang_inst, world.lanshan["leader"]):
        with pytest.raises(ApplicationError):
            delivery.delivery_acknowledge(delivery=sent, by=stranger)
    sent.refresh_from_db()
    assert sent.acknowledged_at == later


def test_paper_delivery_is_recorded_by_staff_after_sign_off(world, draft):
    with clock.at(SIGNED):
        final = signed_off(draft())
    inspector = world.lanshan["inspector"]
    at = final.finalised_at + datetime.timedelta(hours=2)
    paper = delivery.delivery_record_paper(
        document=final, by=inspector, recipient_name="张三", place="公司办公室", delivered_at=at
    )
    assert (paper.method, paper.recipient_name, paper.delivered_at) == (DeliveryMethod.PAPER, "张三", at)
    with pytest.raises(ApplicationError, match="签收人"):
        delivery.delivery_record_paper(document=final, by=inspector, recipient_name=" ", place="", delivered_at=at)
    with pytest.raises(ApplicationError):
        delivery.delivery_record_paper(document=draft(), by=inspector, recipient_name="张三", place="", delivered_at=at)
    with pytest.raises(ApplicationError):  # an auditor reads only
        delivery.delivery_record_paper(
            document=final, by=world.lanshan["auditor"], recipient_name="张三", place="", delivered_at=at
        )


def test_the_register_lists_the_latest_version_of_each_series_with_filters(world, draft, client_for):
    final = signed_off(draft())
    first = draft(DocumentKind.RECTIFICATION_NOTICE)
    revised = services.document_revise(
        document=first, context=SAMPLES[DocumentKind.RECTIFICATION_NOTICE], by=first.created_by
    )
    client = client_for(world.lanshan["clerk"])
    page = client.get("/documents/")
    assert page.status_code == 200
    rows = list(page.context["documents"])
    assert {d.pk for d in rows} == {final.pk, revised.pk}
    html = page.content.decode()
    assert final.number in html and "已签发" in html and "待签收" in html and "草稿" in html
    assert {d.pk for d in client.get("/documents/?status=final").context["documents"]} == {final.pk}
    assert {d.pk for d in client.get("/documents/?kind=rectification_notice").context["documents"]} == {revised.pk}
    number_typed = final.number.replace("〔", "[").replace("〕", "]")
    assert {d.pk for d in client.get("/documents/", {"q": number_typed}).context["documents"]} == {final.pk}
    assert {d.pk for d in client.get("/documents/?year=2026").context["documents"]} == {final.pk, revised.pk}
    book = load_workbook(BytesIO(client.get("/documents/?export=xlsx").content))
    sheet = book.worksheets[0]
    assert sheet.cell(1, 1).value == "文号" and sheet.max_row == 3
    # Other counties see none of it.
    assert list(client_for(world.luozhuang["leader"]).get("/documents/").context["documents"]) == []


def test_quick_filters_and_waiting_items_name_what_waits_for_the_user(world, draft, client_for):
    mine = draft()
    ready = checked(draft())
    lead, leader = world.lanshan["lead_supervisor"], world.lanshan["leader"]
    check_list = client_for(lead).get("/documents/?awaiting=check").context["documents"]
    assert {d.pk for d in check_list} == {mine.pk}
    sign_list = client_for(leader).get("/documents/?awaiting=sign_off").context["documents"]
    assert {d.pk for d in sign_list} == {ready.pk}
    # The city's leader does not sign Lanshan's documents: nothing waits for them.
    assert list(client_for(world.city["leader"]).get("/documents/?awaiting=sign_off").context["documents"]) == []
    labels = {i.label: i.count for i in waiting_for(leader)}
    assert labels["待您签发的公文"] == 1
    final = signed_off(ready, by=leader)
    assert {i.label: i.count for i in waiting_for(world.clerk_lanshan_inst)}["待签收的送达公文"] == 1
    inst_page = client_for(world.clerk_lanshan_inst).get("/documents/")
    assert [d.pk for d in inst_page.context["documents"]] == [final.pk]  # never a draft


def test_the_page_checks_and_signs_off_and_refuses_the_inspector(world, draft, client_for):
    document = draft()
    inspector, lead, leader = world.lanshan["inspector"], world.lanshan["lead_supervisor"], world.lanshan["leader"]
    page = client_for(inspector).get(f"/documents/{document.pk}/")
    assert page.status_code == 200 and "check-form" not in page.content.decode()
    refused = client_for(inspector).post(f"/documents/{document.pk}/check/")
    assert refused.status_code == 400 and "只有主监管员或领导" in refused.content.decode()
    assert client_for(lead).post(f"/documents/{document.pk}/check/").status_code == 302
    document.refresh_from_db()
    assert document.status == DocumentStatus.CHECKED
    refused = client_for(inspector).post(f"/documents/{document.pk}/sign-off/")
    assert refused.status_code == 400 and "只有发文机关的领导" in refused.content.decode()
    document.refresh_from_db()
    assert document.status == DocumentStatus.CHECKED and document.number == ""
    assert "sign-off-form" in client_for(leader).get(f"/documents/{document.pk}/").content.decode()
    done = client_for(leader).post(f"/documents/{document.pk}/sign-off/", follow=True)
    document.refresh_from_db()
    assert document.status == DocumentStatus.FINAL and document.number in done.content.decode()
    # The institution acknowledges on the page; its acknowledgement shows to staff.
    inst = client_for(world.clerk_lanshan_inst)
    sent = document.deliveries.get()
    assert "acknowledge-form" in inst.get(f"/documents/{document.pk}/").content.decode()
    assert inst.post(f"/documents/{document.pk}/acknowledge/", {"delivery": sent.pk}).status_code == 302
    again = inst.post(f"/documents/{document.pk}/acknowledge/", {"delivery": sent.pk})
    assert again.status_code == 400 and "不能重复签收" in again.content.decode()
    staff_page = client_for(lead).get(f"/documents/{document.pk}/").content.decode()
    assert world.clerk_lanshan_inst.get_full_name() in staff_page or str(world.clerk_lanshan_inst) in staff_page


def test_paper_delivery_and_the_receipt_of_service(world, draft, client_for):
    with clock.at(SIGNED):
        final = signed_off(draft())
    client = client_for(world.lanshan["clerk"])
    receipt = client.get(f"/documents/{final.pk}/receipt/")
    assert receipt.status_code == 200 and "送达回证" in receipt.content.decode()
    at = (SIGNED + datetime.timedelta(hours=1)).astimezone(datetime.timezone(datetime.timedelta(hours=8)))
    posted = client.post(
        f"/documents/{final.pk}/deliveries/paper/",
        {"recipient_name": "张三", "place": "公司前台", "delivered_at": at.strftime("%Y-%m-%dT%H:%M")},
    )
    assert posted.status_code == 302
    html = client.get(f"/documents/{final.pk}/receipt/").content.decode()
    assert "张三" in html and "公司前台" in html and final.number in html
    assert client.get(f"/documents/{draft().pk}/receipt/").status_code == 404
    assert client_for(world.clerk_lanshan_inst).get(f"/documents/{final.pk}/receipt/").status_code == 404


def test_the_register_reads_a_page_in_a_fixed_number_of_queries(
    world, draft, client_for, django_assert_max_num_queries
):
    for _ in range(3):
        signed_off(draft())
    draft()
    client = client_for(world.lanshan["lead_supervisor"])
    client.get("/documents/")  # session, user and caches warmed
    with django_assert_max_num_queries(20):
        assert client.get("/documents/").status_code == 200
    assert OfficialDocument.objects.count() == 4
