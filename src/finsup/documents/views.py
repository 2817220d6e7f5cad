"""Pages of official documents: the register (发文登记簿), a document's page with its versions,
check (核稿), sign-off (签发) and delivery (送达), the receipt of service (送达回证) to print, and the
downloads of a document's DOCX or PDF. Scoped: 404 outside the user's view. Views parse, call one
service or selector, render; a refusal shows the service's message and changes nothing."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import ListView

from finsup.accounts.policies import Action, can, may
from finsup.accounts.selectors import office_scope
from finsup.core.errors import ApplicationError
from finsup.web import lists
from finsup.web.lists import Column, ListPageMixin
from finsup.web.views import ScopedViewMixin

from . import delivery, selectors, services
from .choices import DeliveryMethod, DocumentStatus
from .errors import Code
from .forms import PaperDeliveryForm, RegisterFilterForm
from .layout import DOCX_CONTENT_TYPE
from .links import subject_link
from .models import DocumentDelivery, OfficialDocument
from .pdf import PDF_CONTENT_TYPE

CONTENT_TYPES = {"docx": DOCX_CONTENT_TYPE, "pdf": PDF_CONTENT_TYPE}
# Every role that reads the registry reads its documents; scoping decides which.
READ = Action.INSTITUTION_VIEW


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
    action = READ
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

    action = READ

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


# -- What a row of the register says ----------------------------------------------------------


def delivery_state(document: OfficialDocument) -> str:
    """The delivery in words: not addressed to an institution, awaiting sign-off, delivered and
    awaiting acknowledgement, acknowledged (when), delivered on paper (to whom)."""
    if not delivery.addressed_to_institution(document):
        return _("not addressed to an institution")
    if document.status != DocumentStatus.FINAL:
        return _("delivered when signed off")
    deliveries = list(document.deliveries.all())
    if not deliveries:
        return _("not delivered yet")
    parts = []
    for d in deliveries:
        if d.method == DeliveryMethod.PAPER:
            parts.append(_("on paper to %(name)s, %(at)s") % {"name": d.recipient_name, "at": _moment(d.delivered_at)})
        elif d.acknowledged_at is not None:
            parts.append(_("acknowledged %(at)s") % {"at": _moment(d.acknowledged_at)})
        else:
            parts.append(_("delivered, awaiting acknowledgement"))
    return "；".join(parts)


def _moment(at) -> str:
    return timezone.localtime(at).strftime("%Y-%m-%d %H:%M")


def _name(user) -> str:
    return str(user) if user is not None else ""


STAFF_COLUMNS = (
    Column(
        "number", gettext_lazy("document number"), lambda d: d.number or _("(no number yet)"), order=("year", "seq")
    ),
    Column("title", gettext_lazy("title"), "title", kind=lists.NAME, order=("title",)),
    # The printed title names the kind (a 请示 adds its matter): the kind is a filter and an export column.
    Column("kind", gettext_lazy("kind"), "get_kind_display", order=("kind",), table=False),
    Column("addressee", gettext_lazy("addressee"), lambda d: delivery.addressee(d) or "—"),
    Column("office", gettext_lazy("issuing office"), "office.short_name", kind=lists.NAME, order=("office__code",)),
    Column("drafter", gettext_lazy("drafted by"), lambda d: _name(d.created_by), kind=lists.NAME),
    Column("checker", gettext_lazy("checked by"), lambda d: _name(d.checked_by), kind=lists.NAME),
    Column("signer", gettext_lazy("signed off by"), lambda d: _name(d.finalised_by), kind=lists.NAME),
    Column("signed", gettext_lazy("signed off at"), "finalised_at", kind=lists.DATETIME, order=("finalised_at",)),
    Column("status", gettext_lazy("status"), "get_status_display", order=("status",)),
    Column("delivery", gettext_lazy("delivery"), delivery_state),
    Column("record", gettext_lazy("record"), lambda d: d.link.label if d.link else "", export=True),
    Column(
        "drafted", gettext_lazy("drafted at"), "created_at", kind=lists.DATETIME, order=("created_at",), table=False
    ),
)
INSTITUTION_COLUMNS = tuple(c for c in STAFF_COLUMNS if c.key not in ("drafter", "checker", "record", "drafted"))


class RegisterView(ScopedViewMixin, ListPageMixin, ListView):
    """GET /documents/: staff read the register of their office's subtree; an institution's users
    the documents delivered to their institution."""

    action = READ
    template_name = "documents/register.html"
    context_object_name = "documents"

    @property
    def staff(self) -> bool:
        return not self.request.user.is_institution_user

    @property
    def columns(self):
        return STAFF_COLUMNS if self.staff else INSTITUTION_COLUMNS

    @property
    def default_sort(self) -> str:
        return "-drafted" if self.staff else "-signed"

    @property
    def export_title(self):
        return _("Document register") if self.staff else _("Documents delivered")

    def get_queryset(self):
        user = self.request.user
        self.offices = list(office_scope(actor=user)) if self.staff else []
        self.form = RegisterFilterForm(
            self.request.GET or None,
            years=selectors.document_years(actor=user),
            offices=self.offices,
            staff=self.staff,
        )
        self.form.is_valid()
        data = getattr(self.form, "cleaned_data", {})  # the valid fields: a stale choice filters nothing
        office = next((o for o in self.offices if o.code == data.get("office")), None)
        return selectors.document_register(
            actor=user,
            status=data.get("status", ""),
            kind=data.get("kind", ""),
            year=data.get("year"),
            office=office,
            query=(data.get("q") or "").strip(),
            awaiting=data.get("awaiting", ""),
        )

    def export_rows(self, rows):
        for document in super().export_rows(rows):
            document.link = subject_link(self.request.user, document)
            yield document

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        for document in ctx["documents"]:
            document.link = subject_link(self.request.user, document)
            document.delivery_state = delivery_state(document)
            document.addressee_text = delivery.addressee(document)
        awaiting = self.form.data.get("awaiting", "") if self.form.is_bound else ""
        ctx.update(form=self.form, staff=self.staff, awaiting=awaiting, title=self.export_title)
        return ctx


# -- One document --------------------------------------------------------------------------------


class DocumentMixin(ScopedViewMixin):
    """Loads the URL's document through the scoped selector before the method is looked at, so
    whoever may not see it gets 404 (even on a GET to a POST-only route). `staff_only` pages are
    404 to an institution's users, `institution_only` ones to staff."""

    action = READ
    staff_only = False
    institution_only = False

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if user.is_authenticated and can(user, self.action):
            if (self.staff_only and user.is_institution_user) or (
                self.institution_only and not user.is_institution_user
            ):
                raise Http404
            try:
                self.document = selectors.document_get(actor=user, pk=kwargs["pk"])
            except OfficialDocument.DoesNotExist:
                raise Http404 from None
        return super().dispatch(request, *args, **kwargs)

    def page(self, request, *, error: str = "", paper_form=None, status: int = 200):
        return render(
            request, "documents/detail.html", detail_context(request, self.document, error, paper_form), status=status
        )


