"""What waits for a user in risk monitoring (see finsup.notifications.waiting): the warnings not
yet closed that a lead supervisor handles (assigned to the institution's lead supervisor, and kept
so by services.warnings_reassign), and for a leader every one of the office's jurisdiction; the
institutions' justifications waiting for their decision; and for an institution, its breaches
still to justify."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from finsup.accounts.choices import Role
from finsup.accounts.policies import Action, can
from finsup.notifications.waiting import WaitingItem, register_waiting_source

from .choices import BREACH_SOURCES, TO_ANSWER, JustificationStatus, WarningStatus
from .filters import TO_ANSWER_CHOICE
from .models import RiskWarning


@register_waiting_source
def warnings_waiting(user):
    if not can(user, Action.WARNING_HANDLE):
        return
    not_closed = RiskWarning.objects.for_user(user).exclude(status=WarningStatus.CLOSED)
    url = reverse("monitoring:warning_list")
    yield from _mine_or_all(
        user, not_closed, url, _("Open warnings assigned to me"), _("Open warnings"), order=20, query="?"
    )


def _mine_or_all(user, warnings, url: str, mine: str, everyone: str, *, order: int, query: str):
    """A lead supervisor's item counts the warnings assigned to them, a leader's all of the
    jurisdiction; other roles get none."""
    if user.role == Role.LEAD_SUPERVISOR:
        count = warnings.filter(assigned_to=user).count()
        yield WaitingItem(label=mine, count=count, url=f"{url}{query}mine=on", order=order)
    elif user.role == Role.LEADER:
        yield WaitingItem(label=everyone, count=warnings.count(), url=url, order=order)


@register_waiting_source
def justifications_waiting(user):
    if can(user, Action.WARNING_HANDLE):
        waiting = RiskWarning.objects.for_user(user).filter(justification_status=JustificationStatus.WAITING)
        url = f"{reverse('monitoring:warning_list')}?answer={JustificationStatus.WAITING}"
        yield from _mine_or_all(
            user,
            waiting,
            url,
            _("Justifications of breaches for me to decide"),
            _("Justifications of breaches to decide"),
            order=21,
            query="&",
        )
    if can(user, Action.BREACH_ANSWER):
        to_answer = (
            RiskWarning.objects.for_user(user)
            .filter(source__in=BREACH_SOURCES, justification_status__in=TO_ANSWER)
            .exclude(status=WarningStatus.CLOSED)
        )
        yield WaitingItem(
            label=_("Rule breaches to justify"),
            count=to_answer.count(),
            url=f"{reverse('monitoring:breach_list')}?answer={TO_ANSWER_CHOICE}",
            order=12,
        )
