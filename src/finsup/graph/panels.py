"""The relations tab of the institution page (its findings, a link to the relation view) and the
registry's change hook that rewrites the institution's links (see finsup.institutions.changes)."""

from django.utils.translation import gettext_lazy as _

from finsup.accounts.policies import Action, can
from finsup.institutions.changes import register_on_registry_change
from finsup.institutions.panels import Panel, register_institution_panel

from .build import institution_refresh
from .selectors import institution_findings


def _findings(*, actor, institution):
    # The supervisors' picture: an institution's users do not get the tab.
    if actor.is_institution_user or not can(actor, Action.RELATION_VIEW):
        return None
    return list(institution_findings(actor=actor, institution=institution))


register_institution_panel(
    Panel("relations", 85, _("Ownership and related parties"), "graph/_institution_relations.html", rows=_findings)
)
register_on_registry_change(institution_refresh)
