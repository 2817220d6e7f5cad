"""Writes of the rating cycle, one service per step: lock, check who and when, write the scores, the
step's event and the audit entry. A refused step raises ApplicationError and changes nothing."""

from __future__ import annotations

import random
import secrets
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from finsup.accounts.choices import OfficeLevel
from finsup.accounts.policies import Action, require
from finsup.audit.choices import AuditAction
from finsup.audit.services import audit_record
from finsup.core import clock
from finsup.core.errors import ApplicationError, InvalidTransition, PermissionDenied
from finsup.core.lifecycle import Event, Lifecycle, move, refused_move, transition
from finsup.documents.choices import DocumentKind
from finsup.documents.selectors import documents_of
from finsup.documents.services import document_draft
from finsup.inspections.effects import measures_from_rating
from finsup.institutions.choices import InstitutionKind

from . import selectors
from .choices import (
    ALLOWED_TRANSITIONS,
    APPEAL_TRANSITIONS,
    STAGE_TRANSITIONS,
    AppealDecision,
    CycleStatus,
    Level,
    RatingStep,
    Round,
    Stage,
)
from .effects import rating_consequences
from .errors import Code
from .models import Rating, RatingAppeal, RatingCycle, RatingEvent, RatingScore
from .notices import rating_notice_context
from .schemes import SchemeError, scheme_get, scheme_in_force

if TYPE_CHECKING:
    from finsup.documents.models import OfficialDocument

COUNTY_LEVELS = {OfficeLevel.COUNTY, OfficeLevel.ZONE}


def _reason(text: str, field: str = "reason") -> str:
    text = (text or "").strip()
    if not text:
        raise ApplicationError(_("Record why: the reasons of this step."), field=field, code=Code.REASON_REQUIRED)
    return text


def _city_staff(by, cycle: RatingCycle | None, action: Action) -> None:
    require(by, action, levels=(OfficeLevel.CITY,), denied=_("Only the city office may take this step."))
    if cycle is not None and by.office_id != cycle.office_id:
        raise PermissionDenied(
            _("Only the office that runs this cycle may take this step."), code=Code.NOT_THE_CYCLE_OFFICE
        )


# A cycle has no event table: its moves are in the audit trail (its ratings have their events).
CYCLE = Lifecycle(
    model=RatingCycle,
    table=ALLOWED_TRANSITIONS,
    refusal=refused_move(gettext_lazy("A cycle at “%(from)s” cannot move to “%(to)s”."), CycleStatus),
    select_related=("office",),
)
# A rating's moves are RatingEvents of the step taken (with the level it gave).
RATING = Lifecycle(
    model=Rating,
    table=STAGE_TRANSITIONS,
    refusal=refused_move(gettext_lazy("A rating at “%(from)s” cannot move to “%(to)s”."), Stage),
    event=Event(model=RatingEvent, owner="rating", from_status=None, to_status=None, note="reason"),
    status_field="stage",
    select_related=("cycle__office", "institution__county"),
)
# An appeal's decision is its status ("" while open); the decision is an event of the rating.
APPEAL = Lifecycle(
    model=RatingAppeal,
    table=APPEAL_TRANSITIONS,
    refusal=lambda current, to: _("There is no open appeal on this rating."),
    event=Event(model=RatingEvent, owner="rating", of="rating", from_status=None, to_status=None, note="reason"),
    status_field="decision",
    changed_at_field="decided_at",
)


def _event(rating: Rating, step: str, by, reason: str = "", level: str = "") -> None:
    RatingEvent.objects.create(rating=rating, step=step, by=by, at=clock.now(), reason=reason, level=level)


