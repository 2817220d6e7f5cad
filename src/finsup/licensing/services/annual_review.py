"""Annual review (年审): open a review with its checklist pre-filled from the platform's data,
judge each item, conclude with an outcome and the consequences to propose."""

from __future__ import annotations

import copy
import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from finsup.accounts.policies import Action, require
from finsup.audit.choices import AuditAction
from finsup.audit.services import audit_record, diff, snapshot
from finsup.core import clock
from finsup.core.errors import ApplicationError, InvalidTransition
from finsup.core.lifecycle import Lifecycle, transition
from finsup.documents.choices import DocumentKind
from finsup.documents.selectors import documents_of
from finsup.documents.services import document_draft
from finsup.inspections.effects import measures_from_review
from finsup.institutions.choices import ApprovalStatus, InstitutionKind

from ..choices import (
    APPROVAL_KINDS,
    CHECKLIST,
    REVIEW_TRANSITIONS,
    CheckItem,
    CheckResult,
    Consequence,
    ReviewOutcome,
    ReviewStatus,
)
from ..errors import Code
from ..models import AnnualReview, ReviewCheck, ReviewConsequence
from ..notices import annual_review_notice_context
from ._common import outside

if TYPE_CHECKING:
    from finsup.accounts.models import User
    from finsup.documents.models import OfficialDocument
    from finsup.institutions.models import Institution

# A review is opened, then concluded once; its conclusion is in the audit trail (no event table).
# The one refusal a review can meet is a second conclusion.
REVIEW = Lifecycle(
    model=AnnualReview,
    table=REVIEW_TRANSITIONS,
    refusal=lambda current, to: _("This review is already concluded."),
    select_related=("institution__county",),
)

MET, NOT_MET, NOT_ASSESSED = CheckResult.MET, CheckResult.NOT_MET, CheckResult.NOT_ASSESSED


@transaction.atomic
def annual_review_open(
    *, by: User, institution: Institution, year: int, as_of: datetime.date | None = None
) -> AnnualReview:
    require(by, Action.ANNUAL_REVIEW_RUN, office=institution.county, outside=outside(institution.county))
    as_of = as_of or clock.today()
    if year >= as_of.year:
        raise ApplicationError(
            _("A year can be reviewed only after it has ended."), field="year", code=Code.YEAR_NOT_ENDED
        )
    if AnnualReview.objects.filter(institution=institution, year=year).exists():
        raise ApplicationError(
            _("This institution's review of %(year)s is already open.") % {"year": year},
            field="year",
            code=Code.REVIEW_ALREADY_OPEN,
        )
    review = AnnualReview.objects.create(institution=institution, year=year, opened_by=by, opened_at=clock.now())
    computed = compute_checks(institution=institution, year=year, as_of=as_of)
    for item in CHECKLIST[institution.kind]:
        result, evidence = computed.get(item, (NOT_ASSESSED, ""))
        ReviewCheck.objects.create(
            review=review, item=item, result=result, evidence=evidence, computed=item in computed
        )
    audit_record(
        action=AuditAction.CREATE,
        obj=review,
        changes=diff(None, snapshot(review) | {"checks": {i: computed.get(i, (NOT_ASSESSED,))[0] for i in computed}}),
    )
    return review


@transaction.atomic
def annual_review_check_update(*, by: User, check: ReviewCheck, result: str, evidence: str, remark: str) -> ReviewCheck:
    review = AnnualReview.objects.select_for_update().get(pk=check.review_id)
    county = review.institution.county
    require(by, Action.ANNUAL_REVIEW_RUN, office=county, outside=outside(county))
    if review.status != ReviewStatus.OPEN:
        raise InvalidTransition(_("A concluded review cannot be changed."), code=Code.REVIEW_CONCLUDED)
    if result not in CheckResult.values:
        raise ApplicationError(_("Choose a result."), field="result", code=Code.RESULT_REQUIRED)
    check = ReviewCheck.objects.get(pk=check.pk)
    if result != check.result and not remark.strip():
        raise ApplicationError(
            _("Say why the result differs from the one recorded."),
            field="remark",
            code=Code.RESULT_CHANGE_REASON_REQUIRED,
        )
    before = snapshot(check)
    check.result, check.evidence, check.remark, check.updated_by = result, evidence.strip(), remark.strip(), by
    check.save()
    changes = diff(before, snapshot(check))
    changes.pop("updated_at", None)
    audit_record(action=AuditAction.UPDATE, obj=check, changes=changes, object_repr=f"{review} · {check}")
    return check


