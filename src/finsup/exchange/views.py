"""The exchange page of the city's and the province's staff: export a document for the province
(JSON, validated by its published schema in the tests), download what was exported, record the
province's receipt. Views parse, call one service or selector, render."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from finsup.accounts.policies import Action
from finsup.core import clock
from finsup.core.errors import NotFound
from finsup.reporting.summaries.periods import period_text, recent_periods
from finsup.web.views import ScopedObjectMixin, ScopedViewMixin, ServicePostMixin

from . import contract, selectors, services
from .choices import ExportKind
from .forms import ExportForm, ReceiptForm


class ExchangeMixin(ScopedViewMixin):
    """The city's and the province's staff only; anyone else, a county's staff included, gets 404."""

    action = Action.EXCHANGE_VIEW

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not selectors.may_view(request.user):
            raise Http404
        return super().dispatch(request, *args, **kwargs)


def _period_choices(today) -> list[tuple[str, str, bool]]:
    """(label, the period in words, selected): the half-years and years, the running ones said to be
    running, the newest one already over selected."""
    periods = recent_periods(today)
    closed = next((p for p in periods if p.end < today), None)
    return [
        (
            p.label,
            period_text(p) if p.end < today else _("%(period)s (not over yet)") % {"period": period_text(p)},
            p == closed,
        )
        for p in periods
    ]


def page_context(user, **forms) -> dict:
    exports = list(selectors.export_list(actor=user)[:200])
    return {
        "exports": exports,
        "may_export": selectors.may_export(user),
        "offices": selectors.exportable_offices(actor=user),
        "periods": _period_choices(clock.today()),
        "cycles": selectors.exportable_cycles(actor=user),
        "office_reports": selectors.exportable_office_reports(actor=user),
        "kinds": ExportKind,
        "schema_files": contract.published_files(),
        "export_form": forms.get("export_form") or ExportForm(),
        "receipt_form": forms.get("receipt_form") or ReceiptForm(),
        "receipt_for": forms.get("receipt_for"),
    }


class ExportListView(ExchangeMixin, TemplateView):
    template_name = "exchange/exports.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**page_context(self.request.user), **kwargs)


class ExportCreateView(ExchangeMixin, ServicePostMixin, View):
    action = Action.EXCHANGE_EXPORT
    form_class = ExportForm
    form_name = "export_form"
    page_template = "exchange/exports.html"

    def call(self, form) -> str:
        data = form.cleaned_data
        self.export = services.export_create(
            by=self.request.user,
            kind=data["kind"],
            office_code=data["office"] or "",
            period_label=data["period"] or "",
            cycle_id=data["cycle"],
            submission_id=data["submission"],
            rows=data["rows"],
        )
        return _("Exported {filename} (SHA-256 {sha256}).").format(
            filename=self.export.filename, sha256=self.export.sha256
        )

    def page_context(self, **forms) -> dict:
        return page_context(self.request.user, **forms)

    def get_success_url(self) -> str:
        return reverse("exchange:list") + f"#export-{self.export.pk}"


class ExportMixin(ScopedObjectMixin, ExchangeMixin):
    object_name = "export"

    def load_object(self, actor, pk):
        try:
            return selectors.export_get(actor=actor, pk=pk)
        except NotFound:
            raise Http404 from None


class ExportDownloadView(ExportMixin, View):
    def get(self, request, pk):
        content = services.export_download(by=request.user, export=self.export)
        response = HttpResponse(content, content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=self.export.filename)
        response["Cache-Control"] = "no-store"
        return response


class ReceiptCreateView(ExportMixin, ServicePostMixin, View):
    action = Action.EXCHANGE_EXPORT
    form_class = ReceiptForm
    form_name = "receipt_form"
    page_template = "exchange/exports.html"

    def call(self, form) -> str:
        data = form.cleaned_data
        receipt = services.receipt_record(
            by=self.request.user,
            export=self.export,
            number=data["number"],
            received_at=data["received_at"],
            outcome=data["outcome"],
            reason=data["reason"],
        )
        return _("Receipt {number} recorded.").format(number=receipt.number)

    def page_context(self, **forms) -> dict:
        return page_context(self.request.user, receipt_for=self.export.pk, **forms)

    def get_success_url(self) -> str:
        return reverse("exchange:list") + f"#export-{self.export.pk}"


class SchemaFileView(ExchangeMixin, View):
    """The published schema files, as they are in the repository."""

    def get(self, request, name: str):
        try:
            content = contract.schema_bytes(name)
        except KeyError:
            raise Http404 from None
        response = HttpResponse(content, content_type="application/schema+json; charset=utf-8")
        response["Content-Disposition"] = content_disposition_header(as_attachment=False, filename=name)
        return response
