"""Reads of the exchange with the province, from what the acting user may see: the exports and their
receipts, and what may be exported (offices, rating cycles, office reports)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from finsup.accounts.policies import Action, may
from finsup.core.errors import OutOfScope
from finsup.ratings.selectors import cycle_list
from finsup.reporting import catalogue_access as cat
from finsup.reporting.periods import Period
from finsup.reporting.selectors import office_reports_filed
from finsup.reporting.summaries.data import summary_offices

from .errors import Code
from .models import ProvinceExport
from .services import EXCHANGE_LEVELS


def may_view(actor) -> bool:
    return may(actor, Action.EXCHANGE_VIEW, levels=EXCHANGE_LEVELS)


def may_export(actor) -> bool:
    return may(actor, Action.EXCHANGE_EXPORT, levels=EXCHANGE_LEVELS)


def export_list(*, actor) -> QuerySet[ProvinceExport]:
    """The exports of the actor's jurisdiction, newest first, with their receipts; none outside the
    city and the province."""
    if not may_view(actor):
        return ProvinceExport.objects.none()
    return (
        ProvinceExport.objects.for_user(actor)
        .select_related("office", "created_by", "receipt")
        .defer("content")
        .order_by("-created_at", "-pk")
    )


def export_get(*, actor, pk) -> ProvinceExport:
    """One export of the actor's jurisdiction; OutOfScope (404) for anything else."""
    if may_view(actor):
        try:
            return ProvinceExport.objects.for_user(actor).select_related("office").get(pk=pk)
        except (ProvinceExport.DoesNotExist, ValueError, TypeError):
            pass
    raise OutOfScope(_("Not found."), code=Code.NOT_AN_EXCHANGE_OFFICE)


def exportable_offices(*, actor) -> list:
    return summary_offices(actor=actor)


def exportable_cycles(*, actor):
    return cycle_list(actor=actor).order_by("-year", "kind")


def exportable_office_reports(*, actor, limit: int = 100) -> list[tuple[int, str]]:
    """(filing id, what the page shows) of the office reports the actor may send on, newest first."""
    filings = office_reports_filed(actor=actor).order_by("-period_end", "office__code", "report_code")[:limit]
    return [
        (
            s.pk,
            _("{office} {report} {period}, version {version}").format(
                office=s.office.name,
                report=cat.report_name(s.report_code),
                period=Period(s.period_start, s.period_end).label,
                version=s.version,
            ),
        )
        for s in filings
    ]
