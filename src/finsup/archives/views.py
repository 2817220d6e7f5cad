"""Pages of the archive: the office's register, an entry with its package, archiving a matter from
its page, and checking a package. Parse, call one selector or service, render."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import ListView

from finsup.accounts.policies import Action
from finsup.core.errors import ApplicationError, NotFound
from finsup.web.lists import DATE, NAME, Column, ListPageMixin
from finsup.web.views import ScopedObjectMixin, ScopedViewMixin

from . import selectors, services
from .choices import Retention
from .forms import PackageForm
from .package import package_build, package_name
from .registry import matter_kinds
from .verification import package_verify

COLUMNS = (
    Column("number", gettext_lazy("archive number"), "number", order=("year", "seq")),
    Column("title", gettext_lazy("title"), "title", kind=NAME, order=("title",)),
    Column("kind", gettext_lazy("kind of matter"), "kind_label", order=("kind",)),
    Column("institution", gettext_lazy("institution"), "institution_name", kind=NAME, order=("institution_name",)),
    Column("retention", gettext_lazy("retention period"), "get_retention_display", order=("retention",)),
    Column("closed", gettext_lazy("closed at"), "closed_at", kind=DATE, order=("closed_at",)),
    Column("archived", gettext_lazy("archived at"), "archived_at", kind=DATE, order=("archived_at",)),
    Column("office", gettext_lazy("archiving office"), "office.short_name", kind=NAME, order=("office__short_name",)),
)


class RegisterView(ScopedViewMixin, ListPageMixin, ListView):
    """The archive register (档案登记簿) of the user's office and the offices below it."""

    action = Action.ARCHIVE_VIEW
    template_name = "archives/register.html"
    context_object_name = "entries"
    columns = COLUMNS
    default_sort = "-number"
    export_title = gettext_lazy("Archive register")

    def get_queryset(self):
        return selectors.entry_list(actor=self.request.user, filters=self.request.GET)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            current=self.request.GET,
            retentions=Retention.choices,
            kinds=[(k.key, k.label) for k in matter_kinds()],
            years=selectors.entry_years(actor=self.request.user),
            **kwargs,
        )


class EntryMixin(ScopedObjectMixin, ScopedViewMixin):
    action = Action.ARCHIVE_VIEW
    object_name = "entry"

    def load_object(self, actor, pk):
        return selectors.entry_get(actor=actor, pk=pk)


class EntryView(EntryMixin, View):
    def get(self, request, pk):
        entry = self.entry
        return render(
            request,
            "archives/entry.html",
            {
                "entry": entry,
                "items": selectors.entry_items(entry=entry),
                "matter_url": selectors.matter_url(entry=entry),
            },
        )


class PackageView(EntryMixin, View):
    """The package as a download: a POST, since every export is an audited write."""

    http_method_names = ["post"]

    def post(self, request, pk):
        content = package_build(actor=request.user, entry=self.entry)
        response = HttpResponse(content, content_type="application/zip")
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(package_name(self.entry))}"
        return response


class ArchiveMatterView(ScopedViewMixin, View):
    """Archive the matter `kind`:`pk` from its page. Outside the user's jurisdiction: 404; any other
    refusal goes back to the matter's page with its message, nothing changed."""

    action = Action.ARCHIVE_FILE
    http_method_names = ["post"]

    def dispatch(self, request, *args, **kwargs):
        # 404 before 405 for whoever may not see the matter (the route matrix's rule)
        if request.user.is_authenticated and not self._visible(request.user, kwargs["kind"], kwargs["pk"]):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    @staticmethod
    def _visible(user, kind, pk) -> bool:
        try:
            return services.kind_or_404(kind).visible(user, pk)
        except NotFound:
            return False

    def post(self, request, kind, pk):
        try:
            entry = services.matter_archive(by=request.user, kind=kind, pk=pk)
        except NotFound:
            raise Http404 from None
        except ApplicationError as exc:
            messages.error(request, exc.message)
            matter = services.kind_or_404(kind).load(pk, lock=False)
            return redirect(matter.url if matter is not None else "archives:register")
        messages.success(request, _("Archived under number {number}.").format(number=entry.number))
        return redirect(entry.get_absolute_url())


class VerifyView(ScopedViewMixin, View):
    """Check a package against the archive and the audit trail: upload it, read the report."""

    action = Action.ARCHIVE_VIEW

    def get(self, request):
        return render(request, "archives/verify.html", {"form": PackageForm()})

    def post(self, request):
        form = PackageForm(request.POST, request.FILES)
        report = None
        if form.is_valid():
            report = package_verify(content=form.cleaned_data["package"].read(), actor=request.user)
        return render(request, "archives/verify.html", {"form": form, "report": report}, status=200 if report else 400)
