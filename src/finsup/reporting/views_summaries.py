"""Summary pages and downloads: parse the office and period, call the summaries package, render."""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404, HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from finsup.accounts.choices import OfficeLevel
from finsup.accounts.policies import Action
from finsup.core import clock
from finsup.monitoring.choices import WarningLevel, WarningSource
from finsup.web.views import ScopedViewMixin

from .periods import Period
from .summaries import data, exports
from .summaries.exports import SummaryFile
from .summaries.periods import default_period, period_text, recent_periods, summary_period

# The page lists the most overdue filings; the workbook has all of them.
PROBLEMS_SHOWN = 30


class SummaryAccessMixin(ScopedViewMixin):
    """Staff only; an office outside the user's jurisdiction or a malformed period is a 404."""

    action = Action.SUMMARY_VIEW

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and request.user.is_institution_user:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def office(self, code: str):
        try:
            return data.summary_office_get(actor=self.request.user, code=code)
        except ObjectDoesNotExist:  # not a summary office of the user's jurisdiction
            raise Http404 from None

    def period(self, label: str) -> Period:
        try:
            return summary_period(label)
        except ValueError:
            raise Http404 from None


def _warning_groups(summary) -> list:
    """The warning tallies with the interface's labels of levels and sources."""
    w = summary.warnings
    return [
        (_("By level"), [{"text": WarningLevel(t.key).label, "tally": t} for t in w.by_level]),
        (_("By source"), [{"text": WarningSource(t.key).label, "tally": t} for t in w.by_source]),
    ]


def _download(file: SummaryFile) -> HttpResponse:
    response = HttpResponse(file.content, content_type=file.content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=file.filename)
    response["Cache-Control"] = "no-store"
    return response


class SummaryView(SummaryAccessMixin, TemplateView):
    template_name = "reporting/summaries.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        offices = data.summary_offices(actor=user)
        if not offices:
            raise Http404
        # A provincial user has no summary of its own: it starts with the first office below it.
        own = next((o for o in offices if o.pk == user.office_id), offices[0])
        office = self.office(self.request.GET["office"]) if self.request.GET.get("office") else own
        today = clock.today()
        label = self.request.GET.get("period")
        period = self.period(label) if label else default_period(today)
        summary = data.office_summary(office=office, period=period, today=today)
        is_city = office.level == OfficeLevel.CITY
        choices = recent_periods(today)
        if period not in choices:
            choices.insert(0, period)
        return super().get_context_data(
            offices=offices,
            office=office,
            period=period,
            periods=[(p.label, period_text(p)) for p in choices],
            period_label=period_text(period),
            running=period.end >= today,
            summary=summary,
            consolidation=data.consolidate(summary) if is_city else None,
            warning_groups=_warning_groups(summary),
            problems=summary.filings.problems[:PROBLEMS_SHOWN],
            problems_more=max(len(summary.filings.problems) - PROBLEMS_SHOWN, 0),
            is_city=is_city,
            **kwargs,
        )


class SummaryExcelView(SummaryAccessMixin, View):
    def get(self, request, code: str, period: str):
        return _download(exports.summary_excel(office=self.office(code), period=self.period(period)))


class SummaryDocxView(SummaryAccessMixin, View):
    def get(self, request, code: str, period: str):
        return _download(exports.summary_docx(office=self.office(code), period=self.period(period)))


class CityConsolidatedExcelView(SummaryAccessMixin, View):
    def get(self, request, period: str):
        try:
            city = data.city_office_get(actor=request.user)
        except ObjectDoesNotExist:
            raise Http404 from None
        return _download(exports.city_consolidated_excel(office=city, period=self.period(period)))
