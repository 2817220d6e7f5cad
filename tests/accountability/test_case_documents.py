"""An accountability case's documents from its record: the transfer letter (移送函) to the body the
case is sent to, whose number the case shows once a leader signed it off (a transfer of the time
before letters shows the number typed then), and the decision (处理决定). DOCX text here; the PDF
of both kinds is checked in tests/documents/test_pdf.py."""

import io

import pytest
from docx import Document

from finsup.accountability import services
from finsup.accountability.choices import Body, Decision, StepKind
from finsup.accountability.models import CaseTransfer
from finsup.documents import pdf
from finsup.documents.models import OfficialDocument
from tests import factories as f
from tests.documents.issuing import signed_off

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path, monkeypatch):
    """Files in a folder of the test; the PDF of a sign-off is a stand-in (LibreOffice is tested once
    per kind in tests/documents/test_pdf.py)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    monkeypatch.setattr(pdf, "docx_to_pdf_many", lambda docs, **_: [b"%PDF-1.4 fake\n" for _d in docs])


def _docx_text(pk) -> str:
    document = OfficialDocument.objects.get(pk=pk)
    with document.docx.open("rb") as handle:
        return "\n".join(p.text for p in Document(io.BytesIO(handle.read())).paragraphs)


def _case(world, *, by=None, step=True, **data):
    """A case of Lanshan against its inspector, linked to its institution, with one investigation step."""
    by = by or world.lanshan["leader"]
    base = {
        "subject_kind": "staff",
        "subject_user": world.lanshan["inspector"],
        "title": "未按月开展现场检查",
        "allegation": "连续两个月未对辖区民间融资服务公司开展现场检查。",
        "items": [24],
        "sources": [f"institutions.institution:{world.inst_lanshan.pk}"],
    }
    case = services.case_open(by=by, data=base | data)
    if step:
        services.case_step(case=case, by=by, step_kind=StepKind.INVESTIGATION, text="调取检查台账，核实未检查事实。")
    return case


def test_the_transfer_letter_is_addressed_to_the_body_and_drawn_from_the_case(world):
    case = _case(world)
    transfer = services.transfer_send(
        case=case, by=world.lanshan["leader"], to_body=Body.DISCIPLINE, reason="涉嫌失职失责，超出我办处理权限"
    )
    document = OfficialDocument.objects.get(pk=transfer.letter_document_id)
    assert (document.kind, document.office, document.title) == ("case_transfer", case.office, "责任追究案件移送函")
    text = _docx_text(document.pk)
    inspector = world.lanshan["inspector"]
    assert "兰金办移〔 〕号" in text
    assert "责任追究案件移送函\n中共临沂市兰山区纪律检查委员会、临沂市兰山区监察委员会：" in text
    assert f"对{inspector}（兰山区金融工作办公室）未按月开展现场检查问题立案调查（案件编号：{case.number}）" in text
    assert "（一）连续两个月未对辖区民间融资服务公司开展现场检查。\n（二）调查取证：调取检查台账" in text
    assert "上述问题涉及我办责任清单以下事项：㉔" in text
    assert "涉嫌失职失责，超出我办处理权限。根据有关规定，现将该案件移送你单位依法处理" in text
    assert f"1．相关记录：{world.inst_lanshan.name}" in text
    assert f"联系人：{world.lanshan['leader']}" in text


def test_the_case_page_shows_the_letters_number_and_links_it(world, client):
    case = _case(world)
    transfer = services.transfer_send(case=case, by=world.lanshan["leader"], to_body=Body.PROCURATORATE, reason="移送")
    client.force_login(world.lanshan["leader"])
    page = client.get(case.get_absolute_url()).content.decode()
    assert "待签发" in page and f"/documents/{transfer.letter_document_id}/docx" in page

    signed_off(OfficialDocument.objects.get(pk=transfer.letter_document_id))
    number = OfficialDocument.objects.get(pk=transfer.letter_document_id).number
    page = client.get(case.get_absolute_url()).content.decode()
    assert number.startswith("兰金办移〔") and number in page
    assert f"/documents/{transfer.letter_document_id}/pdf" in page

    # The body the case is sent to reads the number; a link is shown only if it may open the document.
    client.force_login(f.make_user("jianchayuan_ls", "oversight", "371302", oversight_body="procuratorate"))
    page = client.get(case.get_absolute_url()).content.decode()
    assert number in page
    link = f"/documents/{transfer.letter_document_id}/pdf"
    assert link not in page or client.get(link).status_code == 200
    client.force_login(world.lanshan["leader"])

    # A transfer sent before letters were generated keeps the number typed then.
    CaseTransfer.objects.filter(pk=transfer.pk).update(reference="兰金办函〔2025〕7号", letter_document_id=None)
    assert "兰金办函〔2025〕7号" in client.get(case.get_absolute_url()).content.decode()


def test_the_decision_is_a_document_addressed_to_the_person(world):
    case = _case(world)
    leader = world.lanshan["leader"]
    services.case_step(case=case, by=leader, step_kind=StepKind.STATEMENT, text="当事人承认未按月检查。")
    case = services.case_decide(case=case, by=leader, decision=Decision.WARNING, reasons="未履行现场检查职责，情节较轻")
    document = OfficialDocument.objects.get(pk=case.decision_document_id)
    assert (document.kind, document.title) == ("case_decision", "责任追究处理决定")
    text = _docx_text(document.pk)
    inspector = world.lanshan["inspector"]
    assert "兰金办处〔 〕号" in text and f"责任追究处理决定\n{inspector}：" in text
    assert "（三）陈述申辩：当事人承认未按月检查。" in text
    assert "情节较轻。根据《中华人民共和国公务员法》《行政机关公务员处分条例》，经研究，决定如下：" in text
    assert f"给予{inspector}警告处分。" in text and "三十日内向我办申请复核" in text


def test_a_decision_on_a_lower_office_is_addressed_to_it(world):
    leader = world.city["leader"]
    case = _case(
        world,
        by=leader,
        step=False,
        subject_kind="office",
        subject_user=None,
        subject_office=f.office("371302"),
        title="报表长期未审核",
        allegation="兰山区金融办连续三个月未审核辖内机构报表。",
        sources=[],
    )
    services.case_step(case=case, by=leader, step_kind=StepKind.STATEMENT, text="该办书面说明人手不足。")
    case = services.case_decide(case=case, by=leader, decision=Decision.CIRCULATED, reasons="长期不履行审核职责")
    text = _docx_text(case.decision_document_id)
    assert "临金办处〔 〕号" in text and "责任追究处理决定\n兰山区金融工作办公室：" in text
    assert "对兰山区金融工作办公室予以通报批评。" in text and "申请复核" not in text