@transaction.atomic
def cycle_create(
    *, by, year: int, kind: str, sample_size: int, scheme_version: str = "", seed: int | None = None
) -> RatingCycle:
    _city_staff(by, None, Action.RATING_REVIEW)
    if kind not in InstitutionKind.values:
        raise ApplicationError(_("Unknown kind of institution."), field="kind", code=Code.UNKNOWN_INSTITUTION_KIND)
    try:
        scheme = scheme_get(kind, scheme_version) if scheme_version else scheme_in_force(kind, _year_end(year))
    except SchemeError:
        scheme = None
    if scheme is None:
        raise ApplicationError(
            _("No rating scheme of this kind is in force for that year."),
            field="scheme_version",
            code=Code.NO_SCHEME_IN_FORCE,
        )
    if sample_size < 0:
        raise ApplicationError(
            _("The sample size cannot be negative."), field="sample_size", code=Code.NEGATIVE_SAMPLE_SIZE
        )
    if RatingCycle.objects.filter(office=by.office, year=year, kind=kind).exists():
        raise ApplicationError(
            _("A cycle for this year and kind already exists."), field="year", code=Code.CYCLE_EXISTS
        )
    cycle = RatingCycle.objects.create(
        office=by.office,
        year=year,
        kind=kind,
        scheme_version=scheme.version,
        sample_size=sample_size,
        # Recorded so that the sample can be drawn again and checked by anyone.
        seed=secrets.randbelow(2**31) if seed is None else seed,
        created_by=by,
        created_at=clock.now(),
    )
    audit_record(
        action=AuditAction.CREATE,
        obj=cycle,
        changes={
            "year": [None, year],
            "kind": [None, kind],
            "scheme_version": [None, scheme.version],
            "sample_size": [None, sample_size],
            "seed": [None, cycle.seed],
        },
    )
    return cycle


def _year_end(year: int):
    import datetime

    return datetime.date(year, 12, 31)


def _scores(scheme, institution, year: int, given: Mapping[str, tuple]) -> tuple[dict, dict]:
    """Checks the supervisor's qualitative scores (0–100, each with a reason) and measures the
    quantitative ones; returns (score per indicator, (value, score, reason) per indicator)."""
    quant = selectors.quantitative_scores(scheme=scheme, institution=institution, year=year)
    scores, rows = {}, {}
    for ind in scheme.indicators:
        if ind.quantitative:
            value, score = quant[ind.id]
            scores[ind.id], rows[ind.id] = score, (value, score, "")
            continue
        raw_score, reason = given.get(ind.id, (None, ""))
        try:
            score = Decimal(str(raw_score)).quantize(Decimal("0.01"))
        except (InvalidOperation, TypeError, ValueError):
            raise ApplicationError(
                _("Give a score from 0 to 100 for “%(name)s”.") % {"name": ind.name_zh},
                field=f"score_{ind.id}",
                code=Code.SCORE_OUT_OF_RANGE,
            ) from None
        if not (0 <= score <= 100):
            raise ApplicationError(
                _("Give a score from 0 to 100 for “%(name)s”.") % {"name": ind.name_zh},
                field=f"score_{ind.id}",
                code=Code.SCORE_OUT_OF_RANGE,
            )
        if not (reason or "").strip():
            raise ApplicationError(
                _("Write the reason for the score of “%(name)s”.") % {"name": ind.name_zh},
                field=f"reason_{ind.id}",
                code=Code.SCORE_REASON_REQUIRED,
            )
        scores[ind.id], rows[ind.id] = score, (None, score, reason.strip())
    return scores, rows


def _write_scores(rating: Rating, round_: str, rows: dict) -> None:
    RatingScore.objects.filter(rating=rating, round=round_).delete()
    RatingScore.objects.bulk_create(
        RatingScore(rating=rating, round=round_, indicator=i, value=v, score=s, reason=r)
        for i, (v, s, r) in rows.items()
    )


