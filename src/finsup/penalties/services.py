"""The administrative-penalty procedure (普通程序 of 《中华人民共和国行政处罚法》, 2021 revision), one
service per step: lock, check the role, the office and the move, write, audit.

Inspecting staff (PENALTY_PREPARE) propose the case and prepare its papers; a leader of the handling
office or above (PENALTY_DECIDE) approves the opening (第五十四条), issues the papers served on the
party and decides (第五十七条). A fine lies within the range of the provision cited, as
rulebook/data/penalties.toml gives it; the decision waits until the party's periods for statement,
defence and a hearing request have run out, unless the party waived them (第四十五条、第六十四条).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from finsup.accounts.policies import Action, require
from finsup.audit.choices import AuditAction
from finsup.audit.services import audit_record
from finsup.core import clock
from finsup.core.errors import ApplicationError, InvalidTransition
from finsup.core.lifecycle import Event, Lifecycle, move, refused_move
from finsup.rulebook.penalties import Penalty, amount_zh, default_penalties

from . import deadlines, paperwork
from .choices import CASE_TRANSITIONS, MANNER_ZH, SERVED_KINDS, CaseStatus, PaperKind, ServiceManner
from .errors import Code
from .models import CaseEvent, CasePaper, PenaltyCase

CASE = Lifecycle(
    model=PenaltyCase,
    table=CASE_TRANSITIONS,
    refusal=refused_move(gettext_lazy("A case that is “%(from)s” cannot become “%(to)s”."), CaseStatus),
    event=Event(model=CaseEvent, owner="case"),
    select_related=("institution__county", "office"),
)
OUTSIDE = gettext_lazy("You may not act on penalty cases outside your jurisdiction.")
PREPARERS_ONLY = gettext_lazy("Only inspecting staff prepare a penalty case.")
LEADERS_ONLY = gettext_lazy("Only a leader of the handling office may approve, issue or decide in a penalty case.")
PAYMENT = (
    "当事人应当自收到本决定书之日起十五日内，到指定的银行或者通过电子支付系统缴纳罚款"
    "（《中华人民共和国行政处罚法》第六十七条）。"
)


# -- Checks ---------------------------------------------------------------------------------------


def _prepare(by, case: PenaltyCase) -> None:
    require(by, Action.PENALTY_PREPARE, office=case.institution.county, denied=PREPARERS_ONLY, outside=OUTSIDE)


def _lead(by, case: PenaltyCase) -> None:
    require(by, Action.PENALTY_DECIDE, office=case.office, denied=LEADERS_ONLY, outside=OUTSIDE)


def _text(value: str, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ApplicationError(message, field=field, code=Code.TEXT_REQUIRED)
    return value


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def provision_of(*, institution, penalty: str, day: datetime.date) -> Penalty:
    """The provision of the rulebook's penalty ranges the case cites, if it applies to the
    institution's kind on `day`."""
    if not penalty:
        raise ApplicationError(
            _("Choose the penalty provision of the case."), field="penalty", code=Code.PENALTY_PROVISION_REQUIRED
        )
    provision = default_penalties().get(penalty)
    if provision is None or not provision.applies_to(institution.kind, day):
        raise ApplicationError(
            _("This penalty provision does not apply to the institution."),
            field="penalty",
            code=Code.PENALTY_NOT_APPLICABLE,
        )
    return provision


def fine_within(provision: Penalty, fine: Decimal | None) -> Decimal:
    """The fine, refused unless it lies in the provision's range (both ends included)."""
    if fine is None:
        raise ApplicationError(_("Give the amount of the fine."), field="fine", code=Code.FINE_REQUIRED)
    if not provision.allows(fine):
        raise ApplicationError(
            _("A fine of %(amount)s is outside the range of %(citation)s: %(range)s.")
            % {"amount": amount_zh(fine), "citation": provision.citation, "range": provision.range_zh},
            field="fine",
            code=Code.FINE_OUT_OF_RANGE,
        )
    return fine


