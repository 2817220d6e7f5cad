"""Kinds of official document, their titles, and the word (代字) of their numbers.

Numbers read `<office document_prefix><word>〔<year>〕<n>号`, counted per office, year and word:
- 检 for the documents of an on-site inspection, the rectification notice included (it follows
  the inspection's findings): 临金办检〔2026〕12号;
- 谈 for executive interviews (notice and memo): 临金办谈〔2026〕3号;
- 措 for supervisory measure decisions: 临金办措〔2026〕1号. A supervisory measure is not an
  administrative penalty, so not 罚.
- 移 for what the office sends to another body to handle (移送): the transfer letter (移送函) of
  an accountability case to the discipline commission, the procuratorate or another oversight
  body, and the referral (移送书) of a suspected crime to the police under 国务院令第310号
  《行政执法机关移送涉嫌犯罪案件的规定》: 兰金办移〔2026〕2号. One word for both: the register
  reads them as one series of matters that left the office.
- 处 for the decision (处理决定) on an accountability case: 兰金办处〔2026〕1号. Not 责, which
  numbers the cases themselves (AccountabilityCase.number, 兰金办责〔2026〕3号, their own count):
  a decision could otherwise print the number of another case.
- 请 for a request (请示) to the superior office: 临金办请〔2026〕4号. A 请示 is written upward
  (GB/T 9704-2012 7.2.4: the signer is printed beside the number) and asks for one decision,
  so it is a kind of its own, never a letter (函) or a report (报告, which asks for nothing).

Notices of results and reports to the superior office (issue 17, point 6), each with its own word so
that its series tells what the register holds and who reads it:
- 评 for the notices of rating results (分类评级): one per institution of a finalised cycle, all
  issued by the office that ran the cycle: 临金办评〔2027〕5号. Not 检 (no inspection took place)
  and not 通 (a word for circulars to everyone, where these notices are addressed to one company);
- 审 for the notices of annual-review conclusions (年审), issued by the county office that
  concluded the review: 兰金办审〔2027〕2号;
- 报 for the outreach campaign's summary report to the superior office (county → city, city →
  province): 临金办报〔2026〕1号. A report is an upward document (上行文), and offices number their
  upward documents in one 报 series whatever the subject, so the superior office files them with the
  other reports it receives; a subject word such as 宣 would hide that it is a report.
  administrative penalty, so not 罚;
- 罚 for the papers of an administrative-penalty case (finsup.penalties): 临金办罚〔2026〕2号.
- 函 for the office's opinion (审核意见) on a company applying to issue shares (duty ⑮,
  finsup.listing), a letter to the securities regulator (平行文): 兰金办函〔2026〕1号.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    INSPECTION_NOTICE = "inspection_notice", _("On-site inspection notice")
    FACT_CONFIRMATION = "fact_confirmation", _("On-site inspection fact confirmation")
    FINDINGS = "findings", _("On-site inspection findings and assessment")
    INSPECTION_REPORT = "inspection_report", _("On-site inspection report")
    OPINION_LETTER = "opinion_letter", _("On-site inspection opinion letter")
    RECTIFICATION_NOTICE = "rectification_notice", _("Rectification notice")
    INTERVIEW_NOTICE = "interview_notice", _("Supervisory interview notice")
    INTERVIEW_MEMO = "interview_memo", _("Supervisory interview memo")
    MEASURE_DECISION = "measure_decision", _("Supervisory measure decision")
    # Transfers, referrals and requests (issue 17 point 6): addressed to another body, not to an institution.
    CASE_TRANSFER = "case_transfer", _("Accountability case transfer letter")
    CASE_DECISION = "case_decision", _("Accountability case decision")
    POLICE_REFERRAL = "police_referral", _("Referral of a suspected crime to the police")
    REQUEST = "request", _("Request to the superior office")
    # Notices of results and the outreach report (issue 17 point 6; words in the module docstring).
    RATING_NOTICE = "rating_notice", _("Notice of rating results")
    ANNUAL_REVIEW_NOTICE = "annual_review_notice", _("Notice of the annual-review conclusion")
    OUTREACH_REPORT = "outreach_report", _("Outreach campaign summary report")
    PENALTY_CASE_APPROVAL = "penalty_case_approval", _("Case opening approval form")
    PENALTY_PRIOR_NOTICE = "penalty_prior_notice", _("Prior notice of administrative penalty")
    PENALTY_STATEMENT_RECORD = "penalty_statement_record", _("Record of statement and defence")
    PENALTY_HEARING_NOTICE = "penalty_hearing_notice", _("Hearing notice")
    PENALTY_HEARING_RECORD = "penalty_hearing_record", _("Hearing record")
    PENALTY_DECISION = "penalty_decision", _("Administrative penalty decision")
    PENALTY_SERVICE_RECEIPT = "penalty_service_receipt", _("Receipt of service")
    # An office's own periodic report to the superior office (issue 18 point 1).
    SUPERVISION_REPORT = "supervision_report", _("Supervision work report to the superior office")
    # The monthly analysis of the city's finance (item ①, finsup.analysis), reported to the city government.
    FINANCE_ANALYSIS = "finance_analysis", _("Financial operation analysis report")
    # An office's yearly account of one duty of its responsibility list (finsup.worklog, issue 22 point 6).
    PERFORMANCE_REPORT = "performance_report", _("Duty performance report")
    # The office's opinion on a company applying to list (duty ⑮, finsup.listing).
    LISTING_OPINION = "listing_opinion", _("Opinion on a company applying to list")


class DocumentStatus(models.TextChoices):
    """A numbered document is drafted, checked (核稿) by a lead supervisor or leader who did not
    draft it, and signed off (签发) by a leader of the issuing office, which numbers and locks it."""

    DRAFT = "draft", _("Draft")
    CHECKED = "checked", _("Checked")
    FINAL = "final", _("Signed off")


class PdfState(models.TextChoices):
    """The PDF of a signed-off document, made by the background worker after the sign-off commits
    (finsup.documents.tasks): pending until LibreOffice has converted it, ready once the PDF and its
    SHA-256 are stored, failed after the last attempt (staff may retry). A draft has none ("")."""

    NONE = "", _("No PDF")
    PENDING = "pending", _("PDF being prepared")
    READY = "ready", _("PDF ready")
    FAILED = "failed", _("PDF failed")


# The title printed on the document: the official wording, Chinese whatever the interface language.
KIND_TITLES = {
    DocumentKind.INSPECTION_NOTICE: "现场检查通知书",
    DocumentKind.FACT_CONFIRMATION: "现场检查事实确认书",
    DocumentKind.FINDINGS: "现场检查发现问题及评价",
    DocumentKind.INSPECTION_REPORT: "现场检查报告",
    DocumentKind.OPINION_LETTER: "现场检查意见书",
    DocumentKind.RECTIFICATION_NOTICE: "整改通知书",
    DocumentKind.INTERVIEW_NOTICE: "监管约谈通知书",
    DocumentKind.INTERVIEW_MEMO: "监管约谈记录",
    DocumentKind.MEASURE_DECISION: "监管措施决定书",
    DocumentKind.CASE_TRANSFER: "责任追究案件移送函",
    DocumentKind.CASE_DECISION: "责任追究处理决定",
    DocumentKind.POLICE_REFERRAL: "涉嫌犯罪案件移送书",
    # A 请示 is titled after its matter (关于…的请示): see request_title.
    DocumentKind.REQUEST: "请示",
    DocumentKind.RATING_NOTICE: "分类评级结果通知书",
    DocumentKind.ANNUAL_REVIEW_NOTICE: "年审结论通知书",
    DocumentKind.OUTREACH_REPORT: "宣传活动总结报告",
    DocumentKind.PENALTY_CASE_APPROVAL: "立案审批表",
    DocumentKind.PENALTY_PRIOR_NOTICE: "行政处罚事先告知书",
    DocumentKind.PENALTY_STATEMENT_RECORD: "陈述申辩笔录",
    DocumentKind.PENALTY_HEARING_NOTICE: "行政处罚听证通知书",
    DocumentKind.PENALTY_HEARING_RECORD: "行政处罚听证笔录",
    DocumentKind.PENALTY_DECISION: "行政处罚决定书",
    DocumentKind.PENALTY_SERVICE_RECEIPT: "送达回证",
    # Titled after its office and period (临沂市兰山区2026年上半年地方金融监管工作报告): see document_title.
    DocumentKind.SUPERVISION_REPORT: "监管工作报告",
    # Titled after its month (2026年9月全市金融运行情况分析): see document_title.
    DocumentKind.FINANCE_ANALYSIS: "金融运行情况分析",
    # Titled after its office, year and duty: see document_title.
    DocumentKind.PERFORMANCE_REPORT: "履职情况报告",
    # Titled after its company (关于某公司首次公开发行股票并上市的审核意见): see document_title.
    DocumentKind.LISTING_OPINION: "拟上市企业审核意见",
}

WORD_INSPECTION, WORD_INTERVIEW, WORD_MEASURE, WORD_PENALTY = "检", "谈", "措", "罚"
WORD_TRANSFER, WORD_CASE_DECISION, WORD_REQUEST = "移", "处", "请"
WORD_RATING, WORD_ANNUAL_REVIEW, WORD_REPORT = "评", "审", "报"
WORD_LETTER = "函"
KIND_WORDS = {
    DocumentKind.INSPECTION_NOTICE: WORD_INSPECTION,
    DocumentKind.FACT_CONFIRMATION: WORD_INSPECTION,
    DocumentKind.FINDINGS: WORD_INSPECTION,
    DocumentKind.INSPECTION_REPORT: WORD_INSPECTION,
    DocumentKind.OPINION_LETTER: WORD_INSPECTION,
    DocumentKind.RECTIFICATION_NOTICE: WORD_INSPECTION,
    DocumentKind.INTERVIEW_NOTICE: WORD_INTERVIEW,
    DocumentKind.INTERVIEW_MEMO: WORD_INTERVIEW,
    DocumentKind.MEASURE_DECISION: WORD_MEASURE,
    DocumentKind.CASE_TRANSFER: WORD_TRANSFER,
    DocumentKind.CASE_DECISION: WORD_CASE_DECISION,
    DocumentKind.POLICE_REFERRAL: WORD_TRANSFER,
    DocumentKind.REQUEST: WORD_REQUEST,
    DocumentKind.RATING_NOTICE: WORD_RATING,
    DocumentKind.ANNUAL_REVIEW_NOTICE: WORD_ANNUAL_REVIEW,
    DocumentKind.OUTREACH_REPORT: WORD_REPORT,
    DocumentKind.PENALTY_CASE_APPROVAL: WORD_PENALTY,
    DocumentKind.PENALTY_PRIOR_NOTICE: WORD_PENALTY,
    DocumentKind.PENALTY_STATEMENT_RECORD: WORD_PENALTY,
    DocumentKind.PENALTY_HEARING_NOTICE: WORD_PENALTY,
    DocumentKind.PENALTY_HEARING_RECORD: WORD_PENALTY,
    DocumentKind.PENALTY_DECISION: WORD_PENALTY,
    DocumentKind.PENALTY_SERVICE_RECEIPT: WORD_PENALTY,
    DocumentKind.SUPERVISION_REPORT: WORD_REPORT,
    DocumentKind.FINANCE_ANALYSIS: WORD_REPORT,
    DocumentKind.PERFORMANCE_REPORT: WORD_REPORT,
    DocumentKind.LISTING_OPINION: WORD_LETTER,
}
# Documents sent up to a superior office: the head prints the signer beside the number (GB/T 9704-2012 7.2.4).
UPWARD_KINDS = {
    DocumentKind.REQUEST,
    DocumentKind.OUTREACH_REPORT,
    DocumentKind.SUPERVISION_REPORT,
    DocumentKind.FINANCE_ANALYSIS,
    DocumentKind.PERFORMANCE_REPORT,
}


def document_title(kind: str, context: dict) -> str:
    """The title printed on the document and shown in every list: a 请示 is titled after its
    matter (关于撤销某公司试点资格的请示), every other kind by its kind."""
    if kind == DocumentKind.REQUEST:
        return request_title(context["matter"])
    if kind in (DocumentKind.SUPERVISION_REPORT, DocumentKind.FINANCE_ANALYSIS, DocumentKind.PERFORMANCE_REPORT):
        return context["title"]
    if kind == DocumentKind.LISTING_OPINION:
        return f"关于{context['company_name']}{context['offering']}的审核意见"
    return KIND_TITLES[kind]


def request_title(matter: str) -> str:
    matter = matter.strip().removeprefix("关于").removesuffix("的请示").rstrip("。")
    return f"关于{matter}的请示"


ALLOWED_TRANSITIONS = {
    DocumentStatus.DRAFT: {DocumentStatus.CHECKED},
    DocumentStatus.CHECKED: {DocumentStatus.FINAL},
    DocumentStatus.FINAL: set(),
}


class DeliveryMethod(models.TextChoices):
    """How a signed-off document reached the institution it is addressed to (送达方式)."""

    ELECTRONIC = "electronic", _("Electronic delivery in the platform")
    PAPER = "paper", _("Delivery in person on paper")