@transaction.atomic
def rating_initial(*, cycle: RatingCycle, institution, by, scores: Mapping[str, tuple]) -> Rating:
    """The county's initial rating of one institution; it may be revised until the city draws its sample."""
    cycle = CYCLE.lock(cycle)
    county = institution.county
    message = _("Only the institution's county office makes the initial rating.")
    require(by, Action.RATING_INITIAL, office=county, levels=COUNTY_LEVELS, denied=message)
    if cycle.status != CycleStatus.INITIAL:
        raise InvalidTransition(_("The initial ratings of this cycle are closed."), code=Code.INITIAL_RATINGS_CLOSED)
    if not selectors.population(cycle=cycle).filter(pk=institution.pk).exists():
        raise ApplicationError(_("This institution is not rated in this cycle."), code=Code.INSTITUTION_NOT_IN_CYCLE)
    scheme = cycle.scheme
    values, rows = _scores(scheme, institution, cycle.year, scores)
    total = scheme.total(values)
    level = scheme.level_for(total)
    rating = Rating.objects.select_for_update().filter(cycle=cycle, institution=institution).first()
    before = None if rating is None else {"initial_total": rating.initial_total, "initial_level": rating.initial_level}
    if rating is None:
        rating = Rating.objects.create(cycle=cycle, institution=institution, initial_total=total, initial_level=level)
    else:
        rating.initial_total, rating.initial_level = total, level
        rating.save(update_fields=["initial_total", "initial_level"])
    _write_scores(rating, Round.INITIAL, rows)
    reasons = "\n".join(f"{i}: {r}" for i, (_v, _s, r) in rows.items() if r)
    _event(rating, RatingStep.INITIAL, by, reasons, level)
    audit_record(
        action=AuditAction.CREATE if before is None else AuditAction.UPDATE,
        obj=rating,
        changes={
            "initial_total": [before and str(before["initial_total"]), str(total)],
            "initial_level": [before and before["initial_level"], level],
            "scores": [None, {i: str(s) for i, (_v, s, _r) in rows.items()}],
        },
    )
    return rating


def draw_sample(*, seed: int, institution_codes: list[str], size: int) -> list[str]:
    """The sample: `size` credit codes drawn with `seed` from the codes in sorted order. The same
    seed and the same ratings give the same sample, so anyone can check it."""
    codes = sorted(institution_codes)
    return sorted(random.Random(seed).sample(codes, min(size, len(codes))))


@transaction.atomic
def cycle_draw_sample(*, cycle: RatingCycle, by) -> list[Rating]:
    cycle = CYCLE.lock(cycle)
    _city_staff(by, cycle, Action.RATING_REVIEW)
    if cycle.status != CycleStatus.INITIAL:
        raise InvalidTransition(_("The sample of this cycle has already been drawn."), code=Code.SAMPLE_ALREADY_DRAWN)
    rated = set(cycle.ratings.values_list("institution_id", flat=True))
    missing = selectors.population(cycle=cycle).exclude(pk__in=rated)
    if missing.exists():
        raise ApplicationError(
            _("%(n)s institutions have no initial rating yet: %(names)s")
            % {"n": missing.count(), "names": "、".join(missing.values_list("name", flat=True)[:5])},
            code=Code.INITIAL_RATINGS_MISSING,
        )
    ratings = list(cycle.ratings.select_related("institution"))
    chosen = set(
        draw_sample(
            seed=cycle.seed, institution_codes=[r.institution.credit_code for r in ratings], size=cycle.sample_size
        )
    )
    sampled = [r for r in ratings if r.institution.credit_code in chosen]
    Rating.objects.filter(pk__in=[r.pk for r in sampled]).update(sampled=True)
    for r in sampled:
        r.sampled = True
        _event(r, RatingStep.SAMPLED, by, _("Seed %(seed)s") % {"seed": cycle.seed})
    now = clock.now()
    transition(cycle, to=CycleStatus.REVIEW, by=by, lifecycle=CYCLE, locked=True, fields={"sample_drawn_at": now})
    audit_record(
        action=AuditAction.UPDATE,
        obj=cycle,
        changes={"sample": [None, sorted(chosen)], "seed": [None, cycle.seed]},
    )
    return sampled