def hearing_available(fine: Decimal) -> bool:
    """第六十三条(一): a hearing for a larger fine (较大数额罚款), as the province sets the figure."""
    return fine >= Decimal(settings.FINSUP_PENALTY_HEARING_MIN_FINE)


def _move(case: PenaltyCase, to: str, *, by, note: str = "", fields=None, changes=None) -> PenaltyCase:
    return move(case, to=to, by=by, note=note, lifecycle=CASE, locked=True, fields=fields, audit_changes=changes)[0]


def _update(case: PenaltyCase, *, by, **fields) -> PenaltyCase:
    before = {name: getattr(case, name) for name in fields}
    for name, value in fields.items():
        setattr(case, name, value)
    case.save(update_fields=list(fields))
    audit_record(
        action=AuditAction.UPDATE,
        obj=case,
        changes={name: [_plain(before[name]), _plain(value)] for name, value in fields.items()},
    )
    return case


def _plain(value):
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return str(value) if isinstance(value, Decimal) else value


def _paper(case: PenaltyCase, kind: str) -> CasePaper | None:
    return case.papers.filter(kind=kind, served_of=None).order_by("-pk").first()


# -- Opening (第五十四条) ---------------------------------------------------------------------------


@paperwork.issuing
def case_propose(*, by, institution, facts: str, rule_breached: str, penalty: str, evidence: str = "") -> PenaltyCase:
    """Proposes opening a case, with its approval form (立案审批表) drafted for the leader."""
    require(by, Action.PENALTY_PREPARE, office=institution.county, denied=PREPARERS_ONLY, outside=OUTSIDE)
    facts = _text(facts, "facts", _("Describe the facts of the suspected breach."))
    rule_breached = _text(rule_breached, "rule_breached", _("Cite the rule breached."))
    provision = provision_of(institution=institution, penalty=penalty, day=clock.today())
    case = PenaltyCase.objects.create(
        institution=institution,
        office=by.office,
        facts=facts,
        rule_breached=rule_breached,
        penalty_id=provision.id,
        evidence=(evidence or "").strip(),
        proposed_by=by,
        proposed_at=clock.now(),
    )
    audit_record(
        action=AuditAction.CREATE,
        obj=case,
        changes={"facts": [None, facts], "rule_breached": [None, rule_breached], "penalty_id": [None, provision.id]},
    )
    paperwork.draft(case, PaperKind.CASE_APPROVAL, _approval_context(case, provision), by=by)
    return case


def _approval_context(case: PenaltyCase, provision: Penalty, **approval) -> dict:
    return {
        "facts": case.facts,
        "rule_breached": case.rule_breached,
        "penalty_basis": provision.basis_zh,
        "proposer": str(case.proposed_by),
        "proposed_on": timezone.localdate(case.proposed_at),
        "evidence": _lines(case.evidence),
        **approval,
    }


@paperwork.issuing
def case_approve(*, by, case: PenaltyCase, opinion: str) -> PenaltyCase:
    """The leader approves the opening: the approval form carries the opinion, and the case is open."""
    case = CASE.lock(case)
    _lead(by, case)
    CASE.check(case.status, CaseStatus.OPENED)
    opinion = _text(opinion, "opinion", _("Give the leader's opinion."))
    now = clock.now()
    provision = default_penalties()[case.penalty_id]
    form = _paper(case, PaperKind.CASE_APPROVAL)
    context = _approval_context(case, provision, opinion=opinion, approver=str(by), approved_on=timezone.localdate(now))
    paperwork.revise(form, context, by=by)
    return _move(
        case,
        CaseStatus.OPENED,
        by=by,
        note=opinion,
        fields={"opened_by": by, "opened_at": now, "approval_opinion": opinion},
        changes={"approval_opinion": [None, opinion]},
    )


