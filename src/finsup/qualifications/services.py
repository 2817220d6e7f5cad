"""Writes of the practitioner qualification: register a practitioner, record training attended and
an examination or assessment, issue a certificate (only after a passed examination, numbered from
the year's counter), revoke one. Each write is atomic and audited; a refusal raises ApplicationError
(with the app's code) and writes nothing. Steps are never changed: a correction is a later step."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from finsup.accounts.policies import Action, require
from finsup.audit.choices import AuditAction
from finsup.audit.services import audit_record
from finsup.core import clock
from finsup.core.errors import ApplicationError
from finsup.core.personal_data import lookup_hash
from finsup.core.validators import normalize_id_number, validate_id_number

from .choices import NUMBER_PREFIX, QUALIFIED_KINDS, StepKind
from .errors import Code
from .inputs import past_day, text, written
from .models import CertificateCounter, Practitioner, Step
from .states import certificate_valid_until, current_certificate, passed_exam

NOT_YOURS = gettext_lazy("You may not keep the qualifications of this institution's practitioners.")
MAX_POINTS = Decimal("1000")


def _points(value) -> Decimal | None:
    """A number of hours or points from 0 to 1000 (one decimal), None when it is not one."""
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    if not number.is_finite() or number < 0 or number > MAX_POINTS:
        return None
    return number.quantize(Decimal("0.1"))


def _step(*, practitioner: Practitioner, by, kind: StepKind, on: datetime.date, **fields) -> Step:
    step = Step.objects.create(practitioner=practitioner, kind=kind, on=on, by=by, at=clock.now(), **fields)
    audit_record(action=AuditAction.CREATE, obj=step, changes=written(step))
    return step


@transaction.atomic
def practitioner_register(*, by, institution, name: str, id_number: str, phone: str = "", position: str = ""):
    """A practitioner (or a candidate) of a private capital manager or a private lending
    registration service; an institution's users register their own."""
    require(by, Action.QUALIFICATION_REGISTER, institution=institution, denied=NOT_YOURS)
    if institution.kind not in QUALIFIED_KINDS:
        raise ApplicationError(
            _(
                "Practitioners are qualified only for private capital managers and private lending "
                "registration services."
            ),
            field="institution",
            code=Code.INSTITUTION_KIND,
        )
    name = text(name, 50)
    if not name:
        raise ApplicationError(_("Give the practitioner's name."), field="name", code=Code.NAME_REQUIRED)
    id_number = normalize_id_number(id_number)
    try:
        validate_id_number(id_number)
    except ValidationError as exc:
        raise ApplicationError(exc.messages[0], field="id_number", code=Code.ID_NUMBER_INVALID) from None
    id_hash = lookup_hash(id_number)
    if Practitioner.objects.filter(institution=institution, id_number_hash=id_hash).exists():
        raise ApplicationError(
            _("This person is already registered at the institution."), field="id_number", code=Code.ALREADY_REGISTERED
        )
    practitioner = Practitioner.objects.create(
        institution=institution,
        name=name,
        id_number=id_number,
        id_number_hash=id_hash,
        phone=text(phone, 20),
        position=text(position, 50),
        registered_by=by,
        registered_at=clock.now(),
    )
    audit_record(action=AuditAction.CREATE, obj=practitioner, changes=written(practitioner))
    return practitioner


def _manage(by, practitioner: Practitioner) -> Practitioner:
    require(by, Action.QUALIFICATION_MANAGE, institution=practitioner.institution, denied=NOT_YOURS)
    return Practitioner.objects.select_for_update().get(pk=practitioner.pk)


@transaction.atomic
def training_record(*, by, practitioner, on, course: str, organiser: str, hours) -> Step:
    """Training the practitioner attended."""
    practitioner = _manage(by, practitioner)
    on = past_day(on)
    organiser = text(organiser, 100)
    if not organiser:
        raise ApplicationError(_("Name who organised the training."), field="organiser", code=Code.ORGANISER_REQUIRED)
    hours = _points(hours)
    if hours is None or hours <= 0:
        raise ApplicationError(_("Give the hours of training (0 to 1000)."), field="hours", code=Code.HOURS_INVALID)
    course = text(course, 100) or _("Practitioner training")
    return _step(
        practitioner=practitioner, by=by, kind=StepKind.TRAINING, on=on, course=course, organiser=organiser, hours=hours
    )


@transaction.atomic
def exam_record(*, by, practitioner, on, score, pass_mark, organiser: str = "") -> Step:
    """An examination or assessment and its result: passed when the score reaches the pass mark."""
    practitioner = _manage(by, practitioner)
    on = past_day(on)
    message = _("Give the score and the pass mark (0 to 1000).")
    score, pass_mark = _points(score), _points(pass_mark)
    if score is None:
        raise ApplicationError(message, field="score", code=Code.SCORE_INVALID)
    if pass_mark is None:
        raise ApplicationError(message, field="pass_mark", code=Code.SCORE_INVALID)
    return _step(
        practitioner=practitioner,
        by=by,
        kind=StepKind.EXAM,
        on=on,
        organiser=text(organiser, 100),
        score=score,
        pass_mark=pass_mark,
        passed=score >= pass_mark,
    )


def _next_number(year: int) -> str:
    CertificateCounter.objects.bulk_create([CertificateCounter(year=year, last=0)], ignore_conflicts=True)
    counter = CertificateCounter.objects.select_for_update().get(year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"{NUMBER_PREFIX}〔{year}〕第{counter.last}号"


@transaction.atomic
def certificate_issue(*, by, practitioner, on) -> Step:
    """The practitioner's certificate, valid three years; only after a passed examination and while
    the practitioner holds no valid certificate."""
    practitioner = _manage(by, practitioner)
    on = past_day(on)
    steps = list(practitioner.steps.select_related("revocation"))
    if passed_exam(steps, on=on) is None:
        raise ApplicationError(
            _("A certificate is issued only after a passed examination or assessment."),
            code=Code.NO_PASSED_EXAM,
        )
    if current_certificate(steps, today=on) is not None:
        raise ApplicationError(_("The practitioner already holds a valid certificate."), code=Code.CERTIFICATE_VALID)
    return _step(
        practitioner=practitioner,
        by=by,
        kind=StepKind.CERTIFICATE,
        on=on,
        number=_next_number(on.year),
        valid_until=certificate_valid_until(on),
    )


@transaction.atomic
def certificate_revoke(*, by, certificate: Step, on, reason: str) -> Step:
    """Revokes a certificate not yet revoked, with the reason."""
    practitioner = _manage(by, certificate.practitioner)
    on = past_day(on)
    revocable = Step.objects.filter(
        pk=certificate.pk, practitioner=practitioner, kind=StepKind.CERTIFICATE, revocation__isnull=True
    ).exists()
    if not revocable:
        raise ApplicationError(_("Only a certificate not yet revoked can be revoked."), code=Code.NOT_REVOCABLE)
    reason = (reason or "").strip()[:2000]
    if not reason:
        raise ApplicationError(_("Give the reason for the revocation."), field="reason", code=Code.REASON_REQUIRED)
    if on < certificate.on:
        raise ApplicationError(_("Give a date: today or earlier."), field="on", code=Code.DATE_INVALID)
    return _step(practitioner=practitioner, by=by, kind=StepKind.REVOCATION, on=on, revokes=certificate, reason=reason)
