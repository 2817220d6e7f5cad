"""The province's steps of the rating cycle (issue 18). The city's finalisation submits the cycle's
results to the province (county initial rating → city rating with sampling → province, source
分类评级办法); the province confirms or adjusts each institution's level, with reasons for an
adjustment, then publishes the final results. Publishing confirms every level not yet decided, makes
each adjusted level the final one (measures proposed for it as for any final level) and notifies
the city, the counties and the institutions. The decisions are the province's own: its user, its
office, each step a rating event and an audit entry."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from finsup.accounts.choices import OfficeLevel, Role
from finsup.accounts.policies import Action, may, require
from finsup.accounts.selectors import users_active
from finsup.audit.choices import AuditAction
from finsup.audit.services import audit_record
from finsup.core import clock
from finsup.core.errors import ApplicationError, InvalidTransition
from finsup.inspections.effects import measures_from_rating
from finsup.notifications.services import notify

from .choices import CycleStatus, Level, RatingStep, Stage
from .effects import rating_consequences
from .errors import Code
from .models import Rating, RatingCycle
from .services import CYCLE, RATING, _event

PROVINCE_LEVELS = (OfficeLevel.PROVINCE,)


def _require_province(by, cycle: RatingCycle, action: Action) -> None:
    require(
        by,
        action,
        office=cycle.office,
        levels=PROVINCE_LEVELS,
        denied=_("Only the provincial office decides the final ratings."),
    )


def _check_open(cycle: RatingCycle) -> None:
    if cycle.status != CycleStatus.FINAL:
        raise InvalidTransition(
            _("The city has not submitted the results of this cycle yet."), code=Code.CYCLE_NOT_SUBMITTED
        )
    if cycle.published_on is not None:
        raise InvalidTransition(
            _("The province has already published the final results of this cycle."), code=Code.RESULTS_PUBLISHED
        )


def awaits_province(cycle: RatingCycle) -> bool:
    return cycle.status == CycleStatus.FINAL and cycle.published_on is None


def may_decide(user, cycle: RatingCycle, action: Action = Action.RATING_PROVINCE_REVIEW) -> bool:
    """Whether the pages offer `user` the province's step on `cycle` (the services decide)."""
    return awaits_province(cycle) and may(user, action, office=cycle.office, levels=PROVINCE_LEVELS)


@transaction.atomic
def rating_province_decide(*, rating: Rating, by, level: str, reason: str = "") -> Rating:
    """Confirms the city's final level (`level` the same) or adjusts it (another level, with reasons).
    Until the results are published the province may decide again; the last decision counts."""
    rating = RATING.lock(rating)
    cycle = rating.cycle
    _require_province(by, cycle, Action.RATING_PROVINCE_REVIEW)
    _check_open(cycle)
    known = [b.level for b in cycle.scheme.bands]
    if level not in known:
        raise ApplicationError(
            _("Choose the level the province decides."), field="level", code=Code.PROVINCE_LEVEL_REQUIRED
        )
    reason = (reason or "").strip()
    adjusted = level != rating.final_level
    if adjusted and not reason:
        raise ApplicationError(
            _("The province's level (%(new)s) differs from the city's (%(city)s): give the reasons.")
            % {"new": Level(level).label, "city": Level(rating.final_level).label},
            field="reason",
            code=Code.REASON_REQUIRED,
        )
    before = rating.province_level
    rating.province_level, rating.province_reason = level, reason
    rating.province_decided_by, rating.province_decided_at = by, clock.now()
    rating.save(update_fields=["province_level", "province_reason", "province_decided_by", "province_decided_at"])
    step = RatingStep.PROVINCE_ADJUSTED if adjusted else RatingStep.PROVINCE_CONFIRMED
    _event(rating, step, by, reason, level)
    audit_record(
        action=AuditAction.UPDATE,
        obj=rating,
        changes={"province_level": [before or None, level], "province_reason": [None, reason or None]},
    )
    return rating


@transaction.atomic
def cycle_province_publish(*, cycle: RatingCycle, by, reason: str = "") -> RatingCycle:
    """Publishes the final results: every level not decided yet is confirmed as the city gave it."""
    cycle = CYCLE.lock(cycle)
    _require_province(by, cycle, Action.RATING_PROVINCE_PUBLISH)
    _check_open(cycle)
    reason = (reason or "").strip()
    now, today = clock.now(), clock.today()
    adjusted = []
    for rating in cycle.ratings.select_for_update().filter(stage=Stage.FINAL).select_related("institution"):
        if not rating.province_level:
            rating.province_level, rating.province_reason = rating.final_level, reason
            rating.province_decided_by, rating.province_decided_at = by, now
            _event(rating, RatingStep.PROVINCE_CONFIRMED, by, reason, rating.final_level)
        old = rating.final_level
        rating.final_level = rating.province_level
        rating.save(
            update_fields=[
                "province_level",
                "province_reason",
                "province_decided_by",
                "province_decided_at",
                "final_level",
            ]
        )
        _event(rating, RatingStep.PUBLISHED, by, reason, rating.final_level)
        if old != rating.final_level:
            audit_record(action=AuditAction.UPDATE, obj=rating, changes={"final_level": [old, rating.final_level]})
            adjusted.append(rating)
    for rating in adjusted:  # proposals for the new level, for a leader to decide (inspections)
        rating.cycle = cycle
        measures_from_rating(rating, rating_consequences(rating))
    cycle.published_on, cycle.published_by = today, by
    cycle.save(update_fields=["published_on", "published_by"])
    audit_record(
        action=AuditAction.UPDATE,
        obj=cycle,
        changes={
            "published_on": [None, today],
            "office": [None, by.office.code],
            "adjusted": [None, len(adjusted)],
            "reason": [None, reason or None],
        },
    )
    _announce(cycle)
    return cycle


def _announce(cycle: RatingCycle) -> None:
    """The city's and the counties' leaders and lead supervisors learn the published results; each
    institution's users learn their own final level (their rating's page)."""
    ratings = list(cycle.ratings.select_related("institution"))
    offices = {cycle.office_id} | {r.institution.county_id for r in ratings}
    staff = list(users_active(office_id__in=offices, role__in=[Role.LEADER, Role.LEAD_SUPERVISOR]))
    title = _("The province published the final ratings of %(cycle)s") % {"cycle": str(cycle)}
    url = cycle.get_absolute_url()
    members = {r.pk: list(users_active(institution_id=r.institution_id)) for r in ratings}

    def send():
        notify(users=staff, title=title, url=url, key=f"ratings-published:{cycle.pk}")
        for r in ratings:
            own = _("The province decided your final rating of %(year)s: %(level)s") % {
                "year": cycle.year,
                "level": Level(r.final_level).label,
            }
            notify(users=members[r.pk], title=own, url=r.get_absolute_url(), key=f"rating-published:{r.pk}")

    transaction.on_commit(send)
