"""What waits for a user in on-site supervision (see finsup.notifications.waiting): supervisory
measures awaiting a leader's decision, rectification reports awaiting the supervisors' review, and
for an institution the findings whose rectification it owes."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from finsup.accounts.choices import OfficeLevel
from finsup.accounts.policies import Action, can
from finsup.core import clock
from finsup.notifications.waiting import WaitingItem, register_waiting_source

from .choices import OWING_STATUSES, FindingStatus, MeasureStatus
from .selectors import finding_list, findings_overdue, measures_awaiting_decision, measures_awaiting_province


@register_waiting_source
def inspections_waiting(user):
    rectification = reverse("inspections:rectification_list")
    province = user.office is not None and user.office.level == OfficeLevel.PROVINCE
    if can(user, Action.MEASURE_PROVINCE_DECIDE) and province:
        # The city's requests (请示) for a V(2) rating or a revocation: only the province decides them.
        yield WaitingItem(
            label=_("Requests of the city awaiting the province's decision"),
            count=measures_awaiting_province(actor=user).count(),
            url=reverse("measures:province_requests"),
            order=39,
        )
    if can(user, Action.MEASURE_DECIDE) and not province:  # the province decides only what it is asked
        yield WaitingItem(
            label=_("Measures awaiting your decision"),
            count=measures_awaiting_decision(actor=user).count(),
            url=f"{reverse('measures:measure_list')}?status={MeasureStatus.PROPOSED}",
            order=40,
        )
    if can(user, Action.INSPECTION_RUN) and not user.is_institution_user:
        submitted = finding_list(actor=user).filter(status=FindingStatus.SUBMITTED)
        # Late as on the page of overdue duties: FINSUP_RECTIFICATION_REVIEW_DAYS after the last report.
        limit = clock.today() - datetime.timedelta(days=settings.FINSUP_RECTIFICATION_REVIEW_DAYS)
        start = timezone.make_aware(datetime.datetime.combine(limit, datetime.time.min))
        late = submitted.annotate(last_report=Max("reports__submitted_at")).filter(last_report__lt=start)
        yield WaitingItem(
            label=_("Rectification reports awaiting review"),
            count=submitted.count(),
            url=f"{rectification}?status={FindingStatus.SUBMITTED}",
            overdue=late.count(),
            order=41,
        )
    if user.is_institution_user and can(user, Action.RECTIFICATION_FILE):
        owed = finding_list(actor=user).filter(status__in=OWING_STATUSES, inspection__opinion_issued_on__isnull=False)
        yield WaitingItem(
            label=_("Findings to rectify"),
            count=owed.count(),
            url=rectification,
            overdue=findings_overdue(actor=user, as_of=clock.today()).count(),
            order=42,
        )
