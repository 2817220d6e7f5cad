from itertools import islice

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from django.views.generic import ListView

from finsup.accounts.policies import Action, can_view_audit_trail
from finsup.web.lists import DATETIME, NAME, Column, ListPageMixin
from finsup.web.views import ScopedViewMixin

from . import presentation
from .selectors import audit_entry_list


def _changes_text(entry) -> str:
    return "\n".join(
        f"{line.name}: {'' if line.old is None else f'{line.old} → '}{'—' if line.new is None else line.new}"
        for line in entry.lines
    )


AUDIT_COLUMNS = (
    Column("time", _("time"), "at", kind=DATETIME, order=("seq",)),
    Column("user", _("user"), "actor_label", kind=NAME, order=("actor_label",)),
    Column("address", _("address"), "address"),
    Column("channel", _("channel"), "get_channel_display", table=False),
    Column("action", _("action"), "get_action_display", order=("action",)),
    Column("object", _("object"), lambda e: e.object_repr or e.type_name),
    Column("type", _("record type"), "type_name", table=False),
    Column("changes", _("changes"), _changes_text),
)


class AuditListView(ScopedViewMixin, ListPageMixin, ListView):
    action = Action.AUDIT_VIEW
    template_name = "audit/list.html"
    paginate_by = 25
    columns = AUDIT_COLUMNS
    export_title = _("Audit trail")

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not can_view_audit_trail(request.user):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        qs, self.filterset = audit_entry_list(actor=self.request.user, filters=self.request.GET)
        return qs

    def export_rows(self, rows):
        """The entries read as on the page (types named, changes in words), 500 at a time."""
        entries = iter(super().export_rows(rows))
        while chunk := list(islice(entries, 500)):
            yield from presentation.readable(chunk)

    def get_context_data(self, **kwargs):
        return super().get_context_data(filter=self.filterset, **kwargs)
