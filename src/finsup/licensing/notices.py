"""The notice of an annual-review conclusion (年审结论通知书): its context, read from the concluded
review, its checklist and the consequences it proposes (finsup.documents.context lists the keys).
The wording is the office's, in Chinese whatever the interface language."""

from __future__ import annotations

from django.utils import translation

from .choices import CheckResult, Consequence
from .models import AnnualReview

# What each consequence asks of the institution, as the notice words it. They are proposals of the
# review that a leader decides as supervisory measures (finsup.inspections), hence 拟.
REQUIREMENTS = {
    Consequence.WARNING: "我办拟对你公司予以警示",
    Consequence.RECTIFICATION: "你公司应对年审发现的问题逐项制定整改方案，明确责任人和整改时限，限期整改到位",
    Consequence.SUSPEND_BUSINESS: "整改完成前，我办拟暂停你公司部分业务",
    Consequence.LICENCE_LOSS: "我办拟报请省地方金融监督管理部门依法取消你公司经营资格",
}


def annual_review_notice_context(review: AnnualReview) -> dict:
    checks = list(review.checks.all())
    with translation.override("zh-hans"):
        items = [f"{c.get_item_display()}：{c.get_result_display()}" for c in checks]
        issues = [_issue(c) for c in checks if c.result == CheckResult.NOT_MET]
        outcome = str(review.get_outcome_display())
    consequences = [Consequence(c.kind) for c in review.consequences.all()]
    context = {
        "year": str(review.year),
        "outcome": outcome,
        "items": items,
        "issues": issues,
        "reasons": review.reason,
        "requirements": [REQUIREMENTS[c] for c in consequences],
    }
    if review.rectification_due:
        context["deadline"] = review.rectification_due
    return context


def _issue(check) -> str:
    parts = [str(check.get_item_display())]
    found = "；".join(t.strip().rstrip("。") for t in (check.evidence, check.remark) if t.strip())
    return f"{parts[0]}：{found}" if found else parts[0]
