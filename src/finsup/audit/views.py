from django.http import Http404
from django.views.generic import ListView

from finsup.accounts.policies import Action, can_view_audit_trail
from finsup.web.views import ScopedViewMixin

from .selectors import audit_entry_list


class AuditListView(ScopedViewMixin, ListView):
    action = Action.AUDIT_VIEW
    template_name = "audit/list.html"
    paginate_by = 50

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not can_view_audit_trail(request.user):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        qs, self.filterset = audit_entry_list(actor=self.request.user, filters=self.request.GET)
        return qs

    def get_context_data(self, **kwargs):
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(filter=self.filterset, query=query.urlencode(), **kwargs)
