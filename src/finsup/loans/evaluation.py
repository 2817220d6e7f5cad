"""The loan rules over the Parquet store, turned into results per company and day and into risk
warnings: one warning per company, rule and day, listing the loans, never one per loan.

Run after each batch that brought new loans (for that company) and daily for all companies
(`finsup loans evaluate`). Running it again on the same day with the same data writes nothing.
A breach that persists keeps its open warning: a new one opens only once that one is closed.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from finsup.audit.choices import AuditAction
from finsup.audit.services import audit_batch, audit_record
from finsup.core import clock, numbers
from finsup.institutions.choices import InstitutionKind
from finsup.institutions.selectors import all_institutions
from finsup.monitoring.choices import WarningSource
from finsup.monitoring.selectors import open_warning_for
from finsup.monitoring.services import warning_open
from finsup.reporting import catalogue_access as cat
from finsup.reporting.choices import RuleStage
from finsup.reporting.evaluation import warning_level
from finsup.reporting.figures import threshold_text
from finsup.reporting.selectors import counted_filings
from finsup.rulebook.loans_engine import LoanFinding, evaluate_loans
from finsup.rulebook.units import unit_of

from . import portfolio
from .ingest import company_glob
from .models import LoanPortfolioDay, LoanRuleResult
from .store import store_dir

if TYPE_CHECKING:
    from finsup.institutions.models import Institution

NET_ASSETS_REPORT = "ml_monthly_business"
NET_ASSETS_FIELD = "net_assets_prior_year_end"  # entered in 万元, stored in yuan
LISTED_IN_WARNING = 100
NOT_AUDITED = {"loan_ids", "institution"}  # long lists; the entry names its object anyway


@dataclass
class EvaluationSummary:
    as_of: datetime.date
    companies: int = 0
    results_written: int = 0
    warnings_opened: int = 0


def company_context(institutions: Iterable[Institution], as_of: datetime.date) -> dict[str, dict]:
    """What the loan rules need per company: net assets at the prior year end (yuan, from the latest
    counted monthly business statement up to ``as_of``), the approved counties (the approved
    business region, or the county of registration when none is recorded) and whether the registry
    has it licensed for online microloan business."""
    institutions = list(institutions)
    latest: dict[int, Decimal | None] = {}
    filings = (
        counted_filings(institution__in=institutions, report_code=NET_ASSETS_REPORT, period_end__lte=as_of)
        .order_by("institution_id", "-period_end", "-version")
        .values_list("institution_id", "values")
    )
    for inst_id, values in filings:
        if inst_id not in latest:
            value = (values or {}).get(NET_ASSETS_FIELD)
            latest[inst_id] = None if value in (None, "") else Decimal(str(value))
    context = {}
    for inst in institutions:
        region = [o.code for o in inst.business_region.all()] or [inst.county.code]
        context[inst.credit_code] = {
            "net_assets": latest.get(inst.pk),
            "approved_counties": region,
            "online_lending": inst.online_lending,
        }
    return context


def _feeders(institutions, *, with_store: bool = True) -> list[Institution]:
    qs = all_institutions().filter(kind=InstitutionKind.MICROLOAN).select_related("county", "lead_supervisor")
    if institutions is not None:
        qs = qs.filter(pk__in=[i.pk for i in institutions])
    qs = qs.prefetch_related("business_region")
    if not with_store:
        return list(qs)
    base = store_dir() / "loans"
    return [i for i in qs if (base / f"company={i.credit_code}").is_dir()]


def _globs(institutions: list[Institution]) -> list[str]:
    return [company_glob(store_dir(), i.credit_code) for i in institutions]


def loans_evaluate(
    *, as_of: datetime.date | None = None, institutions=None, findings: list[LoanFinding] | None = None
) -> EvaluationSummary:
    """Evaluates the loan rules in force on ``as_of`` (today) for the companies with loan data
    (``institutions`` limits them) and stores results and warnings. ``findings`` computed elsewhere
    (e.g. by the Spark job of a provincial deployment) are stored instead of evaluating here."""
    as_of = as_of or clock.today()
    feeders = _feeders(institutions, with_store=findings is None)
    summary = EvaluationSummary(as_of=as_of, companies=len(feeders))
    if not feeders:
        return summary
    rulebook = cat.rulebook()
    books: dict[str, portfolio.Book] = {}
    if findings is None:  # here, on the local store; else the loan book is the cluster's to report
        globs = _globs(feeders)
        findings = evaluate_loans(rulebook, globs, company_context(feeders, as_of), as_of=as_of)
        books = portfolio.books(globs, as_of=as_of)
    by_code = {i.credit_code: i for i in feeders}
    with audit_batch(), transaction.atomic():
        for finding in findings:
            inst = by_code.get(finding.company)
            if inst is not None:
                written, opened = _store(inst, finding, as_of, rulebook)
                summary.results_written += written
                summary.warnings_opened += opened
        for code, book in books.items():
            if code in by_code:
                summary.results_written += _store_book(by_code[code], as_of, book)
    return summary


def _store(inst: Institution, f: LoanFinding, as_of: datetime.date, rulebook) -> tuple[int, int]:
    # Findings imported from a provincial Spark job may name a rule this rulebook lacks: it counts as active.
    stage = next((r.stage for r in rulebook if r.id == f.rule_id), RuleStage.ACTIVE)
    fields = dict(
        rule_version=f.rule_version,
        value=f.value,
        comparator=f.comparator,
        threshold=threshold_text(f.threshold),
        passed=f.passed,
        severity=f.severity,
        stage=stage,
        loan_count=f.loan_count,
        loan_ids=list(f.loan_ids),
    )
    opened = 0
    if f.passed is False and stage != RuleStage.TEST:  # a rule in test is shown, it warns no one
        fields["warning"], created = _open_warning(inst, f, as_of, rulebook)
        opened = int(created)
    # The audit trail names the rule by its description, not its id (issue 16).
    rule = next((r for r in rulebook if r.id == f.rule_id), None)
    shown = f"{(rule.description_zh.split('。')[0] if rule else f.rule_id)[:60]} {as_of}"
    key = dict(institution=inst, as_of=as_of, rule_id=f.rule_id)
    _, written = _save_for_day(LoanRuleResult, key, fields, object_repr=shown)
    return int(written), opened


def _shown(value):
    return value if isinstance(value, (bool, type(None))) else str(value)


def _save_for_day(model, key: dict, fields: dict, *, object_repr: str = ""):
    """Creates or updates the row of ``key`` (a company and a day); writes and audits only what changed,
    so that evaluating the same data again writes nothing. Returns (row, written)."""
    existing = model.objects.filter(**key).select_related("institution__county").first()  # its audit office path
    if existing is None:
        row = model.objects.create(**key, **fields, evaluated_at=clock.now())
        changes = {k: [None, _shown(v)] for k, v in (key | fields).items() if k not in NOT_AUDITED}
        audit_record(action=AuditAction.CREATE, obj=row, changes=changes, object_repr=object_repr)
        return row, True
    before = {k: getattr(existing, k) for k in fields}
    changed = {k: v for k, v in fields.items() if before[k] != v}
    if not changed:
        return existing, False
    for k, v in changed.items():
        setattr(existing, k, v)
    existing.evaluated_at = clock.now()
    existing.save()
    changes = {k: [_shown(before[k]), _shown(v)] for k, v in changed.items() if k not in NOT_AUDITED}
    audit_record(action=AuditAction.UPDATE, obj=existing, changes=changes, object_repr=object_repr)
    return existing, True


def _open_warning(inst: Institution, f: LoanFinding, as_of: datetime.date, rulebook):
    """At most one warning per company, rule and day; a breach that persists from an earlier day
    stays on the warning still open for it rather than opening one each day."""
    still_open = open_warning_for(institution=inst, source=WarningSource.LOAN_MONITORING, rule_id=f.rule_id)
    if still_open is not None:
        return still_open, False
    rule = rulebook.get(f.rule_id)
    description = rule.description_zh.rstrip("。")
    level = warning_level(f.severity)
    if rule.is_row_rule:
        title = _("%(rule)s: %(count)s loans on %(day)s") % {
            "rule": description[:100],
            "count": f.loan_count,
            "day": as_of,
        }
        listed = ", ".join(f.loan_ids[:LISTED_IN_WARNING])
        more = f.loan_count - min(len(f.loan_ids), LISTED_IN_WARNING)
        detail = _("Loans: %(loans)s") % {"loans": listed}
        if more > 0:
            detail += " " + _("and %(count)s more (see the monitoring page).") % {"count": more}
    else:
        title = _("%(rule)s on %(day)s") % {"rule": description[:120], "day": as_of}
        unit, limit = unit_of(rule), threshold_text(f.threshold)
        detail = _("Value %(value)s, limit %(limit)s.") % {
            "value": numbers.shown(f.value, unit, against=None if f.comparator == "between" else limit),
            "limit": numbers.limit_text(f.comparator, limit, unit),
        }
    # The rule is named by the title and kept with its version on the warning and the finding.
    return warning_open(
        institution=inst,
        key=f"{WarningSource.LOAN_MONITORING}:{f.rule_id}:{inst.pk}:{as_of.isoformat()}",
        source=WarningSource.LOAN_MONITORING,
        level=level,
        title=title,
        detail=detail,
        rule_id=f.rule_id,
        citation=str(f.citation) if f.citation else "",
        period_end=as_of,
    )


def _store_book(inst: Institution, as_of: datetime.date, book: portfolio.Book) -> int:
    fields = dict(
        live_loans=book.live_loans,
        borrowers=book.borrowers,
        outstanding=book.outstanding,
        overdue_outstanding=book.overdue_outstanding,
    )
    return int(_save_for_day(LoanPortfolioDay, dict(institution=inst, as_of=as_of), fields)[1])
