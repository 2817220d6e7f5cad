"""The catalogue and rulebook of this process, loaded once (both are files in the repository)."""

from __future__ import annotations

from functools import cache

from django.utils.translation import gettext as _

from finsup.catalogue import ReportDefinition, ReportVersion, default_catalogue
from finsup.core.errors import ApplicationError

from .errors import Code
from .periods import Period, parse_period, period_containing


@cache
def catalogue():
    return default_catalogue()


def report_name(code) -> str:
    """A report code as its Chinese name (the catalogue's data), or the code if unknown."""
    report = catalogue().get(str(code))
    return report.name_zh if report else str(code)


@cache
def rulebook():
    """The rulebook in force: the rule files shipped in the repository, or those of the folder
    named by FINSUP_RULES_DIR (an office can adopt a changed rule without a code change)."""
    from django.conf import settings

    from finsup.rulebook import load_rulebook

    return load_rulebook(settings.FINSUP_RULES_DIR or None, catalogue())


def report_for(code: str, *, kind: str) -> ReportDefinition:
    report = catalogue().get(code)
    if report is None or report.kind != kind:
        raise ApplicationError(
            _("“%(code)s” is not a report this institution files.") % {"code": code},
            field="report",
            code=Code.NOT_A_REPORT_OF_INSTITUTION,
        )
    return report


def version_for(report: ReportDefinition, period: Period) -> ReportVersion:
    version = report.version_for(period.end)
    if version is None:
        raise ApplicationError(
            _("The report “%(name)s” has no definition in force for %(period)s.")
            % {"name": report.name_zh, "period": period.label},
            field="period",
            code=Code.NO_DEFINITION_IN_FORCE,
        )
    return version


def period_for(report: ReportDefinition, label: str) -> Period:
    try:
        return parse_period(label, report.frequency)
    except (ValueError, KeyError, OverflowError):  # a year past datetime's range overflows
        raise ApplicationError(
            _("“%(label)s” is not a period of this report (e.g. 2026-03, 2026Q1, 2026H1, 2026).") % {"label": label},
            field="period",
            code=Code.NOT_A_PERIOD_OF_REPORT,
        ) from None


def check_period(report: ReportDefinition, period: Period) -> None:
    if period_containing(period.start, report.frequency) != period:
        raise ApplicationError(
            _("The period does not match the report’s frequency."), field="period", code=Code.PERIOD_FREQUENCY_MISMATCH
        )