@transaction.atomic
def case_close(*, by, case: PenaltyCase, reasons: str) -> PenaltyCase:
    """Not opened (a proposal refused), or closed without a penalty (第五十七条(二)–(四))."""
    case = CASE.lock(case)
    _lead(by, case)
    to = CaseStatus.NOT_OPENED if case.status == CaseStatus.PROPOSED else CaseStatus.DROPPED
    CASE.check(case.status, to)
    reasons = _text(reasons, "reasons", _("Give the reasons."))
    return _move(case, to, by=by, note=reasons, fields={"closing_reason": reasons})


# -- Investigation (第五十五条、第五十六条) ------------------------------------------------------------


@transaction.atomic
def case_record_evidence(*, by, case: PenaltyCase, evidence: str) -> PenaltyCase:
    """The investigation's record: the evidence list, one item a line."""
    case = CASE.lock(case)
    _prepare(by, case)
    if case.status != CaseStatus.OPENED:
        raise InvalidTransition(
            _("Evidence is recorded while the case is under investigation."),
            field="evidence",
            code=Code.NOT_UNDER_INVESTIGATION,
        )
    evidence = _text(evidence, "evidence", _("List the evidence, one item a line."))
    return _update(case, by=by, evidence=evidence)


# -- Prior notice (第四十四条、第四十五条、第六十三条、第六十四条) ------------------------------------------


@paperwork.issuing
def case_notice_prepare(
    *, by, case: PenaltyCase, penalty: str, fine: Decimal | None, defence_days: int = 0, contact: str = ""
) -> CasePaper:
    """Drafts (or revises) the prior notice of the intended penalty; a fine outside the provision's
    range is refused and nothing changes."""
    case = CASE.lock(case)
    _prepare(by, case)
    if case.status != CaseStatus.OPENED:
        raise InvalidTransition(
            _("The prior notice is prepared while the case is under investigation."), code=Code.NOT_UNDER_INVESTIGATION
        )
    provision = provision_of(institution=case.institution, penalty=penalty, day=clock.today())
    fine = fine_within(provision, fine)
    if not _lines(case.evidence):
        raise ApplicationError(
            _("Record the evidence before the prior notice."), field="evidence", code=Code.TEXT_REQUIRED
        )
    days = defence_days or deadlines.DEFAULT_DEFENCE_DAYS
    hearing = hearing_available(fine)
    context = {
        "facts": _lines(case.facts),
        "basis": case.rule_breached,
        "penalty_basis": provision.basis_zh,
        "fine": f"人民币{amount_zh(fine)}",
        "defence_days": str(days),
        "hearing_days": str(deadlines.HEARING_REQUEST_DAYS) if hearing else "",
        "contact": contact,
    }
    _update(case, by=by, penalty_id=provision.id, proposed_fine=fine, defence_days=days, hearing_available=hearing)
    notice = _paper(case, PaperKind.PRIOR_NOTICE)
    if notice is None:
        return paperwork.draft(case, PaperKind.PRIOR_NOTICE, context, by=by)
    return paperwork.revise(notice, context, by=by)


@paperwork.issuing
def paper_check(*, by, case: PenaltyCase, paper: CasePaper, note: str = "") -> CasePaper:
    """核稿 of a paper to be served (the notice, the hearing notice, the decision): by a lead
    supervisor or leader who did not draft it (finsup.documents decides who may)."""
    case = CASE.lock(case)
    paper = _paper_of(case, paper)
    _require_served_kind(paper)
    paperwork.check(paper, by=by, note=note)
    return paper


