"""The documents of an accountability case, from its record: the transfer letter (移送函) to the
oversight body a case is sent to, and the decision (处理决定) on the case. Their wording is the
office's, Chinese in every interface language; the names of the bodies are those of the case
office's level (finsup.accounts.counterparts). Each is drafted in the step that makes it (a
transfer, a decision) and numbered when a leader of the case office signs it off."""

from __future__ import annotations

from finsup.accounts.counterparts import body_name
from finsup.documents import services as documents
from finsup.duties.selectors import item

from .choices import SANCTIONS, Decision, EventKind, StepKind, SubjectKind, TransferStatus

STEP_WORDS = {
    StepKind.INVESTIGATION: "调查取证",
    StepKind.STATEMENT: "陈述申辩",
    StepKind.CONSULTATION: "征求意见",
    StepKind.OTHER: "其他",
}
# What the decision decides, by its kind ({name}: the person or the lower office).
DECISION_WORDS = {
    Decision.NO_FAULT: "经调查，{name}不存在过错，不予追究责任",
    Decision.CRITICISM: "对{name}进行批评教育",
    Decision.RECTIFY: "责令{name}限期整改",
    Decision.ADMONISHMENT: "对{name}进行诫勉谈话",
    Decision.CIRCULATED: "对{name}予以通报批评",
    Decision.WARNING: "给予{name}警告处分",
    Decision.DEMERIT: "给予{name}记过处分",
    Decision.MAJOR_DEMERIT: "给予{name}记大过处分",
    Decision.DEMOTION: "给予{name}降级处分",
    Decision.REMOVAL: "给予{name}撤职处分",
    Decision.EXPULSION: "给予{name}开除处分",
    Decision.OTHER_BODY: "{name}的问题已由{body}依法处理，我办不再另行处理",
}
SANCTION_BASIS = "《中华人民共和国公务员法》《行政机关公务员处分条例》"
# 《中华人民共和国公务员法》第九十五条: review by the body that decided, then appeal.
SANCTION_REMEDY = (
    "如对本处理决定不服，可以自知道该处理决定之日起三十日内向我办申请复核；对复核结果不服的，"
    "可以自接到复核决定之日起十五日内，按照规定向同级公务员主管部门或者作出该处理决定的机关的上一级机关"
    "提出申诉；也可以不经复核，自知道该处理决定之日起三十日内直接提出申诉。"
)


def subject_text(case) -> str:
    """张三（兰山区金融工作办公室） for a member of staff; the office's name for a lower office."""
    if case.subject_kind == SubjectKind.STAFF:
        user = case.subject_user
        return f"{user}（{user.office.name}）" if user.office_id else str(user)
    return case.subject_office.name


def subject_name(case) -> str:
    return str(case.subject_user) if case.subject_kind == SubjectKind.STAFF else case.subject_office.name


def case_facts(case) -> list[str]:
    """The failure alleged, then what each investigation step found, in order."""
    facts = [line.strip() for line in case.allegation.splitlines() if line.strip()]
    steps = case.events.filter(kind=EventKind.STEP).order_by("at", "pk")
    facts += [f"{STEP_WORDS.get(e.step_kind, '调查')}：{e.text.strip()}" for e in steps if e.text.strip()]
    return facts


def transfer_letter_context(transfer, *, by) -> dict:
    case = transfer.case
    return {
        "addressee": body_name(case.office, transfer.to_body),
        "case_number": case.number,
        "case_title": case.title,
        "subject": subject_text(case),
        "facts": case_facts(case),
        "reason": transfer.reason,
        "items": [f"{item(i).numeral}{item(i).text}" for i in case.items],
        "materials": [f"相关记录：{link.label}" for link in case.links.order_by("at", "pk")],
        "contact": _contact(by, case.office),
    }


def decision_context(case) -> dict:
    decision = Decision(case.decision)
    body = ""
    if decision == Decision.OTHER_BODY:
        concluded = case.transfers.filter(status=TransferStatus.CONCLUDED).order_by("-concluded_at", "-pk").first()
        body = body_name(case.office, concluded.to_body) if concluded else "有关机关"
    context = {
        "addressee": subject_name(case),
        "case_number": case.number,
        "case_title": case.title,
        "subject": subject_text(case),
        "facts": case_facts(case),
        "decision": DECISION_WORDS[decision].format(name=subject_name(case), body=body),
        "reasons": case.decision_text,
    }
    if decision in SANCTIONS:
        context |= {"basis": SANCTION_BASIS, "remedy": SANCTION_REMEDY}
    return context


def _contact(user, office) -> str:
    phone = user.work_phone or office.supervision_phone
    return f"{user}，{phone}" if phone else str(user)


def draft_transfer_letter(transfer, *, by) -> int:
    """The transfer letter of a transfer just sent; its id."""
    return _draft("case_transfer", transfer.case, transfer_letter_context(transfer, by=by), by=by, subject=transfer)


def draft_decision(case, *, by) -> int:
    """The decision of a case just decided; its id."""
    return _draft("case_decision", case, decision_context(case), by=by, subject=case)


def _draft(kind: str, case, context: dict, *, by, subject) -> int:
    document = documents.document_draft(
        kind=kind, office=case.office, institution=None, context=context, by=by, subject=subject
    )
    return document.pk
