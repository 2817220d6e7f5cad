"""Loan-level monitoring pages: the batches received, the data contract, and a company's loan rules
over time. Parse the request, call one selector, render. No page shows a borrower's identifier (none
is stored); loans are named by the company's own loan numbers."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ObjectDoesNotExist
from django.http import FileResponse, Http404
from django.utils.translation import gettext, gettext_lazy
from django.views import View
from django.views.generic import ListView, TemplateView

from finsup.accounts.policies import Action, can_feed_loans, can_view_loan_batches
from finsup.monitoring.views import InstitutionIndicatorsView
from finsup.web.lists import DATETIME, NAME, NUMBER, Column, ListPageMixin
from finsup.web.views import ScopedViewMixin

from . import selectors
from .feeds import LISTED_REJECTIONS
from .models import LoanBatch, LoanRuleResult

CONTRACT_DIR = Path(__file__).resolve().parent / "contract"
CONTRACT_TYPES = {
    ".json": "application/json",
    ".csv": "text/csv; charset=utf-8",
    ".md": "text/markdown; charset=utf-8",
}


@dataclass(frozen=True)
class ContractFile:
    name: str
    label: str


def _contract_label(name: str) -> str:
    if ".schema." in name:
        return gettext("JSON Schema of one row: the columns, their formats and allowed values")
    if ".example." in name:
        return gettext("example file (made-up identifiers)")
    if name.upper().startswith("README"):
        return gettext("guide for the company’s IT staff: formats, checks, personal data")
    return ""


def contract_files() -> list[ContractFile]:
    """The files of the data contract that companies' IT staff may download (schema, examples, guide)."""
    names = [p.name for p in CONTRACT_DIR.iterdir() if p.is_file() and p.suffix in CONTRACT_TYPES]
    files = [ContractFile(name=n, label=_contract_label(n)) for n in names]
    return sorted(files, key=lambda f: (not f.label, f.name.upper().startswith("README"), f.name))


class LoanBatchAccessMixin(ScopedViewMixin):
    """Staff with the action, and the users of microloan companies (other institutions feed no loans)."""

    action = Action.LOAN_BATCH_VIEW

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not can_view_loan_batches(request.user):
            raise Http404
        return super().dispatch(request, *args, **kwargs)


BATCH_COLUMNS = (
    Column("received", gettext_lazy("received at"), "received_at", kind=DATETIME, order=("received_at",)),
    Column("company", gettext_lazy("company"), "institution.name", kind=NAME, order=("institution__name",)),
    Column("file", gettext_lazy("file"), "source_name", order=("source_name",)),
    Column("channel", gettext_lazy("channel"), "get_channel_display", order=("channel",)),
    Column("outcome", gettext_lazy("outcome"), "get_outcome_display", order=("outcome",)),
    Column("read", gettext_lazy("rows read"), "rows_read", kind=NUMBER, order=("rows_read",), css="num"),
    Column("written", gettext_lazy("rows imported"), "rows_written", kind=NUMBER, order=("rows_written",), css="num"),
    Column(
        "rejected", gettext_lazy("rows rejected"), "rejected_rows", kind=NUMBER, order=("rejected_rows",), css="num"
    ),
    Column(
        "by",
        gettext_lazy("submitted by"),
        lambda b: b.submitted_by or "",
        kind=NAME,
        order=("submitted_by__display_name",),
    ),
)


class LoanBatchListView(LoanBatchAccessMixin, ListPageMixin, ListView):
    template_name = "loans/batch_list.html"
    default_sort = "-received"
    export_title = gettext_lazy("Loan batches")

    def get_queryset(self):
        # A company reads only its own batches: no company column.
        own = self.request.user.is_institution_user
        self.columns = tuple(c for c in BATCH_COLUMNS if not (own and c.key == "company"))
        qs, self.filterset = selectors.loan_batch_list(actor=self.request.user, filters=self.request.GET)
        return qs

    def get_template_names(self):
        return ["loans/_batch_table.html"] if self.request.htmx else [self.template_name]

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            filter=self.filterset,
            can_upload=can_feed_loans(self.request.user),
            **kwargs,
        )


