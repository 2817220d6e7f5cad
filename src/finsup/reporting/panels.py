"""The filings tab of the institution page (see finsup.institutions.panels)."""

from django.utils.translation import gettext_lazy as _

from finsup.institutions.panels import Panel, register_institution_panel

from .selectors import institution_filings

register_institution_panel(
    Panel("filings", 50, _("Filings"), "reporting/_institution_filings.html", rows=institution_filings)
)