def detail_context(request, document: OfficialDocument, error: str = "", paper_form=None) -> dict:
    user = request.user
    versions = list(
        selectors.document_versions(actor=user, document=document).select_related(
            "created_by", "checked_by", "finalised_by"
        )
    )
    latest = versions[-1] if versions else document
    deliveries = list(selectors.deliveries_of(actor=user, document=document))
    open_step = document.pk == latest.pk and document.status != DocumentStatus.FINAL
    addressed = delivery.addressed_to_institution(document)
    staff = not user.is_institution_user
    return {
        "document": document,
        "versions": versions,
        "latest": latest,
        "deliveries": deliveries,
        "addressee": delivery.addressee(document),
        "addressed": addressed,
        "link": subject_link(user, document),
        "staff": staff,
        "error": error,
        "may_check": open_step
        and document.status == DocumentStatus.DRAFT
        and document.created_by_id != user.pk
        and may(user, Action.DOCUMENT_CHECK, office=document.office),
        "may_sign_off": open_step
        and document.status == DocumentStatus.CHECKED
        and can(user, Action.DOCUMENT_SIGN_OFF)
        and user.office_id == document.office_id,
        "to_acknowledge": [d for d in deliveries if d.method == DeliveryMethod.ELECTRONIC and d.acknowledged_at is None]
        if user.is_institution_user and can(user, Action.DOCUMENT_ACKNOWLEDGE)
        else [],
        "paper_form": (paper_form or PaperDeliveryForm())
        if staff and addressed and document.is_final and may(user, Action.DOCUMENT_DELIVER, office=document.office)
        else None,
    }