def suggested_consequences(*, review: AnnualReview, outcome: str) -> list[str]:
    """What the source attaches to the outcome: a warning and a rectification deadline for a
    conditional pass; for a failure also suspension of some business, and for a guarantee company
    the loss of its licence through the province (failed review, or two years without business)."""
    if outcome == ReviewOutcome.PASS:
        return []
    out = [Consequence.WARNING, Consequence.RECTIFICATION]
    if outcome == ReviewOutcome.FAIL:
        out.append(Consequence.SUSPEND_BUSINESS)
        if review.institution.kind == InstitutionKind.GUARANTEE:
            out.append(Consequence.LICENCE_LOSS)
    return out


@transaction.atomic
def annual_review_conclude(
    *,
    by: User,
    review: AnnualReview,
    outcome: str,
    reason: str,
    consequences: list[str] | None = None,
    rectification_due: datetime.date | None = None,
) -> AnnualReview:
    review = REVIEW.lock(review)
    county = review.institution.county
    require(by, Action.ANNUAL_REVIEW_CONCLUDE, office=county, outside=outside(county))
    REVIEW.check(review.status, ReviewStatus.CONCLUDED)
    if outcome not in ReviewOutcome.values:
        raise ApplicationError(_("Choose an outcome."), field="outcome", code=Code.OUTCOME_REQUIRED)
    results = dict(review.checks.values_list("item", "result"))
    if NOT_ASSESSED in results.values():
        raise ApplicationError(
            _("Assess every item of the checklist first."), field="outcome", code=Code.CHECKLIST_INCOMPLETE
        )
    if outcome == ReviewOutcome.PASS and NOT_MET in results.values():
        raise ApplicationError(
            _("An institution that fails an item cannot pass without conditions."),
            field="outcome",
            code=Code.FAILED_ITEM_NEEDS_CONDITIONS,
        )
    if outcome != ReviewOutcome.PASS and not reason.strip():
        raise ApplicationError(
            _("Give the reasons for this outcome."), field="reason", code=Code.OUTCOME_REASONS_REQUIRED
        )
    if consequences is None:
        consequences = suggested_consequences(review=review, outcome=outcome)
    consequences = [Consequence(c) for c in dict.fromkeys(consequences)]
    if outcome == ReviewOutcome.PASS and consequences:
        raise ApplicationError(
            _("A plain pass carries no consequences."), field="consequences", code=Code.PLAIN_PASS_HAS_NO_CONSEQUENCES
        )
    if outcome != ReviewOutcome.PASS and not consequences:
        raise ApplicationError(
            _("Choose at least one consequence."), field="consequences", code=Code.CONSEQUENCE_REQUIRED
        )
    if Consequence.RECTIFICATION in consequences:
        if rectification_due is None:
            raise ApplicationError(
                _("Give the rectification deadline."), field="rectification_due", code=Code.DEADLINE_REQUIRED
            )
        if rectification_due <= clock.today():
            raise ApplicationError(
                _("The rectification deadline must be in the future."),
                field="rectification_due",
                code=Code.DEADLINE_IN_PAST,
            )
    before = snapshot(review)
    fields = {
        "outcome": outcome,
        "reason": reason.strip(),
        "rectification_due": rectification_due if Consequence.RECTIFICATION in consequences else None,
        "concluded_by": by,
        "concluded_at": clock.now(),
    }
    concluded = copy.copy(review)  # the row as the move leaves it, for the audit's diff
    for name, value in {**fields, "status": ReviewStatus.CONCLUDED}.items():
        setattr(concluded, name, value)
    review = transition(
        review,
        to=ReviewStatus.CONCLUDED,
        by=by,
        lifecycle=REVIEW,
        locked=True,
        fields=fields,
        audit_changes=diff(before, snapshot(concluded)) | {"consequences": [None, [str(c) for c in consequences]]},
    )
    for kind in consequences:
        ReviewConsequence.objects.create(
            review=review,
            kind=kind,
            detail=review.reason,
            due_on=review.rectification_due if kind == Consequence.RECTIFICATION else None,
        )
    audit_record(
        action=AuditAction.STATUS,
        obj=review,
        changes=diff(before, snapshot(review)) | {"consequences": [None, [str(c) for c in consequences]]},
    )
    measures_from_review(review, review_consequences(review))  # the consequences become measure proposals
    return review


