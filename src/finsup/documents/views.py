"""Downloads of a document's DOCX or PDF and the state of its PDF: scoped, 404 outside the user's view."""

from __future__ import annotations

from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views import View

from finsup.accounts.policies import Action
from finsup.web.views import ScopedViewMixin

from . import selectors, services
from .layout import DOCX_CONTENT_TYPE
from .models import OfficialDocument
from .pdf import PDF_CONTENT_TYPE

CONTENT_TYPES = {"docx": DOCX_CONTENT_TYPE, "pdf": PDF_CONTENT_TYPE}
PDF_STATUS = "documents/_pdf_status.html"


def _document(request, pk: int) -> OfficialDocument:
    try:
        return selectors.document_get(actor=request.user, pk=pk)
    except OfficialDocument.DoesNotExist:
        raise Http404 from None


class DocumentFileView(ScopedViewMixin, View):
    """GET /documents/<pk>/docx|pdf. Staff of the issuing office's tree may read drafts and
    final versions; the institution's users only final ones addressed to them (the queryset's
    rule). A draft has no PDF: 404. A final version whose PDF is still being made (or failed)
    answers a page that says so and shows the link when it is ready: whoever followed a link to
    the PDF learns why there is no file yet instead of a bare 404."""

    # Every role that reads the registry reads its documents; scoping decides which.
    action = Action.INSTITUTION_VIEW
    fmt = "docx"

    def get(self, request, pk: int):
        document = _document(request, pk)
        field = getattr(document, self.fmt)
        if not field:
            if self.fmt == "pdf" and document.is_final:
                return render(request, "documents/pdf_pending.html", {"document": document})
            raise Http404
        label = document.number or f"{document.title}（草稿第{document.version}版）"
        return FileResponse(
            field.open("rb"),
            as_attachment=True,
            filename=f"{label}.{self.fmt}",
            content_type=CONTENT_TYPES[self.fmt],
        )


class PdfStatusView(ScopedViewMixin, View):
    """GET /documents/<pk>/pdf/status: the fragment of the PDF's state (polled while pending)."""

    action = Action.INSTITUTION_VIEW

    def get(self, request, pk: int):
        return render(request, PDF_STATUS, {"document": _document(request, pk)})


class PdfRetryView(ScopedViewMixin, View):
    """POST /documents/<pk>/pdf/retry: a lead supervisor or leader queues a failed PDF again; the
    fragment answers (HTMX), or the PDF's page."""

    action = Action.DOCUMENT_CHECK
    http_method_names = ["post"]

    def http_method_not_allowed(self, request, *args, **kwargs):
        _document(request, kwargs["pk"])  # outside the user's view: 404, whatever the method
        return super().http_method_not_allowed(request, *args, **kwargs)

    def post(self, request, pk: int):
        document = services.document_pdf_retry(document=_document(request, pk), by=request.user)
        if request.htmx:
            return render(request, PDF_STATUS, {"document": document})
        return redirect("documents:pdf", pk=document.pk)
