"""The review side of the demo history: the counties accept (in batches, which evaluates the
filings and opens the breach warnings), the city confirms, and the lead supervisors have already
dealt with the older warnings (talked to the company, seen it rectified, closed the warning)."""

from __future__ import annotations

import datetime
import random
from collections import defaultdict

from django.db import transaction

from finsup.accounts.policies import Action, require
from finsup.core import clock
from finsup.core.request_context import Actor, acting_as
from finsup.monitoring.choices import WarningSource, WarningStatus
from finsup.monitoring.models import RiskWarning
from finsup.monitoring.services import warning_transition
from finsup.reporting import workflow
from finsup.reporting.choices import SubmissionAction, SubmissionStatus
from finsup.reporting.models import Submission

from .filings_plan import FilingsPlan
from .filings_timeline import later

CONFIRMS_PER_TRANSACTION = 500
# Warnings about periods ending more than this many days before the demo day have been handled;
# later ones are still open or in hand.
HANDLED_DAYS = 300
IN_HAND_DAYS = 120
ACKNOWLEDGE = "已电话约谈机构负责人，要求书面说明情况并提出整改措施。"
RECTIFYING = "机构已提交整改方案，承诺限期将指标压降至监管要求以内，正在跟踪整改。"
CLOSE_BREACH = "机构已完成整改，后续报表指标恢复正常，予以销号。"
CLOSE_LATE = "已提醒机构按时报送，机构已作书面说明并承诺按期报送。"


def as_user(user):
    """Audit entries name the person on whose behalf the loader acted, and say it was the loader."""
    return acting_as(Actor(user=user, label=f"command:demo load as {user.username}", channel="command"))


def accept_all(plan: FilingsPlan, saved, staff) -> None:
    """One accept batch per county, by its clerk. One batch per county also keeps each
    institution's filings in one evaluation, so no indicator is compared with results of an
    earlier batch: `evaluation._sharp_changes` fails when it finds one (it rebinds `_`, the
    gettext alias, before calling it), which the loader must not trip over."""
    by_reviewer = defaultdict(list)
    for filing in plan.filings:
        if filing.accepted_at:
            by_reviewer[filing.accepted_by].append(saved[filing.key].current)
    for username, submissions in sorted(by_reviewer.items()):
        reviewer = staff[username]
        with as_user(reviewer):
            workflow.submissions_accept_batch(submissions=submissions, by=reviewer)


def confirm_all(plan: FilingsPlan, saved, staff) -> None:
    """The city confirms in batches per reviewer, a few hundred filings at a time."""
    by_reviewer = defaultdict(list)
    for filing in plan.filings:
        if filing.confirmed_at:
            by_reviewer[filing.confirmed_by].append(saved[filing.key].current)
    for username, submissions in sorted(by_reviewer.items()):
        reviewer = staff[username]
        with as_user(reviewer):
            for start in range(0, len(submissions), CONFIRMS_PER_TRANSACTION):
                submissions_confirm_batch(
                    submissions=submissions[start : start + CONFIRMS_PER_TRANSACTION], by=reviewer
                )


@transaction.atomic
def submissions_confirm_batch(*, submissions: list[Submission], by) -> list[Submission]:
    """Confirms many accepted filings, each checked and recorded like one (`workflow.submission_confirm`):
    the rows are locked in one query instead of one each. Belongs beside
    `workflow.submissions_accept_batch`; kept here until the reporting app takes it."""
    confirmed = []
    rows = (
        Submission.objects.select_for_update(of=("self",))
        .select_related("office", "institution__county")
        .filter(pk__in=[s.pk for s in submissions], status=SubmissionStatus.ACCEPTED)
        .order_by("pk")
    )
    for submission in rows:
        require(by, Action.FILING_REVIEW, office=submission.institution.county, **workflow.CITY_STEP)
        workflow.record_transition(
            submission=submission, to_status=SubmissionStatus.CONFIRMED, action=SubmissionAction.CONFIRM, by=by
        )
        confirmed.append(submission)
    return confirmed


def handle_old_warnings(plan: FilingsPlan, staff) -> None:
    """Old breach and late-filing warnings closed by their lead supervisor; some of this year's
    breaches in rectification. Each step is taken at its moment, days or weeks after the one
    before (never on or after the demo day), once the warnings bear their opening times."""
    handled_before = plan.as_of - datetime.timedelta(days=HANDLED_DAYS)
    warnings = RiskWarning.objects.filter(
        source__in=[WarningSource.RULE_BREACH, WarningSource.LATE_FILING],
        period_end__lt=plan.as_of - datetime.timedelta(days=IN_HAND_DAYS),
    ).select_related("assigned_to")
    for warning in warnings.order_by("pk"):
        rng = random.Random(f"{plan.seed}:handle:{warning.key}")
        supervisor = warning.assigned_to
        moment = warning.opened_at
        with as_user(supervisor):
            for to_status, reason in _steps(warning, rng, handled_before):
                gap = (7, 40) if to_status == WarningStatus.CLOSED else (2, 8)
                moment = later(moment, rng, *gap, plan.as_of)
                if moment is None:
                    break
                with clock.at(moment):
                    warning = warning_transition(warning=warning, to_status=to_status, by=supervisor, reason=reason)


def _steps(warning: RiskWarning, rng: random.Random, handled_before: datetime.date) -> list[tuple[str, str]]:
    if warning.source == WarningSource.LATE_FILING:
        return [(WarningStatus.CLOSED, CLOSE_LATE)] if rng.random() < 0.85 else []
    if warning.period_end < handled_before and rng.random() < 0.85:
        return [
            (WarningStatus.ACKNOWLEDGED, ACKNOWLEDGE),
            (WarningStatus.RECTIFYING, RECTIFYING),
            (WarningStatus.CLOSED, CLOSE_BREACH),
        ]
    if rng.random() < 0.5:
        return [(WarningStatus.ACKNOWLEDGED, ACKNOWLEDGE), (WarningStatus.RECTIFYING, RECTIFYING)]
    return []
