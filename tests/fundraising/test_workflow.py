"""The disposal workflow: a tip-off registered as a suspected entity (once), the steps in their order
with their refusals (nothing changes), the referral drafting its 移送书, the police's answer only
after the 移送书 is signed off, a step past its deadline on the accountability page under item ⑩,
and a duplicate registration merged."""

import datetime

import pytest

from finsup.accountability.overdue import Category, overdue_duties
from finsup.audit.models import AuditEntry
from finsup.complaints.services import complaint_file
from finsup.core.errors import ApplicationError
from finsup.documents.models import OfficialDocument
from finsup.documents.services import document_check, document_sign_off
from finsup.fundraising import services
from finsup.fundraising.models import DisposalStep, SuspectEntity
from tests import factories as f

from .helpers import on, register, step

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 6, 1)


def _tip_off():
    with on(DAY):
        return complaint_file(
            data={
                "kind": "tip_off",
                "subject": "有人在小区推销高息理财",
                "anonymous": True,
                "description": "某某财富公司在小区摆摊，称保本保息、月息2分，拉老人投资。",
                "respondent_name": "临沂某某财富管理有限公司",
            }
        )


def test_a_tip_off_becomes_an_entity_once(world):
    complaint = _tip_off()
    handler = world.city["lead_supervisor"]
    with on(DAY):
        entity = services.entity_from_complaint(by=handler, complaint_pk=complaint.pk, office=f.office("371302"))
    assert entity.name == "临沂某某财富管理有限公司" and entity.origin == "tip_off"
    assert entity.due_on == DAY + datetime.timedelta(days=30) and entity.next_step == "verification"
    text = entity.texts.get()
    assert text.kind == "tip_off" and text.received_on == DAY and text.source == f"complaints.complaint:{complaint.pk}"
    assert [r[1] for r in text.returns] == ["24.00"]
    with pytest.raises(ApplicationError), on(DAY):
        services.entity_from_complaint(by=handler, complaint_pk=complaint.pk, office=f.office("371302"))
    assert SuspectEntity.objects.count() == 1
    assert AuditEntry.objects.filter(object_type="fundraising.suspectentity", object_id=str(entity.pk)).exists()


def test_steps_in_order_referral_and_the_polices_answer(world):
    clerk, office = world.lanshan["clerk"], f.office("371302")
    entity = register(clerk, office, "临沂某某财富管理有限公司", DAY, texts=[("宣传单", "保本保息，年化18%。")])
    with pytest.raises(ApplicationError):  # a determination before the verification
        step(clerk, entity, "determination", DAY, outcome="police_referral", legal_basis="条例")
    step(clerk, entity, "verification", DAY + datetime.timedelta(days=3), text="实地核查，已吸收群众资金约300万元。")
    with pytest.raises(ApplicationError):  # no legal basis
        step(clerk, entity, "determination", DAY + datetime.timedelta(days=5), outcome="police_referral")
    assert DisposalStep.objects.count() == 1
    step(
        clerk,
        entity,
        "determination",
        DAY + datetime.timedelta(days=5),
        outcome="police_referral",
        legal_basis="《防范和处置非法集资条例》第二十一条",
        text="认定为涉嫌非法集资，涉嫌犯罪。",
    )
    entity.refresh_from_db()
    assert (entity.status, entity.next_step) == ("disposing", "referral")
    sent = step(
        clerk, entity, "referral", DAY + datetime.timedelta(days=6), text="移送公安机关。", materials=["银行流水"]
    )
    entity.refresh_from_db()
    assert entity.status == "referred" and sent.body == "临沂市公安局兰山分局"
    paper = OfficialDocument.objects.get(pk=sent.document_id)
    assert paper.kind == "police_referral" and paper.context["institution_name"] == "临沂某某财富管理有限公司"
    assert "宣传单" in paper.context["materials"][0] and paper.context["materials"][-1] == "银行流水"
    with pytest.raises(ApplicationError, match="移送书"):  # not signed off yet
        step(clerk, entity, "acceptance", DAY + datetime.timedelta(days=7), answer="accepted", reference="兰公受字1号")
    with on(DAY + datetime.timedelta(days=7)):
        document_check(document=paper, by=world.lanshan["lead_supervisor"])
        document_sign_off(document=paper, by=world.lanshan["leader"])
    step(
        clerk,
        entity,
        "acceptance",
        DAY + datetime.timedelta(days=8),
        answer="accepted",
        reference="兰公受字1号",
        text="公安机关已立案。",
    )
    entity.refresh_from_db()
    assert entity.status == "closed" and entity.closed_on == DAY + datetime.timedelta(days=8)
    with pytest.raises(ApplicationError):
        step(clerk, entity, "disposal", DAY + datetime.timedelta(days=9))


def test_a_step_past_its_deadline_is_an_overdue_duty_of_item_ten(world):
    entity = register(world.lanshan["clerk"], f.office("371302"), "临沂某某养老服务有限公司", DAY)
    later = DAY + datetime.timedelta(days=40)
    rows = [r for r in overdue_duties(actor=world.city["leader"], as_of=later) if r.category == Category.FUNDRAISING]
    assert [(r.item_id, r.record_label, r.days_overdue) for r in rows] == [(10, entity.name, 10)]
    assert not overdue_duties(actor=world.luozhuang["leader"], as_of=later) or all(
        r.category != Category.FUNDRAISING for r in overdue_duties(actor=world.luozhuang["leader"], as_of=later)
    )


def test_a_duplicate_is_merged_and_counts_for_the_other(world):
    clerk, office = world.lanshan["clerk"], f.office("371302")
    first = register(clerk, office, "临沂某某财富管理有限公司", DAY)
    second = register(clerk, office, "临沂某某财富管理公司", DAY, texts=[("广告", "保本保息")])
    with on(DAY):
        services.entity_merge(by=clerk, entity=second, into=first, reason="同一主体")
    second.refresh_from_db()
    assert second.status == "merged" and second.merged_into == first
    from finsup.fundraising import selectors

    score, _w = selectors.entity_index(first, DAY)
    assert [c.signal for c in score.contributions] == ["word"]


def test_an_entity_registered_by_hand_with_its_first_text(world, client):
    clerk = world.lanshan["clerk"]
    client.force_login(clerk)
    with on(DAY):
        response = client.post(
            "/fundraising/new/",
            {
                "name": "临沂某某养老公寓有限公司",
                "office": f.office("371302").pk,
                "origin": "manual",
                "text-kind": "advertisement",
                "text-received_on": "2026-06-01",
                "text-body": "养老公寓保本保息。",
            },
        )
    entity = SuspectEntity.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/fundraising/{entity.pk}/"
    assert entity.texts.get().kind == "advertisement"
