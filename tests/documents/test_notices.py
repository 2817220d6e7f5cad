"""The notices of rating results and of annual-review conclusions and the outreach summary report,
laid out from their context (DOCX text; the PDF of each is checked once, in test_notices_pdf.py)."""

import datetime
import io

from docx import Document

from finsup.documents.builders import Sheet, render
from finsup.documents.choices import KIND_TITLES, KIND_WORDS, DocumentKind
from finsup.documents.context import validate

from .samples import SAMPLES

ISSUER = "临沂市金融工作办公室"


def _text(kind, **extra) -> str:
    context = validate(kind, {**SAMPLES[kind], **extra})
    sheet = Sheet(
        kind=kind,
        title=KIND_TITLES[kind],
        issuer=ISSUER,
        number=f"临金办{KIND_WORDS[kind]}〔2026〕3号",
        institution="临沂市兰山区富民农村小额贷款股份有限公司",
        date=datetime.date(2026, 12, 7),
        context=context,
    )
    return "\n".join(p.text for p in Document(io.BytesIO(render(sheet))).paragraphs)


def test_the_words_of_the_numbers():
    assert KIND_WORDS[DocumentKind.RATING_NOTICE] == "评"
    assert KIND_WORDS[DocumentKind.ANNUAL_REVIEW_NOTICE] == "审"
    assert KIND_WORDS[DocumentKind.OUTREACH_REPORT] == "报"


def test_the_rating_notice_gives_level_score_deductions_supervision_and_the_review():
    text = _text(DocumentKind.RATING_NOTICE)
    assert "分类评级结果通知书" in text and "临金办评〔2026〕3号" in text
    assert "临沂市兰山区富民农村小额贷款股份有限公司：" in text
    assert "你公司2025年度分类评级综合得分为75.50分，评定为Ⅲ级。" in text
    assert "经县级监管部门初评、市级抽样复评" in text
    assert "公司治理与内控（权重20%）：得分40分，扣减综合得分12分。" in text
    assert "依据《小额贷款公司分类评级办法（2023）》，我办对评定为Ⅲ级的机构采取以下监管安排：" in text
    assert "现场检查：提高现场检查频次" in text
    assert "四、复核申请" in text and "提出复核申请" in text
    assert "2026年12月7日" in text


def test_a_rating_notice_without_deductions_or_review_says_so():
    text = _text(DocumentKind.RATING_NOTICE, deductions=[], review_right="")
    assert "各项评级指标均未扣分。" in text and "复核申请" not in text


def test_the_annual_review_notice_gives_conclusion_issues_requirements_and_deadline():
    text = _text(DocumentKind.ANNUAL_REVIEW_NOTICE)
    assert "年审结论通知书" in text and "临金办审〔2026〕3号" in text
    assert "你公司2025年度年审结论为：有条件通过。理由：报表报送存在逾期。" in text
    assert "报表报送完整及时：不符合" in text
    assert "三、发现的问题" in text and "2025年10月月度报表逾期报送" in text
    assert "四、整改要求" in text and "请你公司于2026年6月30日前完成整改" in text


def test_a_plain_pass_has_neither_issues_nor_requirements():
    text = _text(DocumentKind.ANNUAL_REVIEW_NOTICE, outcome="通过", issues=[], requirements=[], deadline=None)
    assert "年审结论为：通过。" in text and "发现的问题" not in text and "整改要求" not in text


def test_the_outreach_report_goes_up_to_the_superior_office_with_the_figures():
    text = _text(DocumentKind.OUTREACH_REPORT)
    assert "宣传活动总结报告" in text and "临金办报〔2026〕3号" in text
    assert "签发人：" in text  # an upward document names its signer in the head
    assert "山东省地方金融监督管理局：" in text and "富民" not in text
    assert "2026年5月1日至31日组织开展了2026年防范非法集资宣传月，主题为“守住钱袋子”" in text
    assert "活动期间，共开展宣传活动12场次，覆盖群众12,345人次。" in text
    assert "二、各地开展情况" in text and "四、工作总结" in text and "特此报告。" in text
