"""A measure the office cannot take itself is issued as the right instrument: a referral to the police
(移送书, 国务院令第310号) with the case materials, or a request (请示) to the superior office for a
revocation or a V(2) rating; never a 监管措施决定书 to the company. The DOCX is read here; the PDF of
each kind is checked once in tests/documents/test_pdf.py."""

import io

from django.utils import timezone
from docx import Document

from finsup.documents.models import OfficialDocument
from finsup.inspections import services as s
from finsup.inspections.choices import MeasureKind, MeasureStatus
from finsup.inspections.models import IssuedDocument
from tests.documents.issuing import signed_off

from .helpers import add_finding, make_warning, present_and_report, started, upload

BASIS = "《山东省地方金融条例》第四十四条"


def _text(measure) -> tuple[IssuedDocument, OfficialDocument, str]:
    issued = IssuedDocument.objects.get(measure=measure)
    document = OfficialDocument.objects.get(pk=issued.document_id)
    with document.docx.open("rb") as handle:
        paragraphs = Document(io.BytesIO(handle.read())).paragraphs
    return issued, document, "\n".join(p.text for p in paragraphs)


def _decide(world, by, kind, *, decision="", findings=(), warnings=()):
    measure = s.measure_propose(
        by=world.lanshan["lead_supervisor"],
        institution=world.inst_lanshan,
        kind=kind,
        proposal="经检查发现严重违法违规问题。",
        findings=findings,
        warnings=warnings,
    )
    s.measure_decide(
        by=by, measure=measure, reasons="该公司以高息为诱饵向社会公众吸收资金。", basis=BASIS, decision=decision
    )
    measure.refresh_from_db()
    assert measure.status == MeasureStatus.DECIDED
    return measure


def test_a_referral_goes_to_the_police_of_the_office_with_the_case_materials(world, papers):
    inspector = world.lanshan["inspector"]
    inspection = started(world.lanshan, world.inst_lanshan)
    evidence = [
        upload(inspector, inspection, b"contract", "借款合同.pdf"),
        upload(inspector, inspection, b"x", "流水.xlsx"),
    ]
    finding = add_finding(inspector, inspection, title="向社会公众吸收资金", evidence=evidence)
    present_and_report(inspector, inspection)
    report = IssuedDocument.objects.get(inspection=inspection, kind="inspection_report")
    signed_off(OfficialDocument.objects.get(pk=report.document_id))
    report.refresh_from_db()
    warning = make_warning(world.inst_lanshan, title="资金来源异常")

    measure = _decide(
        world,
        world.lanshan["leader"],
        MeasureKind.REFERRAL,
        decision="非法吸收公众存款",
        findings=[finding],
        warnings=[warning],
    )

    assert papers[-1] == "police_referral"
    issued, document, text = _text(measure)
    assert issued.kind == "police_referral" and "兰金办移〔 〕号" in text  # numbered at sign-off
    document = signed_off(document)
    issued.refresh_from_db()
    assert issued.number == f"兰金办移〔{timezone.localdate().year}〕1号" == document.number
    assert document.title == "涉嫌犯罪案件移送书" and "监管措施决定书" not in text
    assert "临沂市公安局兰山分局：" in text
    assert f"我办在对{world.inst_lanshan.name}实施监督管理中发现，该公司涉嫌非法吸收公众存款" in text
    assert "该公司以高息为诱饵向社会公众吸收资金。" in text
    assert "国务院令第310号）第三条、第六条" in text
    assert f"涉嫌犯罪案件情况的调查报告：现场检查报告（{report.number}）" in text
    assert "涉案物品清单：本案未查封、扣押涉案物品" in text
    assert "向社会公众吸收资金（《小额贷款公司监督管理暂行办法》第二十条），证据材料：借款合同.pdf、流水.xlsx" in text
    assert "风险预警：资金来源异常" in text
    assert "抄送：临沂市兰山区人民检察院。" in text
    assert document.context["addressee"] == "临沂市公安局兰山分局"


def test_a_revocation_is_requested_of_the_superior_office_one_level_up(world, papers):
    by_county = _decide(world, world.lanshan["leader"], MeasureKind.REVOCATION_REQUEST)
    issued, document, text = _text(by_county)
    name = world.inst_lanshan.name
    assert issued.kind == "request" and "兰金办请〔 〕号" in text
    assert document.title == f"关于取消{name}试点资格的请示"
    assert f"关于取消{name}试点资格的请示\n临沂市金融工作办公室：" in text  # 主送 one superior office
    assert "签发人：" in text  # sent up: the signer beside the number
    assert "如无不妥，请审核后转报山东省地方金融监督管理局。\n妥否，请批示。" in text
    assert f"（联系人：{world.lanshan['leader']}" in text
    assert "该公司以高息为诱饵向社会公众吸收资金。" in text and BASIS in text

    by_city = _decide(world, world.city["leader"], MeasureKind.RATING_V2, decision="将该公司列入V(2)级并取消其试点资格")
    issued, document, text = _text(by_city)
    assert "临金办请〔 〕号" in text and document.title == f"关于将{name}列入V(2)级的请示"
    assert "山东省地方金融监督管理局：" in text and "转报" not in text
    assert "将该公司列入V(2)级并取消其试点资格。" in text and "妥否，请批示。" in text
    assert papers == ["request", "request"]


def test_other_measures_still_decide_to_the_company(world, papers):
    measure = _decide(world, world.lanshan["leader"], MeasureKind.WARNING)
    issued, document, text = _text(measure)
    assert issued.kind == "measure_decision" and document.title == "监管措施决定书"
    assert f"{world.inst_lanshan.name}：" in text
