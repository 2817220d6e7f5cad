"""The content of an entity's referral to the police (移送书, 国务院令第310号 第六条): the facts
the verification and the determination found, the legal basis, and as materials every text the
office holds about the entity by name and date, with the verification report."""

from __future__ import annotations

from finsup.accounts.counterparts import police_name

from .choices import StepKind

OFFENCE = "非法吸收公众存款或者集资诈骗犯罪"
FOUND_IN = "防范和处置非法集资工作"


def police(entity) -> str:
    return police_name(entity.office)


def context(entity, step, *, materials: list[str] | None = None) -> dict:
    steps = {s.kind: s for s in entity.steps.order_by("done_on", "pk")}
    verification, determination = steps.get(StepKind.VERIFICATION), steps.get(StepKind.DETERMINATION)
    facts = [s.text for s in (verification, determination) if s is not None]
    facts.append(step.text)
    listed = [
        f"{t.get_kind_display()}：{t.title}（{t.received_on:%Y年%m月%d日}收到）"
        for t in entity.texts.order_by("received_on", "pk")
    ]
    listed += [m.strip() for m in materials or () if m.strip()]
    name = entity.name + (f"（统一社会信用代码：{entity.credit_code}）" if entity.credit_code else "")
    context = {
        "addressee": step.body or police(entity),
        "institution_name": name,
        "found_in": FOUND_IN,
        "offence": OFFENCE,
        "facts": facts,
        "materials": listed,
        "contact": _contact(step.by, entity.office),
    }
    if verification is not None:
        context["report"] = f"核查报告（{verification.done_on:%Y年%m月%d日}）"
    if determination is not None and determination.legal_basis:
        context["basis"] = determination.legal_basis
    return context


def _contact(user, office) -> str:
    phone = getattr(user, "work_phone", "") or office.supervision_phone
    return f"{user}，{phone}" if phone else str(user)
