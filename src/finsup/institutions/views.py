from django.views.generic import ListView

from finsup.accounts.policies import Action
from finsup.core.views import ScopedViewMixin

from .models import Institution


class InstitutionListView(ScopedViewMixin, ListView):
    action = Action.INSTITUTION_VIEW
    model = Institution
    template_name = "institutions/list.html"
