"""The province's pages of the rating cycle (issue 18): confirm or adjust one institution's final
level, publish the cycle's final results. Parse, call the service, render; out of scope is 404."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from finsup.accounts.policies import Action
from finsup.core.errors import ApplicationError
from finsup.web.forms import add_service_error
from finsup.web.views import ScopedViewMixin

from . import province
from .choices import Level
from .forms import ProvinceLevelForm, PublishForm
from .views import CycleStepView, RatingMixin


class ProvinceDecideView(RatingMixin, ScopedViewMixin, View):
    action = Action.RATING_PROVINCE_REVIEW
    http_method_names = ["post"]

    def post(self, request, pk):
        form = ProvinceLevelForm(request.POST, scheme=self.rating.cycle.scheme)
        if form.is_valid():
            try:
                rating = province.rating_province_decide(rating=self.rating, by=request.user, **form.cleaned_data)
            except ApplicationError as exc:
                add_service_error(form, exc)
            else:
                messages.success(
                    request,
                    _("The province decided %(name)s: %(level)s.")
                    % {"name": rating.institution.name, "level": Level(rating.province_level).label},
                )
                return redirect(rating.cycle.get_absolute_url())
        return render(request, "ratings/rating_detail.html", self.context(province_form=form), status=400)


class ProvincePublishView(CycleStepView):
    action = Action.RATING_PROVINCE_PUBLISH

    def step(self, request):
        form = PublishForm(request.POST)
        form.is_valid()
        province.cycle_province_publish(cycle=self.cycle, by=request.user, reason=form.cleaned_data.get("reason", ""))
        return _(
            "The final results of this cycle are published; the city, the counties and the institutions are notified."
        )
