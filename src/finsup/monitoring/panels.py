"""The risk warnings tab of the institution page, and open warnings following a new lead
supervisor (see finsup.institutions.panels)."""

from django.utils.translation import gettext_lazy as _

from finsup.institutions.panels import Panel, register_institution_panel, register_on_reassign

from .selectors import institution_warnings
from .services import warnings_reassign


def _warnings(*, actor, institution):
    # The offices' working record: an institution's users do not get the tab.
    return None if actor.is_institution_user else institution_warnings(actor=actor, institution=institution)


register_institution_panel(
    Panel(
        "warnings",
        80,
        _("Risk warnings"),
        "monitoring/_institution_warnings.html",
        rows=_warnings,
        counted=True,
        tab_template="monitoring/_institution_tab.html",
    )
)
register_on_reassign(warnings_reassign)