@transaction.atomic
def rating_city(*, rating: Rating, by, scores: Mapping[str, tuple], explanation: str = "") -> Rating:
    """The city's independent rating of a sampled institution; a different level must be explained."""
    rating = RATING.lock(rating)
    cycle = rating.cycle
    _city_staff(by, cycle, Action.RATING_REVIEW)
    if cycle.status != CycleStatus.REVIEW:
        raise InvalidTransition(_("The city review of this cycle is not open."), code=Code.CITY_REVIEW_NOT_OPEN)
    if not rating.sampled:
        raise ApplicationError(_("Only institutions in the sample are re-rated by the city."), code=Code.NOT_IN_SAMPLE)
    scheme = cycle.scheme
    values, rows = _scores(scheme, rating.institution, cycle.year, scores)
    total = scheme.total(values)
    level = scheme.level_for(total)
    explanation = (explanation or "").strip()
    if level != rating.initial_level and not explanation:
        raise ApplicationError(
            _("The city's level (%(city)s) differs from the county's (%(county)s): explain the difference.")
            % {"city": Level(level).label, "county": Level(rating.initial_level).label},
            field="explanation",
            code=Code.LEVEL_DIFFERENCE_UNEXPLAINED,
        )
    before = {"city_total": rating.city_total, "city_level": rating.city_level}
    move(
        rating,
        to=Stage.REVIEWED,
        by=by,
        note=explanation,
        lifecycle=RATING,
        locked=True,
        fields={"city_total": total, "city_level": level, "difference_note": explanation},
        event_fields={"step": RatingStep.CITY, "level": level},
        audit_changes={
            "city_total": [before["city_total"], str(total)],
            "city_level": [before["city_level"], level],
            "difference_note": [None, explanation],
            "scores": [None, {i: str(s) for i, (_v, s, _r) in rows.items()}],
        },
    )
    _write_scores(rating, Round.CITY, rows)
    return rating


@transaction.atomic
def cycle_finalise(*, cycle: RatingCycle, by, reason: str) -> RatingCycle:
    """The city decides every rating of the cycle: the city's level for the sample, the county's for
    the rest. From the day after, final ratings are facts the rulebook reads."""
    cycle = CYCLE.lock(cycle)
    _city_staff(by, cycle, Action.RATING_FINALISE)
    reason = _reason(reason)
    if cycle.status != CycleStatus.REVIEW:
        raise InvalidTransition(_("Only a cycle under city review can be finalised."), code=Code.CYCLE_NOT_UNDER_REVIEW)
    pending = cycle.ratings.filter(sampled=True, city_level="")
    if pending.exists():
        raise ApplicationError(
            _("%(n)s institutions of the sample are not re-rated by the city yet.") % {"n": pending.count()},
            code=Code.SAMPLE_NOT_RERATED,
        )
    today = clock.today()
    for rating in cycle.ratings.select_for_update().select_related("institution"):
        use_city = rating.sampled and rating.city_level
        level = rating.city_level if use_city else rating.initial_level
        move(
            rating,
            to=Stage.FINAL,
            by=by,
            note=reason,
            lifecycle=RATING,
            locked=True,
            fields={
                "final_level": level,
                "final_total": rating.city_total if use_city else rating.initial_total,
                "final_on": today,
            },
            event_fields={"step": RatingStep.FINAL, "level": level},
            audit_changes={"final_level": [None, level], "final_on": [None, today]},
        )
        measures_from_rating(rating, rating_consequences(rating))  # proposals for a leader to decide (inspections)
    transition(cycle, to=CycleStatus.FINAL, by=by, lifecycle=CYCLE, locked=True, fields={"finalised_on": today})
    audit_record(
        action=AuditAction.UPDATE, obj=cycle, changes={"finalised_on": [None, today], "reason": [None, reason]}
    )
    return cycle


