"""Pages of the illegal-fundraising register: parse, call one selector or service, render."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from finsup.accounts.policies import Action, can
from finsup.core import clock
from finsup.core.errors import ApplicationError
from finsup.documents.selectors import documents_visible
from finsup.web.forms import add_service_error
from finsup.web.views import ScopedObjectMixin, ScopedViewMixin, ServicePostMixin, download_response

from . import backtest, excel, presentation, referral, selectors, services, sources
from .choices import EntityStatus, Origin, StepKind
from .errors import Code
from .forms import EntityForm, MergeForm, StepForm, TextForm, WeightsForm

KS = (3, 5, 10, 20)


def _int(value, default: int, allowed=None) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return default
    return number if (allowed is None or number in allowed) else default


def _day(value, default: datetime.date) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value) if value else default
    except ValueError:
        return default


class EntityListView(ScopedViewMixin, TemplateView):
    action = Action.FUNDRAISING_VIEW
    template_name = "fundraising/list.html"

    def get_context_data(self, **kwargs):
        actor, today = self.request.user, clock.today()
        office = self.request.GET.get("office", "")
        status = self.request.GET.get("status", "")
        status = status if status in EntityStatus.values else ""
        rows, weights = selectors.ranked(actor=actor, as_of=today, office_code=office, status=status)
        return super().get_context_data(
            rows=rows,
            weights=weights,
            today=today,
            offices=selectors.handling_offices(actor=actor),
            office=office,
            status=status,
            statuses=[s for s in EntityStatus.choices if s[0] != EntityStatus.MERGED],
            can_handle=can(actor, Action.FUNDRAISING_HANDLE),
            **kwargs,
        )


class EntityCreateView(ScopedViewMixin, View):
    """Registers an entity, by hand or from a record elsewhere in the platform (?complaint=<pk>, a
    tip-off; ?warning=<pk>, a risk warning: sources.py), or adds that record to an entity already
    registered (a duplicate the page lists)."""

    action = Action.FUNDRAISING_HANDLE
    template_name = "fundraising/new.html"

    def _source(self):
        data = self.request.POST if self.request.method == "POST" else self.request.GET
        for parameter in sources.PARAMETERS:
            pk = data.get(parameter)
            if pk:
                try:
                    return sources.read(self.request.user, parameter, int(pk))
                except (ObjectDoesNotExist, ValueError):
                    raise Http404 from None
        return None

    def _forms(self, data=None, files=None, source=None):
        offices = selectors.handling_offices(actor=self.request.user)
        initial = {"origin": Origin.MANUAL}
        if source is not None:
            initial = {
                "name": source.name,
                "credit_code": source.credit_code,
                "office": source.office,
                "origin": source.origin,
            }
        elif self.request.user.office_id:
            initial["office"] = self.request.user.office
        entity = EntityForm(data, offices=offices, initial=initial)
        text = TextForm(data, files, prefix="text", initial={"received_on": clock.today(), "kind": "tip_off"})
        return entity, text

    def _render(self, entity_form, text_form, source, status=200):
        name = entity_form["name"].value() or ""
        code = entity_form["credit_code"].value() or ""
        duplicates = selectors.possible_duplicates(actor=self.request.user, name=name, credit_code=code) if name else []
        context = {"form": entity_form, "text_form": text_form, "source": source, "duplicates": duplicates}
        return render(self.request, self.template_name, context, status=status)

    def get(self, request):
        source = self._source()
        entity_form, text_form = self._forms(source=source)
        return self._render(entity_form, text_form, source)

    def post(self, request):
        source = self._source()
        entity_form, text_form = self._forms(request.POST, request.FILES, source=source)
        into = request.POST.get("into")
        try:
            if source is not None and into:
                target = selectors.entity_get(actor=request.user, pk=_int(into, 0))
                entity = services.entity_from_source(by=request.user, source=source, into=target)
                messages.success(request, _("The record was added to the entity."))
                return redirect(entity.get_absolute_url())
            if not entity_form.is_valid():
                return self._render(entity_form, text_form, source, status=400)
            fields = {
                k: entity_form.cleaned_data[k]
                for k in ("name", "credit_code", "office", "addresses", "people", "channels")
            }
            if source is not None:
                entity = services.entity_from_source(by=request.user, source=source, **fields)
            else:
                entity = self._create_with_text(fields, entity_form, text_form)
        except ObjectDoesNotExist:
            raise Http404 from None
        except ApplicationError as exc:
            add_service_error(entity_form, exc)
            return self._render(entity_form, text_form, source, status=400)
        messages.success(request, _("Registered; the verification is due by %(day)s.") % {"day": entity.due_on})
        return redirect(entity.get_absolute_url())

    def _create_with_text(self, fields, entity_form, text_form):
        first = None
        if text_form.is_valid() and (text_form.cleaned_data["body"] or text_form.cleaned_data["file"]):
            first = text_form.cleaned_data
        return services.entity_register(
            by=self.request.user, origin=entity_form.cleaned_data["origin"], first_text=first, **fields
        )


class _EntityMixin(ScopedObjectMixin):
    object_name = "entity"

    def load_object(self, actor, pk):
        return selectors.entity_get(actor=actor, pk=pk)


def entity_context(request, entity, **forms) -> dict:
    actor, today = request.user, clock.today()
    score, weights = selectors.entity_index(entity, today)
    steps = list(selectors.entity_steps(entity))
    papers = documents_visible(actor=actor, ids=[s.document_id for s in steps if s.document_id])
    can_handle = can(actor, Action.FUNDRAISING_HANDLE) and entity.is_open
    others = {s.entity_id for c in score.contributions for s in c.sources if s.entity_id not in (0, entity.pk)}
    step_initial = {"kind": entity.next_step, "done_on": today}
    return {
        "entity": entity,
        "score": score,
        "weights": weights,
        "flagged": score.total >= weights["flag_score"],
        "contributions": [
            (presentation.signal_name(c.signal), presentation.describe(c), c) for c in score.contributions
        ],
        "texts": selectors.entity_texts(entity),
        # the other entities a contribution's text belongs to that the user may open (a link to the others would 404)
        "visible": set(selectors.entities(actor=actor).filter(pk__in=others).values_list("pk", flat=True)),
        "steps": [(s, papers.get(s.document_id)) for s in steps],
        "can_handle": can_handle,
        "overdue": entity.is_open and entity.due_on is not None and entity.due_on < today,
        "text_form": forms.get("text_form") or TextForm(prefix="text", initial={"received_on": today}),
        "step_form": forms.get("step_form") or StepForm(initial=step_initial),
        "merge_form": forms.get("merge_form") or MergeForm(),
        "StepKind": StepKind,
        "police": referral.police(entity),
    }


class EntityDetailView(_EntityMixin, ScopedViewMixin, TemplateView):
    action = Action.FUNDRAISING_VIEW
    template_name = "fundraising/entity.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**entity_context(self.request, self.entity), **kwargs)


class _EntityPost(_EntityMixin, ScopedViewMixin, ServicePostMixin, View):
    action = Action.FUNDRAISING_HANDLE
    page_template = "fundraising/entity.html"

    def page_context(self, **forms) -> dict:
        return entity_context(self.request, self.entity, **forms)

    def get_success_url(self) -> str:
        return self.entity.get_absolute_url()


class TextAddView(_EntityPost):
    form_class = TextForm
    form_name = "text_form"

    def get_form(self):
        return TextForm(self.request.POST, self.request.FILES, prefix="text")

    def call(self, form) -> str:
        c = form.cleaned_data
        services.text_add(
            by=self.request.user,
            entity=self.entity,
            kind=c["kind"],
            title=c["title"],
            body=c["body"],
            file=c["file"],
            received_on=c["received_on"],
        )
        return _("The text was added; the index reads it.")


class StepView(_EntityPost):
    form_class = StepForm
    form_name = "step_form"

    def call(self, form) -> str:
        c = form.cleaned_data
        step = services.step_record(
            by=self.request.user,
            entity=self.entity,
            kind=c["kind"],
            done_on=c["done_on"],
            text=c["text"],
            outcome=c["outcome"],
            legal_basis=c["legal_basis"],
            body=c["body"],
            answer=c["answer"],
            reference=c["reference"],
            disposal_due=c["disposal_due"],
            materials=c["materials"].splitlines(),
        )
        if step.kind == StepKind.REFERRAL:
            return _("Recorded. The 移送书 was drafted; it is numbered when a leader signs it off.")
        return _("Recorded.")


class MergeView(_EntityPost):
    form_class = MergeForm
    form_name = "merge_form"

    def call(self, form) -> str:
        try:
            into = selectors.entity_get(actor=self.request.user, pk=form.cleaned_data["into"])
        except ObjectDoesNotExist:
            raise ApplicationError(
                _("No such entity in your jurisdiction."), field="into", code=Code.MERGE_TARGET_NOT_FOUND
            ) from None
        services.entity_merge(by=self.request.user, entity=self.entity, into=into, reason=form.cleaned_data["reason"])
        self.entity = into
        return _("Merged.")


class TextFileView(_EntityMixin, ScopedViewMixin, View):
    action = Action.FUNDRAISING_VIEW

    def get(self, request, pk, text_pk):
        text = get_object_or_404(selectors.entity_texts(self.entity).exclude(file=""), pk=text_pk)
        return download_response(text.file, filename=text.original_name, content_type="application/octet-stream")


class WeightsView(ScopedViewMixin, View):
    action = Action.FUNDRAISING_VIEW
    template_name = "fundraising/weights.html"

    def _render(self, form, status=200):
        today = clock.today()
        current = selectors.gather.weights_on(today)
        context = {
            "form": form,
            "current": current,
            "versions": selectors.weight_versions(),
            "can_change": services.may_set_weights(self.request.user),
            "rows": presentation.weight_rows(current),
            "words": presentation.word_rows(current),
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request):
        current = selectors.gather.weights_on(clock.today())
        return self._render(WeightsForm(initial=WeightsForm.initial_for(current, clock.today())))

    def post(self, request):
        form = WeightsForm(request.POST)
        if form.is_valid():
            c = form.cleaned_data
            try:
                row = services.weights_save(
                    by=request.user, data=form.weights_data(), valid_from=c["valid_from"], note=c["note"]
                )
            except ApplicationError as exc:
                add_service_error(form, exc)
            else:
                messages.success(request, _("Version %(v)s of the weights was saved.") % {"v": row.version})
                return redirect(reverse("fundraising:weights"))
        return self._render(form, status=400)


def _backtest_params(request) -> dict:
    end = _day(request.GET.get("end"), clock.today())
    first = selectors.first_opened_on() or end
    start = _day(request.GET.get("start"), max(first, end - datetime.timedelta(days=730)))
    return {
        "start": start,
        "end": end,
        "every": _int(request.GET.get("every"), 7, range(1, 366)),
        "k": _int(request.GET.get("k"), 5, KS),
    }


class BacktestView(ScopedViewMixin, TemplateView):
    action = Action.FUNDRAISING_VIEW
    template_name = "fundraising/backtest.html"

    def get_context_data(self, **kwargs):
        params = _backtest_params(self.request)
        report = selectors.backtest_report(actor=self.request.user, **params)
        return super().get_context_data(
            report=report,
            params=params,
            ks=KS,
            summary=excel.summary(report),
            flagged=backtest.flagged_entities(report),
            **kwargs,
        )


class BacktestExcelView(ScopedViewMixin, View):
    action = Action.FUNDRAISING_VIEW

    def get(self, request):
        params = _backtest_params(request)
        report = selectors.backtest_report(actor=request.user, **params)
        response = HttpResponse(
            excel.workbook(report),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = content_disposition_header(True, f"非法集资预警回测_{params['end']}.xlsx")
        return response