def review_consequences(review: AnnualReview) -> list[dict]:
    """The consequences a concluded review proposes, as data for the inspections app to turn into
    supervisory measures: one dict per consequence with the institution, kind, reasons and due date."""
    if review.status != ReviewStatus.CONCLUDED:
        return []
    return [
        {
            "review_id": review.pk,
            "institution_id": review.institution_id,
            "year": review.year,
            "outcome": review.outcome,
            "kind": c.kind,
            "label": str(c.get_kind_display()),
            "detail": c.detail,
            "due_on": c.due_on,
            "through_province": c.kind == Consequence.LICENCE_LOSS,
        }
        for c in review.consequences.all()
    ]


@transaction.atomic
def annual_review_notice_draft(*, by: User, review: AnnualReview) -> OfficialDocument:
    """Drafts the notice of the conclusion (年审结论通知书) to the institution, in the name of its
    county office, once the review is concluded; the draft then goes through the documents' check
    and sign-off. One notice per review: a second draft is refused (revise the first)."""
    review = REVIEW.lock(review)
    county = review.institution.county
    require(by, Action.ANNUAL_REVIEW_RUN, office=county, outside=outside(county))
    if review.status != ReviewStatus.CONCLUDED:
        raise InvalidTransition(
            _("The notice is drafted once the review is concluded."), code=Code.REVIEW_NOT_CONCLUDED
        )
    if documents_of(actor=by, subject=review).filter(kind=DocumentKind.ANNUAL_REVIEW_NOTICE).exists():
        raise ApplicationError(
            _("This review's notice is drafted already: revise it instead."), code=Code.NOTICE_ALREADY_DRAFTED
        )
    return document_draft(
        kind=DocumentKind.ANNUAL_REVIEW_NOTICE,
        office=county,
        institution=review.institution,
        context=annual_review_notice_context(review),
        by=by,
        subject=review,
    )


# -- What the platform can tell by itself ------------------------------------------------------


def compute_checks(*, institution: Institution, year: int, as_of: datetime.date) -> dict[str, tuple[str, str]]:
    """(result, evidence) for each item the platform's data decide; items it cannot judge are absent
    or NOT_ASSESSED with the reason."""
    out = {
        CheckItem.CAPITAL_INTACT: _capital(institution, year),
        CheckItem.REPORTS_ON_TIME: _reports(institution, year, as_of),
        CheckItem.AUDITED_STATEMENTS: _audited(institution, year, as_of),
        CheckItem.RECTIFICATIONS_CLOSED: _rectifications(institution),
        CheckItem.EXECUTIVES_GOOD_STANDING: _executives(institution, year),
    }
    if institution.kind == InstitutionKind.GUARANTEE:
        out[CheckItem.GUARANTEE_BUSINESS] = _guarantee_business(institution, year)
    return out


def _counted(institution: Institution, **filters):
    from finsup.reporting.selectors import counted_filings

    return counted_filings(institution=institution, **filters)


def _yuan(value) -> str:
    return f"{Decimal(value):,.2f}"


def _capital(institution: Institution, year: int) -> tuple[str, str]:
    reg, paid = institution.registered_capital, institution.paid_in_capital
    if paid < reg:
        return NOT_MET, _("Paid-in capital %(paid)s yuan is below registered capital %(reg)s yuan.") % {
            "paid": _yuan(paid),
            "reg": _yuan(reg),
        }
    latest = None
    for filing in _counted(institution, period_end__year=year).order_by("-period_end", "-version"):
        if (filing.values or {}).get("net_assets") not in (None, ""):
            latest = filing
            break
    if latest is None:
        return NOT_ASSESSED, _("Capital paid in in full; no net assets filed for %(year)s.") % {"year": year}
    net = Decimal(str(latest.values["net_assets"]))
    args = {"net": _yuan(net), "reg": _yuan(reg), "date": latest.period_end.isoformat()}
    if net < reg:
        return NOT_MET, _("Net assets %(net)s yuan on %(date)s are below registered capital %(reg)s yuan.") % args
    return MET, _("Capital paid in in full; net assets %(net)s yuan on %(date)s (registered %(reg)s yuan).") % args


