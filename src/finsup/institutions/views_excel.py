"""Excel export, import template and import of the registry: parse the request, call the service, render."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.http import content_disposition_header
from django.utils.translation import ngettext
from django.views import View
from django.views.generic import FormView

from finsup.accounts.policies import Action
from finsup.web.views import ScopedViewMixin

from .excel_export import XLSX_CONTENT_TYPE, ExportFile, institution_export
from .excel_import import import_template, institution_import
from .forms_excel import InstitutionImportForm
from .models import Institution


def _download(file: ExportFile) -> HttpResponse:
    response = HttpResponse(file.content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=file.filename)
    response["Cache-Control"] = "no-store"
    return response


class InstitutionExportView(ScopedViewMixin, View):
    action = Action.INSTITUTION_EXPORT
    model = Institution

    def get(self, request):
        return _download(institution_export(by=request.user, filters=request.GET))


class InstitutionImportTemplateView(ScopedViewMixin, View):
    action = Action.INSTITUTION_IMPORT
    model = Institution

    def get(self, request):
        return _download(import_template())


class InstitutionImportView(ScopedViewMixin, FormView):
    action = Action.INSTITUTION_IMPORT
    model = Institution
    form_class = InstitutionImportForm
    template_name = "institutions/import.html"

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        result = institution_import(by=self.request.user, file=upload, file_name=upload.name)
        if result.ok:
            count = len(result.created)
            messages.success(
                self.request,
                ngettext("Imported {count} institution.", "Imported {count} institutions.", count).format(count=count),
            )
            return redirect("institutions:list")
        for issue in result.file_issues:
            form.add_error("file", issue.message)
        return self.render_to_response(self.get_context_data(form=form, result=result))
