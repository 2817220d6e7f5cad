"""What waits for a user in special surveys (see finsup.notifications.waiting): the surveys their
institution or office has to answer, and the overdue non-answers to their own office's surveys."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from finsup.accounts.policies import Action, can
from finsup.notifications.waiting import WaitingItem, register_waiting_source

from .selectors import overdue_of_office, waiting_counts


@register_waiting_source
def surveys_waiting(user):
    if can(user, Action.SURVEY_ANSWER) and (user.institution_id or user.office_id):
        count, overdue = waiting_counts(actor=user)
        yield WaitingItem(
            label=_("Surveys to answer"),
            count=count,
            url=f"{reverse('surveys:list')}?tab=received",
            overdue=overdue,
            order=12,
        )
    if can(user, Action.SURVEY_MANAGE) and not user.institution_id and user.office_id:
        overdue = overdue_of_office(actor=user).count()
        yield WaitingItem(
            label=_("Survey answers overdue"),
            count=overdue,
            url=f"{reverse('surveys:list')}?tab=sent",
            overdue=overdue,
            order=13,
        )
