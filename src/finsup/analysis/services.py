"""Writes of the financial operation analysis: open a month (one survey per group of resident
institutions, sent at once) and draft the month's analysis document from its figures. Each write is
atomic and audited; a refusal raises ApplicationError and changes nothing."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from finsup.accounts.policies import Action, require
from finsup.audit.choices import AuditAction
from finsup.audit.services import audit_record
from finsup.core import clock
from finsup.core.errors import ApplicationError
from finsup.documents.choices import DocumentKind
from finsup.documents.services import document_draft
from finsup.partners.selectors import partners_for_survey
from finsup.surveys.services import survey_create, survey_send

from . import selectors
from .errors import Code
from .indicators import BASIS, GROUPS
from .models import AnalysisMonth, MonthSurvey
from .writing import analysis_context

NOT_YOURS = gettext_lazy("You may not run the financial operation analysis of this office.")


def _first_day(month: datetime.date) -> datetime.date:
    return month.replace(day=1)


@transaction.atomic
def month_open(*, by, office, month: datetime.date, deadline: datetime.date) -> AnalysisMonth:
    """Asks the resident institutions within `office` for the month's figures: a survey per group
    that has any, sent at once, due by `deadline`."""
    require(by, Action.ANALYSIS_MANAGE, office=office, denied=NOT_YOURS)
    month = _first_day(month)
    if month > _first_day(clock.today()):
        raise ApplicationError(_("The month has not begun."), field="month", code=Code.MONTH_FUTURE)
    if AnalysisMonth.objects.filter(office=office, month=month).exists():
        raise ApplicationError(
            _("The figures of %(month)s are already asked for.") % {"month": f"{month.year}年{month.month}月"},
            field="month",
            code=Code.MONTH_OPEN,
        )
    opened = AnalysisMonth.objects.create(office=office, month=month, opened_by=by, opened_at=clock.now())
    sent = []
    for group in GROUPS.values():
        partners = [
            p for p in partners_for_survey(actor=by, kinds=group.kinds) if p.county.path.startswith(office.path)
        ]
        if not partners:
            continue
        survey = survey_create(
            by=by,
            office=office,
            data={
                "title": f"{month.year}年{month.month}月金融运行情况统计（{group.name}）",
                "basis": BASIS,
                "deadline": deadline,
            },
            fields=list(group.fields),
            checks=list(group.checks),
            partners=partners,
        )
        survey_send(survey=survey, by=by)
        MonthSurvey.objects.create(month=opened, group=group.key, survey=survey)
        sent.append(group.key)
    if not sent:
        raise ApplicationError(
            _("No resident institution in the register answers these figures; register them first."),
            code=Code.NO_PARTNERS,
        )
    audit_record(
        action=AuditAction.CREATE,
        obj=opened,
        changes={"month": [None, month.isoformat()], "groups": [None, sent], "deadline": [None, deadline.isoformat()]},
    )
    return opened


@transaction.atomic
def analysis_draft(*, by, month: AnalysisMonth):
    """The month's analysis (金融运行情况分析), a draft document to the city government written from
    the figures answered so far and the month before; checked and signed off as any document."""
    require(by, Action.ANALYSIS_MANAGE, office=month.office, denied=NOT_YOURS)
    figures = selectors.month_figures(month)
    if not figures.answered:
        raise ApplicationError(_("No institution has answered yet."), code=Code.NO_ANSWERS)
    previous = selectors.previous_month(month)
    context = analysis_context(month, figures, selectors.month_figures(previous) if previous else None)
    return document_draft(
        kind=DocumentKind.FINANCE_ANALYSIS, office=month.office, context=context, by=by, subject=month
    )
