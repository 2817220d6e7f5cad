"""The governance tab of the institution page: the newest assessments of the institution (staff)."""

from django.utils.translation import gettext_lazy as _

from finsup.accounts.policies import Action, can
from finsup.institutions.panels import Panel, register_institution_panel

from .selectors import assessments_of


def _assessments(*, actor, institution):
    if actor.is_institution_user or not can(actor, Action.GOVERNANCE_VIEW):
        return None
    return list(assessments_of(actor=actor, institution=institution)[:5])


register_institution_panel(
    Panel(
        "governance",
        87,
        _("Governance and internal control"),
        "governance/_institution_governance.html",
        rows=_assessments,
        rows_name="governance_assessments",
    )
)
