"""Rating pages: parse the request, call one selector or service, render. Out of scope is 404."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from finsup.accounts.choices import OfficeLevel
from finsup.accounts.policies import Action, can
from finsup.core.errors import ApplicationError
from finsup.documents.selectors import documents_of
from finsup.web.forms import add_service_error
from finsup.web.views import ScopedViewMixin

from . import province, selectors, services
from .choices import CycleStatus, Level, Round
from .excel import cycle_workbook
from .forms import AppealDecisionForm, CycleForm, ProvinceLevelForm, PublishForm, ReasonForm, ScoresForm
from .models import Rating, RatingCycle
from .schemes import SchemeError, scheme_get, schemes_for


def _is_city(user) -> bool:
    return bool(user.office_id) and user.office.level == OfficeLevel.CITY


class CycleMixin:
    """Loads the cycle of the URL through the scoped selector before the method is checked."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and can(request.user, self.action):
            try:
                self.cycle = selectors.cycle_get(actor=request.user, pk=kwargs["pk"])
            except RatingCycle.DoesNotExist:
                raise Http404 from None
        return super().dispatch(request, *args, **kwargs)


class CycleListView(ScopedViewMixin, TemplateView):
    action = Action.RATING_VIEW
    template_name = "ratings/cycle_list.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        if user.is_institution_user:
            return super().get_context_data(own_ratings=selectors.rating_list(actor=user), **kwargs)
        can_create = can(user, Action.RATING_REVIEW) and _is_city(user)
        waiting = self.request.GET.get("province") == "waiting"
        cycles = selectors.cycles_awaiting_province(actor=user) if waiting else selectors.cycle_list(actor=user)
        return super().get_context_data(cycles=cycles, form=CycleForm() if can_create else None, **kwargs)


class CycleCreateView(ScopedViewMixin, View):
    action = Action.RATING_REVIEW
    http_method_names = ["post"]

    def post(self, request):
        form = CycleForm(request.POST)
        if form.is_valid():
            try:
                cycle = services.cycle_create(by=request.user, **form.cleaned_data)
            except ApplicationError as exc:
                add_service_error(form, exc)
            else:
                messages.success(request, _("The rating cycle is open for the counties' initial ratings."))
                return redirect(cycle.get_absolute_url())
        return render(
            request, "ratings/cycle_list.html", {"cycles": selectors.cycle_list(actor=request.user), "form": form}
        )


class CycleDetailView(CycleMixin, ScopedViewMixin, TemplateView):
    action = Action.RATING_VIEW
    template_name = "ratings/cycle_detail.html"

    def get_context_data(self, **kwargs):
        user, cycle = self.request.user, self.cycle
        ratings = {r.institution_id: r for r in selectors.rating_list(actor=user, cycle=cycle)}
        rows = [(inst, ratings.get(inst.pk)) for inst in selectors.population(cycle=cycle, actor=user)]
        city_here = _is_city(user) and user.office_id == cycle.office_id
        return super().get_context_data(
            cycle=cycle,
            scheme=cycle.scheme,
            rows=rows,
            progress=selectors.cycle_progress(cycle=cycle),
            can_rate=can(user, Action.RATING_INITIAL) and not _is_city(user) and cycle.status == CycleStatus.INITIAL,
            can_sample=city_here and can(user, Action.RATING_REVIEW) and cycle.status == CycleStatus.INITIAL,
            can_review=city_here and can(user, Action.RATING_REVIEW) and cycle.status == CycleStatus.REVIEW,
            can_finalise=city_here and can(user, Action.RATING_FINALISE) and cycle.status == CycleStatus.REVIEW,
            can_notify=city_here and can(user, Action.RATING_REVIEW) and cycle.status == CycleStatus.FINAL,
            finalise_form=ReasonForm(),
            awaits_province=province.awaits_province(cycle),
            province_decides=province.may_decide(user, cycle),
            publish_form=PublishForm() if province.may_decide(user, cycle, Action.RATING_PROVINCE_PUBLISH) else None,
            other_schemes=[s for s in schemes_for(cycle.kind) if s.version != cycle.scheme_version],
            **kwargs,
        )