@paperwork.issuing
def paper_issue(*, by, case: PenaltyCase, paper: CasePaper) -> CasePaper:
    """The leader signs off (签发) the checked prior notice (the party is then notified:
    `on_signed_off`) or hearing notice. The decision is signed off by `case_decide`."""
    case = CASE.lock(case)
    _lead(by, case)
    paper = _paper_of(case, paper)
    if paper.kind == PaperKind.PRIOR_NOTICE:
        CASE.check(case.status, CaseStatus.NOTIFIED)
    elif paper.kind == PaperKind.HEARING_NOTICE:
        if case.status != CaseStatus.HEARING:
            raise InvalidTransition(
                _("A hearing notice is issued only for a requested hearing."), code=Code.HEARING_NOT_REQUESTED
            )
    else:
        raise ApplicationError(_("This paper is not issued on its own."), code=Code.DOCUMENT_NOT_OF_CASE)
    paperwork.sign_off(paper, by=by)
    return paper


def _require_served_kind(paper: CasePaper) -> None:
    if paper.kind not in SERVED_KINDS:
        raise ApplicationError(
            _("Only a notice or a decision served on the party is checked and signed off."),
            code=Code.DOCUMENT_NOT_OF_CASE,
        )


def _paper_of(case: PenaltyCase, paper: CasePaper) -> CasePaper:
    if paper.case_id != case.pk:
        raise ApplicationError(_("This paper is not of this case."), code=Code.DOCUMENT_NOT_OF_CASE)
    return CasePaper.objects.select_for_update().get(pk=paper.pk)


# -- Service (第六十一条) ---------------------------------------------------------------------------


@paperwork.issuing
def paper_serve(
    *, by, case: PenaltyCase, paper: CasePaper, served_on: datetime.date, manner: str, served_to: str
) -> CasePaper:
    """Records the service of an issued paper and draws up its receipt of service (送达回证). The
    party's periods run from the day of service."""
    case = CASE.lock(case)
    _prepare(by, case)
    paper = _paper_of(case, paper)
    if paper.kind not in SERVED_KINDS or not paperwork.number_of(paper):
        raise ApplicationError(
            _("Only an issued notice or decision is served on the party."), code=Code.DOCUMENT_NOT_OF_CASE
        )
    if paper.served_on is not None:
        raise ApplicationError(_("This paper is already served."), code=Code.ALREADY_SERVED)
    if served_on > clock.today():
        raise ApplicationError(
            _("The day of service cannot be in the future."), field="served_on", code=Code.SERVED_IN_THE_FUTURE
        )
    if manner not in ServiceManner.values:
        raise ApplicationError(_("Choose the manner of service."), field="manner", code=Code.UNKNOWN_SERVICE_MANNER)
    served_to = _text(served_to, "served_to", _("Name the person who received it."))
    if paper.kind == PaperKind.HEARING_NOTICE and deadlines.earliest_hearing(served_on) > _hearing_day(case):
        raise ApplicationError(
            _("The party must be told of the hearing at least 7 working days before it (Art. 64)."),
            field="served_on",
            code=Code.HEARING_NOTICE_TOO_LATE,
        )
    paper.served_on, paper.served_manner, paper.served_to = served_on, manner, served_to
    paper.save(update_fields=["served_on", "served_manner", "served_to"])
    audit_record(
        action=AuditAction.UPDATE,
        obj=paper,
        changes={
            "served_on": [None, served_on.isoformat()],
            "served_manner": [None, manner],
            "served_to": [None, served_to],
        },
    )
    if paper.kind == PaperKind.PRIOR_NOTICE:
        _update(case, by=by, notice_served_on=served_on)
    elif paper.kind == PaperKind.DECISION:
        _update(case, by=by, decision_served_on=served_on)
    context = {
        "served_title": paperwork.title_of(paper),
        "served_number": paperwork.number_of(paper),
        "served_on": served_on,
        "manner": MANNER_ZH[manner],
        "served_to": served_to,
    }
    return paperwork.draft(case, PaperKind.SERVICE_RECEIPT, context, by=by, served_of=paper)


def _hearing_day(case: PenaltyCase) -> datetime.date:
    return timezone.localdate(case.hearing_at)


# -- Statement, defence, hearing (第四十五条、第六十三条、第六十四条) ---------------------------------------