@transaction.atomic
def rating_appeal_file(*, rating: Rating, by, reason: str) -> RatingAppeal:
    rating = Rating.objects.select_for_update().select_related("institution__county").get(pk=rating.pk)
    message = _("Only the institution rated may appeal its rating.")
    require(by, Action.RATING_APPEAL, institution=rating.institution, denied=message)
    if rating.stage != Stage.FINAL:
        raise InvalidTransition(_("Only a final rating can be appealed."), code=Code.RATING_NOT_FINAL)
    if RatingAppeal.objects.filter(rating=rating).exists():
        raise ApplicationError(
            _("This rating has already been appealed: an appeal is allowed once."), code=Code.ALREADY_APPEALED
        )
    reason = _reason(reason)
    appeal = RatingAppeal.objects.create(rating=rating, reason=reason, filed_by=by, filed_at=clock.now())
    _event(rating, RatingStep.APPEAL, by, reason)
    audit_record(action=AuditAction.CREATE, obj=appeal, changes={"reason": [None, reason]})
    return appeal


@transaction.atomic
def rating_appeal_decide(*, rating: Rating, by, decision: str, reason: str, level: str = "") -> RatingAppeal:
    rating = RATING.lock(rating)
    _city_staff(by, rating.cycle, Action.RATING_REVIEW)
    appeal = RatingAppeal.objects.select_for_update().filter(rating=rating).first()
    if appeal is None:
        raise InvalidTransition(APPEAL.refusal("", AppealDecision.UPHELD), code=Code.NO_OPEN_APPEAL)
    APPEAL.check(appeal.decision, AppealDecision.UPHELD)  # open at all (changed alike), before the rest
    reason = _reason(reason)
    if decision not in AppealDecision.values:
        raise ApplicationError(
            _("Choose whether the rating is upheld or changed."), field="decision", code=Code.APPEAL_OUTCOME_REQUIRED
        )
    known = {b.level for b in rating.cycle.scheme.bands}
    if decision == AppealDecision.CHANGED and (level not in known or level == rating.final_level):
        raise ApplicationError(_("Choose the new level."), field="level", code=Code.NEW_LEVEL_REQUIRED)
    old = rating.final_level
    new = level if decision == AppealDecision.CHANGED else old
    appeal.rating = rating  # the event's rating, locked above
    appeal = transition(
        appeal,
        to=decision,
        by=by,
        note=reason,
        lifecycle=APPEAL,
        locked=True,
        fields={"decided_level": new, "decision_reason": reason, "decided_by": by},
        event_fields={"step": RatingStep.APPEAL_DECIDED, "level": new},
        audit_changes={"decision": [None, decision], "final_level": [old, new], "reason": [None, reason]},
    )
    if new != old:
        rating.final_level = new
        rating.save(update_fields=["final_level"])
    return appeal


# -- Notices of rating results ----------------------------------------------------------------


@transaction.atomic
def cycle_notices_draft(*, cycle: RatingCycle, by) -> list[OfficialDocument]:
    """Drafts the notice of rating results (分类评级结果通知书) to every institution of a final cycle
    that has none yet, in the name of the office that ran the cycle; the drafts then go through
    the documents' check and sign-off. A rating changed on appeal after its notice was drafted is
    noticed again with its new level."""
    cycle = CYCLE.lock(cycle)
    _city_staff(by, cycle, Action.RATING_REVIEW)
    if cycle.status != CycleStatus.FINAL:
        raise InvalidTransition(
            _("Notices of the results are drafted once the cycle is final."), code=Code.CYCLE_NOT_FINAL
        )
    drafted = []
    ratings = cycle.ratings.filter(stage=Stage.FINAL).select_related("institution__county", "cycle__office")
    for rating in ratings.order_by("institution__county__code", "institution__name"):
        levels = [
            d.context.get("level")
            for d in documents_of(actor=by, subject=rating).filter(kind=DocumentKind.RATING_NOTICE)
        ]
        context = rating_notice_context(rating)
        if context["level"] in levels:
            continue
        drafted.append(
            document_draft(
                kind=DocumentKind.RATING_NOTICE,
                office=cycle.office,
                institution=rating.institution,
                context=context,
                by=by,
                subject=rating,
            )
        )
    if not drafted:
        raise ApplicationError(
            _("Every institution of this cycle has its notice already."), code=Code.NOTICES_ALREADY_DRAFTED
        )
    return drafted