class RateView(CycleMixin, ScopedViewMixin, View):
    """The county's initial rating of one institution, or the city's re-rating of a sampled one."""

    action = Action.RATING_VIEW

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if user.is_authenticated and not (can(user, Action.RATING_INITIAL) or can(user, Action.RATING_REVIEW)):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def _load(self, request, inst):
        self.institution = get_object_or_404(selectors.population(cycle=self.cycle, actor=request.user), pk=inst)
        self.rating = Rating.objects.filter(cycle=self.cycle, institution=self.institution).first()
        self.city = _is_city(request.user)
        if self.city and (
            self.rating is None or not self.rating.sampled or request.user.office_id != self.cycle.office_id
        ):
            raise Http404
        if not self.city and not can(request.user, Action.RATING_INITIAL):
            raise Http404

    def _context(self, form):
        scheme = self.cycle.scheme
        quant = selectors.quantitative_scores(scheme=scheme, institution=self.institution, year=self.cycle.year)
        county_scores = []
        if self.city and self.rating:
            county_scores = list(self.rating.scores.filter(round=Round.INITIAL))
        return {
            "cycle": self.cycle,
            "scheme": scheme,
            "institution": self.institution,
            "rating": self.rating,
            "form": form,
            "city": self.city,
            "quantitative": [(i, *quant[i.id]) for i in scheme.indicators if i.quantitative],
            "county_scores": county_scores,
        }

    def _initial(self):
        if self.rating is None:
            return None
        round_ = Round.CITY if self.city else Round.INITIAL
        data = {}
        for s in self.rating.scores.filter(round=round_):
            data[f"score_{s.indicator}"], data[f"reason_{s.indicator}"] = s.score, s.reason
        return data or None

    def get(self, request, pk, inst):
        self._load(request, inst)
        form = ScoresForm(initial=self._initial(), scheme=self.cycle.scheme, explanation=self.city)
        return render(request, "ratings/rate.html", self._context(form))

    def post(self, request, pk, inst):
        self._load(request, inst)
        form = ScoresForm(request.POST, scheme=self.cycle.scheme, explanation=self.city)
        if form.is_valid():
            try:
                if self.city:
                    rating = services.rating_city(
                        rating=self.rating,
                        by=request.user,
                        scores=form.scores(),
                        explanation=form.cleaned_data.get("explanation", ""),
                    )
                else:
                    rating = services.rating_initial(
                        cycle=self.cycle, institution=self.institution, by=request.user, scores=form.scores()
                    )
            except ApplicationError as exc:
                add_service_error(form, exc)
            else:
                level = rating.city_level if self.city else rating.initial_level
                messages.success(
                    request,
                    _("%(name)s rated %(level)s.") % {"name": self.institution.name, "level": Level(level).label},
                )
                return redirect(self.cycle.get_absolute_url())
        return render(request, "ratings/rate.html", self._context(form))


class CycleStepView(CycleMixin, ScopedViewMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        try:
            text = self.step(request)
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, text)
        return redirect(self.cycle.get_absolute_url())


class DrawSampleView(CycleStepView):
    action = Action.RATING_REVIEW

    def step(self, request):
        sampled = services.cycle_draw_sample(cycle=self.cycle, by=request.user)
        return _("Sample drawn with seed %(seed)s: %(n)s institutions.") % {"seed": self.cycle.seed, "n": len(sampled)}


class FinaliseView(CycleStepView):
    action = Action.RATING_FINALISE

    def step(self, request):
        services.cycle_finalise(cycle=self.cycle, by=request.user, reason=request.POST.get("reason", ""))
        return _("The ratings of this cycle are final.")


class NoticesView(CycleStepView):
    action = Action.RATING_REVIEW

    def step(self, request):
        drafted = services.cycle_notices_draft(cycle=self.cycle, by=request.user)
        return _("%(n)s notices of rating results drafted; each is checked and signed off before it is issued.") % {
            "n": len(drafted)
        }


class ExportView(CycleMixin, ScopedViewMixin, View):
    action = Action.RATING_VIEW

    def get(self, request, pk):
        if request.user.is_institution_user:
            raise Http404
        data = cycle_workbook(cycle=self.cycle, ratings=selectors.rating_list(actor=request.user, cycle=self.cycle))
        response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        response["Content-Disposition"] = f'attachment; filename="ratings-{self.cycle.kind}-{self.cycle.year}.xlsx"'
        return response


