"""What waits for a user in licensing (see finsup.notifications.waiting): the applications at the
step of the user's office (STEP_OFFICE): the county's initial review; the city's review and, for
its leaders, the decision; the province's staff, the applications forwarded to it (its leaders decide)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from finsup.accounts.choices import OfficeLevel
from finsup.accounts.policies import Action, can
from finsup.core import clock
from finsup.notifications.waiting import WaitingItem, register_waiting_source

from .choices import ApplicationStatus
from .selectors import application_list


def _item(user, *, status: str, label: str, order: int, county=None) -> WaitingItem:
    today = clock.today()
    qs = application_list(actor=user, status=status).select_related(None).only("status", "step_started_on")
    rows = list(qs.filter(county=county) if county is not None else qs)
    return WaitingItem(
        label=label,
        count=len(rows),
        url=f"{reverse('licensing:application_list')}?status={status}",
        overdue=sum(a.step_overdue(today) for a in rows),
        order=order,
    )


@register_waiting_source
def applications_waiting(user):
    if user.is_institution_user or user.office is None:
        return
    if user.office.level == OfficeLevel.CITY:
        if can(user, Action.APPLICATION_REVIEW):
            yield _item(
                user,
                status=ApplicationStatus.COUNTY_PASSED,
                label=_("Applications awaiting the city's review"),
                order=50,
            )
        if can(user, Action.APPLICATION_DECIDE):
            yield _item(
                user,
                status=ApplicationStatus.CITY_PASSED,
                label=_("Applications awaiting a decision"),
                order=51,
            )
    elif user.office.level == OfficeLevel.PROVINCE:
        if can(user, Action.APPLICATION_REVIEW) or can(user, Action.APPLICATION_DECIDE):
            yield _item(
                user,
                status=ApplicationStatus.FORWARDED,
                label=_("Applications awaiting the province's decision"),
                order=52,
            )
    elif can(user, Action.APPLICATION_REVIEW):
        yield _item(
            user,
            status=ApplicationStatus.FILED,
            label=_("Applications awaiting the county's initial review"),
            order=50,
            county=user.office,  # the application's own county office reviews it
        )
