"""The Excel channel of filing: download the pre-filled template, upload it filled in.
Parse the request, call the service (reporting.excel), render."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView

from finsup.accounts.policies import Action
from finsup.core.errors import ApplicationError
from finsup.web.views import ScopedViewMixin

from . import obligations as obl
from .excel import XLSX_CONTENT_TYPE, ExcelFilingRejected, filing_template, filing_upload
from .forms import FilingUploadForm


class FilingTemplateView(ScopedViewMixin, View):
    action = Action.FILING_SUBMIT

    def get(self, request, report, period):
        try:
            file = filing_template(by=request.user, report_code=report, period_label=period)
        except ApplicationError:
            raise Http404 from None
        response = HttpResponse(file.content, content_type=XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=file.filename)
        response["Cache-Control"] = "no-store"
        return response


class FilingUploadView(ScopedViewMixin, FormView):
    action = Action.FILING_SUBMIT
    form_class = FilingUploadForm
    template_name = "reporting/upload.html"

    def get_context_data(self, **kwargs):
        duties = obl.obligations(institutions=[self.request.user.institution])
        duties = [d for d in duties if d.filing_id is None]
        duties.sort(key=lambda d: (d.state != obl.MISSING, -d.due.toordinal()))
        return super().get_context_data(duties=duties[:12], **kwargs)

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        try:
            submission = filing_upload(
                by=self.request.user,
                file=upload,
                file_name=upload.name,
                correction_reason=form.cleaned_data["correction_reason"],
            )
        except ExcelFilingRejected as exc:
            context = self.get_context_data(form=form, rejected=exc, file_name=upload.name)
            return self.render_to_response(context, status=422)
        except ApplicationError as exc:
            form.add_error("correction_reason" if exc.field == "correction_reason" else None, exc.message)
            return self.form_invalid(form)
        messages.success(self.request, _("Filed from the Excel template. The county office will review it."))
        return redirect(submission.get_absolute_url())