class RerunView(CycleMixin, ScopedViewMixin, TemplateView):
    """What the cycle's ratings would be under another version of the scheme; changes nothing."""

    action = Action.RATING_VIEW
    template_name = "ratings/rerun.html"

    def get_context_data(self, **kwargs):
        try:
            scheme = scheme_get(self.cycle.kind, self.request.GET.get("scheme", self.cycle.scheme_version))
        except SchemeError:
            raise Http404 from None
        rows = selectors.cycle_rerun(cycle=self.cycle, scheme=scheme, actor=self.request.user)
        return super().get_context_data(cycle=self.cycle, scheme=scheme, rows=rows, **kwargs)


def _named_scores(rating) -> list:
    """The scores with their indicator's name (the identifier is never shown)."""
    names = {i.id: i.name_zh for i in rating.cycle.scheme.indicators}
    scores = list(rating.scores.all())
    for score in scores:
        score.indicator_name = names.get(score.indicator, "")
    return scores


class RatingMixin:
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and can(request.user, self.action):
            try:
                self.rating = selectors.rating_get(actor=request.user, pk=kwargs["pk"])
            except Rating.DoesNotExist:
                raise Http404 from None
        return super().dispatch(request, *args, **kwargs)

    def context(self, appeal_form=None, decide_form=None, province_form=None):
        from .effects import rating_consequences

        user, rating = self.request.user, self.rating
        appeal = getattr(rating, "appeal", None) if hasattr(rating, "appeal") else None
        can_appeal = can(user, Action.RATING_APPEAL) and rating.stage == "final" and appeal is None
        can_decide = (
            appeal is not None
            and not appeal.decision
            and can(user, Action.RATING_REVIEW)
            and user.office_id == rating.cycle.office_id
        )
        return {
            "rating": rating,
            "scheme": rating.cycle.scheme,
            "scores": _named_scores(rating),
            "events": selectors.rating_history_events(rating=rating),
            "documents": documents_of(actor=user, subject=rating),
            "appeal": appeal,
            "appeal_form": appeal_form or (ReasonForm() if can_appeal else None),
            "decide_form": decide_form or (AppealDecisionForm() if can_decide else None),
            "consequences": rating_consequences(rating),
            "province_form": province_form
            or (
                ProvinceLevelForm(
                    scheme=rating.cycle.scheme, initial={"level": rating.province_level or rating.final_level}
                )
                if province.may_decide(user, rating.cycle) and rating.stage == "final"
                else None
            ),
            "awaits_province": province.awaits_province(rating.cycle),
        }


class RatingDetailView(RatingMixin, ScopedViewMixin, TemplateView):
    action = Action.RATING_VIEW
    template_name = "ratings/rating_detail.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**self.context(), **kwargs)


class AppealView(RatingMixin, ScopedViewMixin, View):
    action = Action.RATING_APPEAL
    http_method_names = ["post"]

    def post(self, request, pk):
        form = ReasonForm(request.POST)
        if form.is_valid():
            try:
                services.rating_appeal_file(rating=self.rating, by=request.user, reason=form.cleaned_data["reason"])
            except ApplicationError as exc:
                add_service_error(form, exc)
            else:
                messages.success(request, _("Your appeal is filed; the city office will decide it."))
                return redirect(self.rating.get_absolute_url())
        return render(request, "ratings/rating_detail.html", self.context(appeal_form=form))


class AppealDecideView(RatingMixin, ScopedViewMixin, View):
    action = Action.RATING_REVIEW
    http_method_names = ["post"]

    def post(self, request, pk):
        form = AppealDecisionForm(request.POST)
        if form.is_valid():
            try:
                services.rating_appeal_decide(rating=self.rating, by=request.user, **form.cleaned_data)
            except ApplicationError as exc:
                add_service_error(form, exc)
            else:
                messages.success(request, _("The appeal is decided."))
                return redirect(self.rating.get_absolute_url())
        return render(request, "ratings/rating_detail.html", self.context(decide_form=form))
