"""Downloads of a document's DOCX or PDF: scoped, 404 outside the user's view."""

from __future__ import annotations

from django.http import FileResponse, Http404
from django.views import View

from finsup.accounts.policies import Action
from finsup.web.views import ScopedViewMixin

from . import selectors
from .layout import DOCX_CONTENT_TYPE
from .models import OfficialDocument
from .pdf import PDF_CONTENT_TYPE

CONTENT_TYPES = {"docx": DOCX_CONTENT_TYPE, "pdf": PDF_CONTENT_TYPE}


class DocumentFileView(ScopedViewMixin, View):
    """GET /documents/<pk>/docx|pdf. Staff of the issuing office's tree may read drafts and
    final versions; the institution's users only final ones addressed to them (the queryset's
    rule). A draft has no PDF: 404."""

    # Every role that reads the registry reads its documents; scoping decides which.
    action = Action.INSTITUTION_VIEW
    fmt = "docx"

    def get(self, request, pk: int):
        try:
            document = selectors.document_get(actor=request.user, pk=pk)
        except OfficialDocument.DoesNotExist:
            raise Http404 from None
        field = getattr(document, self.fmt)
        if not field:
            raise Http404
        label = document.number or f"{document.title}（草稿第{document.version}版）"
        return FileResponse(
            field.open("rb"),
            as_attachment=True,
            filename=f"{label}.{self.fmt}",
            content_type=CONTENT_TYPES[self.fmt],
        )