def _reports(institution: Institution, year: int, as_of: datetime.date) -> tuple[str, str]:
    from finsup.reporting.obligations import LATE, MISSING, NOT_DUE, obligations

    rows = [o for o in obligations(institutions=[institution], as_of=as_of) if o.period.end.year == year]
    if not rows:
        return NOT_ASSESSED, _("No filing was owed for %(year)s.") % {"year": year}
    late = [o for o in rows if o.state == LATE]
    missing = [o for o in rows if o.state == MISSING]
    pending = [o for o in rows if o.state == NOT_DUE]
    evidence = _("%(n)s filings owed for %(year)s: %(late)s late, %(missing)s missing, %(pending)s not yet due.") % {
        "n": len(rows),
        "year": year,
        "late": len(late),
        "missing": len(missing),
        "pending": len(pending),
    }
    if late or missing:
        names = sorted({f"{o.report_name} {o.period.label}" for o in [*missing, *late]})[:10]
        return NOT_MET, evidence + " " + "、".join(names)
    return (NOT_ASSESSED if pending else MET), evidence


def _audited(institution: Institution, year: int, as_of: datetime.date) -> tuple[str, str]:
    if institution.kind != InstitutionKind.GUARANTEE:
        return NOT_ASSESSED, _("Audited statements are not filed through the platform for this kind; check the paper.")
    filing = _counted(institution, report_code="gs_annual", period_end__year=year).order_by("-version").first()
    if filing and (filing.values or {}).get("audit_report_date"):
        return MET, _("Annual report of %(year)s with the audit report of %(date)s by %(firm)s (%(opinion)s).") % {
            "year": year,
            "date": filing.values.get("audit_report_date"),
            "firm": filing.values.get("audit_firm") or "—",
            "opinion": filing.values.get("audit_opinion") or "—",
        }
    if filing:
        return NOT_MET, _("The annual report of %(year)s names no audit report.") % {"year": year}
    return NOT_MET, _("No accepted annual report of %(year)s.") % {"year": year}


def _rectifications(institution: Institution) -> tuple[str, str]:
    from finsup.monitoring.choices import WarningStatus
    from finsup.monitoring.selectors import warnings_in_status

    open_ones = warnings_in_status(institution=institution, status=WarningStatus.RECTIFYING)
    count = open_ones.count()
    if count:
        titles = "、".join(open_ones.values_list("title", flat=True)[:5])
        return NOT_MET, _("%(n)s risk warnings still in rectification: %(titles)s") % {"n": count, "titles": titles}
    return MET, _("No risk warning is in rectification.")


def _executives(institution: Institution, year: int) -> tuple[str, str]:
    year_end = datetime.date(year, 12, 31)
    people = [
        p
        for p in institution.key_persons.all()
        if (p.took_office_on is None or p.took_office_on <= year_end)
        and (p.left_office_on is None or p.left_office_on > year_end)
    ]
    if not people:
        return NOT_ASSESSED, _("No director, supervisor or executive recorded.")
    refused = [p for p in people if p.approval_status == ApprovalStatus.REFUSED]
    pending = [p for p in people if p.approval_status == ApprovalStatus.PENDING]
    bad = refused + (pending if institution.kind in APPROVAL_KINDS else [])
    if bad:
        return NOT_MET, _("In office without approval: %(names)s") % {
            "names": "、".join(f"{p.name}（{p.get_approval_status_display()}）" for p in bad)
        }
    return MET, _("%(n)s in office, all approved or filed.") % {"n": len(people)}


def _guarantee_business(institution: Institution, year: int) -> tuple[str, str]:
    filings = _counted(institution, report_code__in=["gs_quarterly", "gs_annual"], period_end__year__gte=year - 1)
    filings = filings.filter(period_end__year__lte=year)
    issued = Decimal(0)
    seen = False
    for f in filings:
        for field in ("issued_quarter", "issued_year"):
            value = (f.values or {}).get(field)
            if value not in (None, ""):
                seen = True
                issued = max(issued, Decimal(str(value)))
    if not seen:
        return NOT_ASSESSED, _("No guarantee figures filed for %(a)s–%(b)s.") % {"a": year - 1, "b": year}
    if issued > 0:
        return MET, _("New guarantees issued in %(a)s–%(b)s.") % {"a": year - 1, "b": year}
    return NOT_MET, _("No new guarantee issued in %(a)s–%(b)s.") % {"a": year - 1, "b": year}