class LoanBatchDetailView(LoanBatchAccessMixin, TemplateView):
    template_name = "loans/batch_detail.html"

    def get_context_data(self, pk, **kwargs):
        try:
            batch = selectors.loan_batch_get(actor=self.request.user, pk=pk)
        except LoanBatch.DoesNotExist:
            raise Http404 from None
        report = batch.report.splitlines()
        return super().get_context_data(
            batch=batch,
            report_head=report[0] if report else "",
            report_more=len(report) > 1,
            listed_cap=LISTED_REJECTIONS,
            rejected=selectors.batch_rejected_rows(batch=batch),
            can_upload=can_feed_loans(self.request.user),
            **kwargs,
        )


class ContractFileView(LoanBatchAccessMixin, View):
    """A file of the loan-level data contract, as an attachment."""

    def get(self, request, name):
        if name not in {f.name for f in contract_files()}:
            raise Http404
        path = CONTRACT_DIR / name
        return FileResponse(
            open(path, "rb"), as_attachment=True, filename=name, content_type=CONTRACT_TYPES[path.suffix]
        )


class CompanyMixin(ScopedViewMixin):
    """The microloan company of the URL, from the companies the user may see (404 otherwise): staff
    their jurisdiction's, a company's users their own."""

    action = Action.LOAN_MONITOR_VIEW

    def company(self):
        try:
            return selectors.loan_company_get(actor=self.request.user, pk=self.kwargs["pk"])
        except ObjectDoesNotExist:  # the company is not the user's to see
            raise Http404 from None

    def get_context_data(self, **kwargs):
        # A company reads its warnings as its breaches (no assignment, no office notes); staff the warning.
        staff = not self.request.user.is_institution_user
        return super().get_context_data(
            staff=staff, warning_view="monitoring:warning_detail" if staff else "monitoring:breach_detail", **kwargs
        )


class CompanyMonitoringView(CompanyMixin, TemplateView):
    template_name = "loans/company.html"
    chart_labels = {
        "outstanding": gettext_lazy("outstanding"),
        "overdue": gettext_lazy("overdue outstanding"),
        "wan": gettext_lazy("10,000 yuan"),
    }
    indicator_labels = InstitutionIndicatorsView.chart_labels  # the aggregate rules are drawn by its script

    def get_context_data(self, **kwargs):
        company = self.company()
        actor = self.request.user
        day, results = selectors.loan_results_latest(actor=actor, institution=company)
        warnings, warning_count = selectors.loan_warnings_open(actor=actor, institution=company)
        charts = selectors.loan_chart_data(actor=actor, institution=company)
        return super().get_context_data(
            company=company,
            day=day,
            results=results,
            book=selectors.loan_book_latest(actor=actor, institution=company),
            warnings=warnings,
            warning_count=warning_count,
            charts=charts,
            loan_charts={"book": charts["book"], "hits": charts["hits"]},
            has_charts=bool(charts["book"]["days"] or charts["rules"] or charts["hits"]["days"]),
            chart_labels=self.chart_labels,
            indicator_labels=self.indicator_labels,
            **kwargs,
        )


class RuleLoansView(CompanyMixin, TemplateView):
    """Every loan number kept for one rule's result (on ?day=YYYY-MM-DD, the latest day by default)."""

    template_name = "loans/rule_loans.html"

    def get_context_data(self, rule_id, **kwargs):
        company = self.company()
        day = None
        if self.request.GET.get("day"):
            try:
                day = datetime.date.fromisoformat(self.request.GET["day"])
            except ValueError:
                raise Http404 from None
        try:
            row = selectors.loan_rule_result_get(actor=self.request.user, institution=company, rule_id=rule_id, day=day)
        except LoanRuleResult.DoesNotExist:
            raise Http404 from None
        return super().get_context_data(company=company, row=row, **kwargs)
