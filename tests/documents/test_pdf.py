"""The issue's acceptance: every kind converts to a PDF whose text holds the Chinese title, the
number and the institution's name. One LibreOffice run converts them all; the
kinds addressed to another body (transfers, referrals, requests) are checked for their addressee,
facts, issuing office and date too."""

import re
import shutil
import subprocess

import pytest
from django.utils import timezone

from finsup.documents import services
from finsup.documents.choices import KIND_TITLES, DocumentKind, DocumentStatus

from .issuing import signed_off
from .samples import SAMPLES


@pytest.fixture(autouse=True)
def _libreoffice():
    # Never skipped: without LibreOffice the documents cannot be checked, and that is a failure.
    assert shutil.which("soffice"), "needs LibreOffice: apt-get install libreoffice-writer-nogui (.ci/run does)"


# The kinds addressed to another body than the institution, and what of their sample each must print.
OTHER_BODIES = {
    DocumentKind.CASE_TRANSFER: [
        "责任追究案件移送函",
        "案件编号：兰金办责〔2026〕3号",
        "2026年上半年应对辖内3家小额贷款公司开展的现场检查均未开展。",
        "现将该案件移送你单位依法处理",
        "1．立案审批表。",
    ],
    DocumentKind.CASE_DECISION: [
        "责任追究处理决定",
        "决定如下：给予王某某警告处分。",
        "《行政机关公务员处分条例》第二十条",
    ],
    DocumentKind.POLICE_REFERRAL: [
        "涉嫌犯罪案件移送书",
        "该公司涉嫌非法吸收公众存款",
        "（国务院令第310号）第三条、第六条",
        "涉嫌犯罪案件情况的调查报告：现场检查报告（临金办检〔2026〕5号）",
        "证据材料：借款合同.pdf、银行流水.xlsx",
        "抄送：临沂市兰山区人民检察院。",
    ],
    DocumentKind.REQUEST: [
        "关于取消测试小额贷款有限公司试点资格的请示",
        "签发人：",  # and the leader's name: checked below
        "提请省级联席会议讨论取消其试点资格。妥否，请批示。",
        "（联系人：王明，联系电话：0539-8726072）",
    ],
    DocumentKind.LISTING_OPINION: [
        "关于临沂智造科技股份有限公司首次公开发行股票并在创业板上市的审核意见",
        "临沂智造科技股份有限公司（统一社会信用代码：91371302MA3D0001XF）拟申请首次公开发行股票并在创业板上市",
        "保荐机构为中泰证券股份有限公司",
        "审核意见：同意该公司申请首次公开发行股票并在创业板上市。",
    ],
    DocumentKind.SUPERVISION_REPORT: [
        "关于兰山区2026年上半年监管工作半年报告的报告",
        "现将兰山区2026年上半年县区金融办监管工作半年报告有关情况报告如下：",
        "一、辖内机构",
        "报告期内开展现场检查1次。",
        "签发人：",
    ],
    DocumentKind.PERFORMANCE_REPORT: [
        "临沂市金融工作办公室2026年度履职情况报告",
        "临沂市人民政府：",
        "一、⑤负责联系协调驻临沂金融机构",
        "召开“三季度驻临金融机构联络会议”",
        "签发人：",
    ],
    DocumentKind.FINANCE_ANALYSIS: [
        "2026年9月全市金融运行情况分析",
        "临沂市人民政府：",
        "一、银行业运行情况",
        "各项存款余额8,000,000.00万元。",
        "签发人：",
    ],
}


def _compact(text: str) -> str:
    # pdftotext puts spaces between Latin digits and Chinese, and breaks long lines
    return re.sub(r"\s+", "", text)


def test_every_kind_becomes_a_pdf_with_its_title_number_and_institution(world, offices):
    city, _ = offices
    drafts = [
        services.document_draft(
            kind=kind, office=city, institution=world.inst_lanshan, context=SAMPLES[kind], by=world.city["inspector"]
        )
        for kind in DocumentKind
    ]
    finals = signed_off(drafts, by=world.city["leader"])

    year = timezone.localdate().year
    seen = {}
    for document in finals:
        assert document.status == DocumentStatus.FINAL
        text = _compact(services.document_pdf_text(document))
        assert document.title in text, document.kind
        assert document.number in text, document.kind
        if document.kind not in OTHER_BODIES:
            assert KIND_TITLES[document.kind] == document.title
        # documents to another body or the superior office name it; the others the institution
        assert (SAMPLES[document.kind].get("addressee") or world.inst_lanshan.name) in text, document.kind
        assert "临沂市金融工作办公室" in text
        assert text.rstrip().endswith("印发"), document.kind  # the 版记: 印发机关 and 印发日期 close every kind
        fonts = subprocess.run(["pdffonts", document.pdf.path], capture_output=True, text=True, check=True).stdout
        assert "CJKsc-" in fonts and not re.search(r"jp|JP|Japan", fonts), (document.kind, fonts)
        seen[document.kind] = document.number
    assert seen[DocumentKind.INSPECTION_NOTICE] == f"临金办检〔{year}〕1号"
    assert seen[DocumentKind.RECTIFICATION_NOTICE] == f"临金办检〔{year}〕6号"
    assert seen[DocumentKind.INTERVIEW_MEMO] == f"临金办谈〔{year}〕2号"
    assert seen[DocumentKind.MEASURE_DECISION] == f"临金办措〔{year}〕1号"
    # Transfers, referrals and requests: addressed to the body, with the facts, the office and the date.
    assert seen[DocumentKind.CASE_TRANSFER] == f"临金办移〔{year}〕1号"
    assert seen[DocumentKind.POLICE_REFERRAL] == f"临金办移〔{year}〕2号"
    assert seen[DocumentKind.CASE_DECISION] == f"临金办处〔{year}〕1号"
    assert seen[DocumentKind.REQUEST] == f"临金办请〔{year}〕1号"
    issued = finals[0].finalised_at.astimezone(timezone.get_current_timezone()).date()
    date = f"临沂市金融工作办公室{issued.year}年{issued.month}月{issued.day}日"
    texts = {d.kind: _compact(services.document_pdf_text(d)) for d in finals if d.kind in OTHER_BODIES}
    for kind, parts in OTHER_BODIES.items():
        for part in (SAMPLES[kind]["addressee"] + "：", *parts, date):
            assert part in texts[kind], (kind, part)
    assert f"签发人：{world.city['leader']}" in texts[DocumentKind.REQUEST]  # sent up: who signed it off
    assert seen[DocumentKind.PENALTY_SERVICE_RECEIPT] == f"临金办罚〔{year}〕7号"

    confirmation = _compact(services.document_pdf_text(finals[1]))
    assert "被检查机构负责人（签字）" in confirmation
    opinion = _compact(services.document_pdf_text(finals[4]))
    assert "2026年12月20日前" in opinion and "抄送：山东省地方金融监督管理局" in opinion

    fonts = subprocess.run(["pdffonts", finals[0].pdf.path], capture_output=True, text=True, check=True).stdout
    assert re.search(r"CJK\S*\s.*\byes\b", fonts), fonts  # a CJK face, embedded
