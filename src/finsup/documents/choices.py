"""Kinds of official document, their titles, and the word (代字) of their numbers.

Numbers read `<office document_prefix><word>〔<year>〕<n>号`, counted per office, year and word:
- 检 for the documents of an on-site inspection, the rectification notice included (it follows
  the inspection's findings): 临金办检〔2026〕12号;
- 谈 for executive interviews (notice and memo): 临金办谈〔2026〕3号;
- 措 for supervisory measure decisions: 临金办措〔2026〕1号. A supervisory measure is not an
  administrative penalty, so not 罚.
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
}

WORD_INSPECTION, WORD_INTERVIEW, WORD_MEASURE = "检", "谈", "措"
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
}

ALLOWED_TRANSITIONS = {
    DocumentStatus.DRAFT: {DocumentStatus.CHECKED},
    DocumentStatus.CHECKED: {DocumentStatus.FINAL},
    DocumentStatus.FINAL: set(),
}