def _require_notified(case: PenaltyCase) -> None:
    if case.status not in (CaseStatus.NOTIFIED, CaseStatus.HEARING) or case.notice_served_on is None:
        raise InvalidTransition(_("The prior notice must be served on the party first."), code=Code.NOTICE_NOT_SERVED)


@paperwork.issuing
def case_statement_record(
    *, by, case: PenaltyCase, at: datetime.datetime, place: str, statement: str, persons: str = "", review: str = ""
) -> CasePaper:
    """The party's statement and defence, recorded (陈述申辩笔录) with the office's review of it."""
    case = CASE.lock(case)
    _prepare(by, case)
    _require_notified(case)
    lines = _lines(statement)
    if not lines:
        raise ApplicationError(_("Record what the party stated."), field="statement", code=Code.TEXT_REQUIRED)
    context = {
        "date_time": at,
        "place": _text(place, "place", _("Give the place.")),
        "statement": lines,
        "recorder": str(by),
        "persons": [p.strip() for p in persons.replace("，", "、").split("、") if p.strip()],
        "adopted": review,
    }
    return paperwork.draft(case, PaperKind.STATEMENT_RECORD, context, by=by)


@transaction.atomic
def case_waive(*, by, case: PenaltyCase, waived_on: datetime.date) -> PenaltyCase:
    """The party waived its statement, defence and hearing in writing: the decision need not wait."""
    case = CASE.lock(case)
    _prepare(by, case)
    _require_notified(case)
    if case.waived_on is not None:
        raise ApplicationError(_("The party has already waived its rights."), code=Code.ALREADY_WAIVED)
    if waived_on < case.notice_served_on or waived_on > clock.today():
        raise ApplicationError(
            _("The waiver is dated between the service of the notice and today."),
            field="waived_on",
            code=Code.WAIVER_DATE,
        )
    return _update(case, by=by, waived_on=waived_on)


@transaction.atomic
def case_hearing_request(*, by, case: PenaltyCase, requested_on: datetime.date) -> PenaltyCase:
    """The party asks for a hearing (第六十四条(一): within 5 working days of the notice's service)."""
    case = CASE.lock(case)
    _prepare(by, case)
    _require_notified(case)
    if not case.hearing_available:
        raise ApplicationError(_("The intended penalty gives no right to a hearing."), code=Code.HEARING_NOT_AVAILABLE)
    ends = deadlines.hearing_request_ends(case)
    if requested_on > ends or requested_on < case.notice_served_on or requested_on > clock.today():
        raise ApplicationError(
            _("A hearing must be requested within 5 working days of the notice's service (by %(day)s).")
            % {"day": ends.isoformat()},
            field="requested_on",
            code=Code.HEARING_REQUEST_LATE,
        )
    CASE.check(case.status, CaseStatus.HEARING)
    return _move(
        case,
        CaseStatus.HEARING,
        by=by,
        fields={"hearing_requested_on": requested_on},
        changes={"hearing_requested_on": [None, requested_on.isoformat()]},
    )


@paperwork.issuing
def case_hearing_schedule(*, by, case: PenaltyCase, at: datetime.datetime, place: str, hearer: str) -> CasePaper:
    """Sets the hearing and drafts its notice, for the leader to issue. The hearing is at least 7
    working days after today, the earliest the notice can reach the party (第六十四条(二))."""
    case = CASE.lock(case)
    _prepare(by, case)
    if case.status != CaseStatus.HEARING:
        raise InvalidTransition(
            _("A hearing is set only when the party has requested one."), code=Code.HEARING_NOT_REQUESTED
        )
    day = timezone.localdate(at)
    if day < deadlines.earliest_hearing(clock.today()):
        raise ApplicationError(
            _("The hearing must be at least 7 working days after the party is told of it: on %(day)s or later.")
            % {"day": deadlines.earliest_hearing(clock.today()).isoformat()},
            field="at",
            code=Code.HEARING_NOTICE_TOO_LATE,
        )
    place = _text(place, "place", _("Give the place."))
    hearer = _text(hearer, "hearer", _("Name the hearing officer."))
    _update(case, by=by, hearing_at=at, hearing_place=place)
    context = {"date_time": at, "place": place, "hearer": hearer, "request_date": case.hearing_requested_on}
    notice = _paper(case, PaperKind.HEARING_NOTICE)
    if notice is not None and not paperwork.number_of(notice):
        return paperwork.revise(notice, context, by=by)
    return paperwork.draft(case, PaperKind.HEARING_NOTICE, context, by=by)


