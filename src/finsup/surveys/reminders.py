"""Reminders of surveys not answered: a few days before the deadline, and once overdue (to the
respondents, and to the sending office's staff who manage its surveys). Idempotent: each reminder
has its key, so running it again sends nothing new."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.utils.translation import gettext as _

from finsup.accounts.policies import Action, roles_with
from finsup.accounts.selectors import users_active
from finsup.core import clock
from finsup.notifications.services import notify

from .choices import SurveyStatus
from .models import SurveyRecipient
from .selectors import _with_state, open_requests
from .services import respondents_of


def remind_surveys(*, as_of: datetime.date | None = None) -> int:
    """Sends the reminders due on `as_of` (default today); returns how many notifications went out."""
    today = as_of or clock.today()
    soon = today + datetime.timedelta(days=settings.FINSUP_SURVEY_REMIND_DAYS)
    recipients = open_requests(
        _with_state(SurveyRecipient.objects.filter(survey__status=SurveyStatus.SENT, survey__deadline__lte=soon))
    ).select_related("survey__office", "institution", "office")
    sent = 0
    for recipient in recipients:
        survey = recipient.survey
        values = {"title": survey.title, "due": survey.deadline.isoformat(), "name": recipient.name}
        if survey.deadline >= today:
            sent += notify(
                users=respondents_of(recipient),
                title=_("Reminder: the survey “%(title)s” is due on %(due)s") % values,
                url=recipient.get_absolute_url(),
                key=f"survey:{recipient.pk}:due",
            )
            continue
        sent += notify(
            users=respondents_of(recipient),
            title=_("Overdue: the survey “%(title)s” was due on %(due)s") % values,
            body=_("Please answer it now."),
            url=recipient.get_absolute_url(),
            key=f"survey:{recipient.pk}:overdue",
        )
        managers = users_active(office=survey.office_id, role__in=roles_with(Action.SURVEY_MANAGE))
        sent += notify(
            users=managers,
            title=_("%(name)s has not answered the survey “%(title)s” (due %(due)s)") % values,
            url=survey.get_absolute_url(),
            key=f"survey:{recipient.pk}:overdue",
        )
    return sent