class DocumentDetailView(DocumentMixin, View):
    def get(self, request, pk: int):
        return self.page(request)


class DocumentStepView(DocumentMixin, View):
    """A POST step of the page: one service call; a refusal shows its message on the page (400)."""

    http_method_names = ["post"]
    staff_only = True

    def call(self, request) -> str:
        raise NotImplementedError

    def post(self, request, pk: int):
        try:
            message = self.call(request)
        except ApplicationError as exc:
            return self.page(request, error=exc.message, status=400)
        messages.success(request, message)
        return redirect("documents:detail", pk=self.target_pk)


class DocumentCheckView(DocumentStepView):
    def call(self, request) -> str:
        checked = services.document_check(document=self.document, by=request.user)
        self.target_pk = checked.pk
        return _("The draft is checked: it awaits a leader's sign-off.")


class DocumentSignOffView(DocumentStepView):
    def call(self, request) -> str:
        final = services.document_sign_off(document=self.document, by=request.user)
        self.target_pk = final.pk
        return _("Signed off as %(number)s.") % {"number": final.number}


class PaperDeliveryView(DocumentStepView):
    def post(self, request, pk: int):
        form = PaperDeliveryForm(request.POST)
        if form.is_valid():
            try:
                delivery.delivery_record_paper(document=self.document, by=request.user, **form.cleaned_data)
            except ApplicationError as exc:
                if exc.field in form.fields:
                    form.add_error(exc.field, exc.message)
                else:
                    return self.page(request, error=exc.message, paper_form=form, status=400)
            else:
                messages.success(request, _("The delivery on paper is recorded."))
                return redirect("documents:detail", pk=pk)
        return self.page(request, paper_form=form, status=400)


class AcknowledgeView(DocumentStepView):
    """签收 by a user of the institution the document was delivered to."""

    staff_only = False
    institution_only = True

    def call(self, request) -> str:
        try:
            target = selectors.delivery_get(
                actor=request.user, document=self.document, pk=request.POST.get("delivery") or 0
            )
        except (DocumentDelivery.DoesNotExist, ValueError):
            raise ApplicationError(
                _("There is no delivery of this document to acknowledge."), code=Code.NO_DELIVERY
            ) from None
        done = delivery.delivery_acknowledge(delivery=target, by=request.user)
        self.target_pk = self.document.pk
        return _("Receipt acknowledged on %(at)s.") % {"at": _moment(done.acknowledged_at)}


class ReceiptView(DocumentMixin, View):
    """GET /documents/<pk>/receipt/: the receipt of service (送达回证) to print, filled in with the
    delivery on paper where one is recorded, blank lines for the recipient's signature otherwise."""

    staff_only = True

    def get(self, request, pk: int):
        document = self.document
        if not document.is_final or not delivery.addressed_to_institution(document):
            raise Http404
        paper = [
            d
            for d in selectors.deliveries_of(actor=request.user, document=document)
            if d.method == DeliveryMethod.PAPER
        ]
        return render(
            request,
            "documents/receipt.html",
            {"document": document, "addressee": delivery.addressee(document), "paper": paper[-1] if paper else None},
        )
