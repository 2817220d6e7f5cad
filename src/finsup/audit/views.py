from django.views.generic import ListView

from finsup.accounts.policies import Action
from finsup.core.views import ScopedViewMixin

from .selectors import audit_entry_list


class AuditListView(ScopedViewMixin, ListView):
    action = Action.AUDIT_VIEW
    template_name = "audit/list.html"
    paginate_by = 50

    def get_queryset(self):
        return audit_entry_list(actor=self.request.user, filters=self.request.GET)
