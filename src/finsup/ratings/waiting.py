"""What waits for a user in the rating cycle (see finsup.notifications.waiting): for the province,
the results the city submitted that await its final decision."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from finsup.accounts.choices import OfficeLevel
from finsup.accounts.policies import Action, can
from finsup.notifications.waiting import WaitingItem, register_waiting_source

from .selectors import cycles_awaiting_province


@register_waiting_source
def ratings_waiting(user):
    if not can(user, Action.RATING_PROVINCE_REVIEW) or user.office is None:
        return
    if user.office.level != OfficeLevel.PROVINCE:
        return
    cycles = list(cycles_awaiting_province(actor=user).select_related(None).only("pk"))
    yield WaitingItem(
        label=_("Rating results of the city awaiting the province's final decision"),
        count=len(cycles),
        # One cycle: its page, where the province decides; several: the list of cycles.
        url=cycles[0].get_absolute_url() if len(cycles) == 1 else f"{reverse('ratings:cycle_list')}?province=waiting",
        order=38,
    )