@paperwork.issuing
def case_hearing_record(*, by, case: PenaltyCase, hearer: str, persons: str, content: str) -> CasePaper:
    """The hearing held, with its record (听证笔录)."""
    case = CASE.lock(case)
    _prepare(by, case)
    if case.status != CaseStatus.HEARING or case.hearing_at is None:
        raise InvalidTransition(_("Set the hearing first."), code=Code.HEARING_NOT_HELD)
    day = _hearing_day(case)
    if day > clock.today():
        raise ApplicationError(_("The hearing has not taken place yet."), code=Code.HEARING_NOT_HELD)
    lines = _lines(content)
    people = [p.strip() for p in (persons or "").replace("，", "、").split("、") if p.strip()]
    if not lines or not people:
        raise ApplicationError(_("Record who took part and what was said."), field="content", code=Code.TEXT_REQUIRED)
    _update(case, by=by, hearing_held_on=day)
    context = {
        "date_time": case.hearing_at,
        "place": case.hearing_place,
        "hearer": _text(hearer, "hearer", _("Name the hearing officer.")),
        "recorder": str(by),
        "persons": people,
        "content": lines,
    }
    return paperwork.draft(case, PaperKind.HEARING_RECORD, context, by=by)


# -- Decision (第五十七条、第五十九条) ---------------------------------------------------------------


def _require_decidable(case: PenaltyCase, today: datetime.date) -> None:
    """第四十五条、第六十二条: no decision while the party may still be heard, nor before a requested
    hearing is held (第六十四条)."""
    _require_notified(case)
    if not deadlines.rights_period_over(case, today):
        ends = max(d for d in (deadlines.defence_ends(case), deadlines.hearing_request_ends(case)) if d)
        raise InvalidTransition(
            _(
                "The party may still state its case, defend itself or ask for a hearing until %(day)s: "
                "decide after that day, or record the party's written waiver."
            )
            % {"day": ends.isoformat()},
            code=Code.DEFENCE_PERIOD_RUNNING,
        )
    if case.status == CaseStatus.HEARING and case.hearing_held_on is None:
        raise InvalidTransition(_("The requested hearing has not been held."), code=Code.HEARING_NOT_HELD)


@paperwork.issuing
def case_decision_prepare(*, by, case: PenaltyCase, penalty: str, fine: Decimal | None, review: str = "") -> CasePaper:
    """Drafts (or revises) the decision (行政处罚决定书, 第五十九条) for the leader: refused while the
    party's periods run (unless waived), before a requested hearing is held, and for a fine outside
    the provision's range; nothing changes on a refusal."""
    case = CASE.lock(case)
    _prepare(by, case)
    CASE.check(case.status, CaseStatus.DECIDED)
    today = clock.today()
    _require_decidable(case, today)
    provision = provision_of(institution=case.institution, penalty=penalty, day=today)
    fine = fine_within(provision, fine)
    context = {
        "facts": _lines(case.facts),
        "evidence": _lines(case.evidence),
        "basis": case.rule_breached,
        "penalty_basis": provision.basis_zh,
        "fine": f"人民币{amount_zh(fine)}",
        "payment": PAYMENT,
        "statement": _statement(case, review),
    }
    _update(case, by=by, penalty_id=provision.id, decision_fine=fine)
    decision = _paper(case, PaperKind.DECISION)
    if decision is None:
        return paperwork.draft(case, PaperKind.DECISION, context, by=by)
    return paperwork.revise(decision, context, by=by)


