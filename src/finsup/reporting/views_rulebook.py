"""The rulebook as supervisors read it: every rule with its formula, limit, dates and legal basis."""

from django.views.generic import TemplateView

from finsup.accounts.policies import Action
from finsup.core.views import ScopedViewMixin
from finsup.institutions.choices import InstitutionKind
from finsup.monitoring.choices import WarningLevel
from finsup.monitoring.selectors import breach_statistics

from . import catalogue_access as cat


def _severity(value: str) -> str:
    return WarningLevel(value).label if value in WarningLevel.values else value


class RulebookView(ScopedViewMixin, TemplateView):
    action = Action.RULEBOOK_VIEW
    template_name = "reporting/rulebook.html"

    def get_context_data(self, **kwargs):
        kind = self.request.GET.get("kind", "")
        rules = sorted(cat.rulebook(), key=lambda r: (r.kind, r.report or "", r.effective_from, r.id))
        if kind:
            rules = [r for r in rules if r.kind == kind]
        reports = {r.code: r.name_zh for r in cat.catalogue()}
        return super().get_context_data(
            rules=[(r, reports.get(r.report, r.source or ""), _severity(r.severity)) for r in rules],
            kinds=InstitutionKind.choices,
            kind=kind,
            breach_stats=breach_statistics(
                actor=self.request.user
            ),  # the breaches column, in the viewer's jurisdiction
            **kwargs,
        )