@paperwork.issuing
def case_decide(*, by, case: PenaltyCase) -> PenaltyCase:
    """The leader's decision (第五十七条): the checked decision signed off (签发), which numbers it and
    decides the case (`on_signed_off`). Refused, with nothing changed, while the party may still be
    heard or the fine has left the provision's range (a changed rulebook)."""
    case = CASE.lock(case)
    _lead(by, case)
    CASE.check(case.status, CaseStatus.DECIDED)
    _require_decidable(case, clock.today())
    decision = _paper(case, PaperKind.DECISION)
    if decision is None:
        raise InvalidTransition(_("Prepare the decision first."), code=Code.DECISION_NOT_PREPARED)
    paperwork.sign_off(decision, by=by)
    case.refresh_from_db()
    return case


@transaction.atomic
def case_fine_paid(*, by, case: PenaltyCase, paid_on: datetime.date) -> PenaltyCase:
    """The fine paid (第六十七条): the day the bank's receipt shows."""
    case = CASE.lock(case)
    _prepare(by, case)
    if case.status != CaseStatus.DECIDED or case.decision_served_on is None:
        raise InvalidTransition(_("A fine is paid after the decision is served."), code=Code.DECISION_NOT_SERVED)
    if case.fine_paid_on is not None:
        raise ApplicationError(_("The payment is already recorded."), code=Code.ALREADY_PAID)
    if paid_on < case.decision_served_on or paid_on > clock.today():
        raise ApplicationError(
            _("The payment is dated between the service of the decision and today."),
            field="paid_on",
            code=Code.PAYMENT_DATE,
        )
    return _update(case, by=by, fine_paid_on=paid_on)


def on_signed_off(sender, *, documents, **kwargs) -> None:
    """finsup.documents.signals.signed_off: a paper of a case signed off, wherever it was, moves
    the case. The prior notice notifies the party; the decision decides the case (checked again
    here: a refusal undoes the sign-off). Its paper names the version signed."""
    for document in documents:
        paper = paperwork.paper_of_document(document)
        if paper is None:
            continue
        case = CASE.lock(paper.case)
        by = document.finalised_by
        if paper.kind == PaperKind.PRIOR_NOTICE:
            _move(case, CaseStatus.NOTIFIED, by=by, note=document.number)
        elif paper.kind == PaperKind.DECISION:
            _require_decidable(case, clock.today())
            provision = provision_of(institution=case.institution, penalty=case.penalty_id, day=clock.today())
            fine = fine_within(provision, case.decision_fine)
            _move(
                case,
                CaseStatus.DECIDED,
                by=by,
                note=document.number,
                fields={
                    "decided_by": by,
                    "decided_at": document.finalised_at,
                    "penalty_basis": provision.basis_zh,
                    "fine_amount": fine,
                },
                changes={"penalty_id": [None, provision.id], "fine_amount": [None, str(fine)]},
            )


def _statement(case: PenaltyCase, review: str) -> str:
    """What the decision says of the party's rights (第四十四条、第四十五条)."""
    served = _date_zh(case.notice_served_on)
    text = (
        f"我办于{served}向当事人送达了《行政处罚事先告知书》，"
        "告知其拟作出行政处罚的事实、理由、依据及其依法享有的权利。"
    )
    if case.waived_on is not None:
        text += "当事人书面表示放弃陈述、申辩和听证的权利。"
    elif case.papers.filter(kind=PaperKind.STATEMENT_RECORD).exists():
        text += "当事人在规定期限内提出了陈述、申辩意见。"
    else:
        text += "当事人在规定期限内未提出陈述、申辩意见。"
    if case.hearing_held_on is not None:
        text += f"我办于{_date_zh(case.hearing_held_on)}依法举行了听证。"
    review = (review or "").strip()
    return text + (review if review else "")


def _date_zh(day: datetime.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"
