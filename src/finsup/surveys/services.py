"""Writes of special surveys: define (a draft), send (the definition is then frozen), forward down
the chain, re-run for the next period, and answer (a new version each time, never overwritten).
Each write is atomic and audited; a refusal raises ApplicationError and changes nothing. Answers are
parsed and checked by the filings' own validation (reporting.validation) against the survey's
definition as a catalogue version (definition.py)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from finsup.accounts.policies import Action, can, require, roles_with
from finsup.accounts.selectors import users_active
from finsup.audit.choices import AuditAction
from finsup.audit.services import audit_record
from finsup.core import clock
from finsup.core.errors import ApplicationError, InvalidTransition, PermissionDenied
from finsup.core.lifecycle import Lifecycle, transition
from finsup.notifications.services import notify
from finsup.reporting.validation import FieldError, check_figures, parse_figures, stored_to_json

from .choices import SURVEY_TRANSITIONS, SurveyStatus
from .definition import clean_definition, version_of
from .errors import Code
from .models import Survey, SurveyAnswer, SurveyRecipient

if TYPE_CHECKING:
    from finsup.accounts.models import Office
    from finsup.institutions.models import Institution

NOT_YOUR_SURVEY = gettext_lazy("You may not define or send surveys of this office.")

SURVEY = Lifecycle(
    model=Survey,
    table=SURVEY_TRANSITIONS,
    refusal=lambda current, to: _("The survey is sent; its definition is frozen."),
    select_related=("office",),
)


class AnswerRejected(ApplicationError):
    """The answer's figures were refused (every error in `errors`): 422, as a filing."""

    code = "survey_answer_rejected"
    http_status = 422


def _clean(data: Mapping) -> dict:
    title = (data.get("title") or "").strip()[:200]
    basis = (data.get("basis") or "").strip()
    deadline = data.get("deadline")
    if not title:
        raise ApplicationError(_("Give the survey a title."), field="title", code=Code.TITLE_REQUIRED)
    if not basis:
        raise ApplicationError(
            _("Give the legal basis and the purpose of the survey."), field="basis", code=Code.BASIS_REQUIRED
        )
    if not isinstance(deadline, datetime.date):
        raise ApplicationError(_("Give the deadline."), field="deadline", code=Code.DEADLINE_REQUIRED)
    return {"title": title, "basis": basis, "deadline": deadline}


def _located(survey: Survey, rows: Iterable, kind: str) -> list[dict]:
    """Recipient rows of institutions or partners (`kind`), each located in its county within the
    sending office's jurisdiction."""
    found = []
    for row in {r.pk: r for r in rows}.values():
        if not row.county.path.startswith(survey.office.path):
            raise ApplicationError(
                _("%(name)s is not in the jurisdiction of %(office)s.")
                % {"name": row.name, "office": survey.office.name},
                field=f"{kind}s",
                code=Code.RECIPIENT_OUTSIDE,
            )
        found.append({kind: row, "within": row.county})
    return found


def _recipients(
    survey: Survey, institutions: Iterable[Institution], offices: Iterable[Office], partners: Iterable = ()
) -> list[dict]:
    """The recipient rows to write; every one within the sending office (offices strictly below it)."""
    rows = _located(survey, partners, "partner") + _located(survey, institutions, "institution")
    for office in {o.pk: o for o in offices}.values():
        if office.pk == survey.office_id or not office.path.startswith(survey.office.path):
            raise ApplicationError(
                _("%(name)s is not an office below %(office)s.") % {"name": office.name, "office": survey.office.name},
                field="offices",
                code=Code.RECIPIENT_OUTSIDE,
            )
        rows.append({"office": office, "within": office})
    return rows


def _set_recipients(survey: Survey, rows: list[dict]) -> None:
    survey.recipients.all().delete()  # a draft's list only: nothing was sent to them
    SurveyRecipient.objects.bulk_create([SurveyRecipient(survey=survey, **row) for row in rows])


def _recipient_names(survey: Survey) -> list[str]:
    return [r.name for r in survey.recipients.select_related("institution", "office", "partner")]


@transaction.atomic
def survey_create(
    *,
    by,
    office: Office,
    data: Mapping,
    fields: list[dict],
    checks: list[dict] = (),
    institutions: Iterable[Institution] = (),
    offices: Iterable[Office] = (),
    partners: Iterable = (),
) -> Survey:
    """A draft survey of `office` (the user's own or one below it), to institutions, offices below and
    resident institutions or partner departments (finsup.partners)."""
    require(by, Action.SURVEY_MANAGE, office=office, denied=NOT_YOUR_SURVEY)
    clean = _clean(data)
    definition = clean_definition(list(fields), list(checks))
    survey = Survey.objects.create(office=office, definition=definition, created_by=by, created_at=clock.now(), **clean)
    _set_recipients(survey, _recipients(survey, institutions, offices, partners))
    audit_record(
        action=AuditAction.CREATE,
        obj=survey,
        changes={
            **{k: [None, str(v)] for k, v in clean.items()},
            "definition": [None, definition],
            "recipients": [None, _recipient_names(survey)],
        },
    )
    return survey


def _locked_draft(survey: Survey, by) -> Survey:
    survey = SURVEY.lock(survey)
    require(by, Action.SURVEY_MANAGE, office=survey.office, denied=NOT_YOUR_SURVEY)
    if not survey.is_draft:
        raise InvalidTransition(_("The survey is sent; its definition is frozen."), code=Code.DEFINITION_FROZEN)
    return survey


@transaction.atomic
def survey_update(
    *,
    survey: Survey,
    by,
    data: Mapping,
    fields: list[dict] | None,
    checks: list[dict] | None = None,
    institutions: Iterable[Institution] = (),
    offices: Iterable[Office] = (),
    partners: Iterable = (),
) -> Survey:
    """Changes a draft. A survey forwarded from above keeps the definition it was sent with (`fields`
    None): only its title, deadline and recipients are the forwarding office's."""
    survey = _locked_draft(survey, by)
    before = {"title": survey.title, "basis": survey.basis, "deadline": str(survey.deadline)}
    names_before = _recipient_names(survey)
    clean = _clean(data)
    if survey.forwarded_from_id is not None:
        fields = None
        _check_forward_deadline(survey.forwarded_from, clean["deadline"])
    definition = survey.definition if fields is None else clean_definition(list(fields), list(checks or []))
    changed_definition = definition != survey.definition
    for key, value in clean.items():
        setattr(survey, key, value)
    survey.definition = definition
    survey.save(update_fields=[*clean, "definition"])
    _set_recipients(survey, _recipients(survey, institutions, offices, partners))
    changes = {k: [before[k], str(v)] for k, v in clean.items() if before[k] != str(v)}
    if changed_definition:
        changes["definition"] = [None, definition]
    names = _recipient_names(survey)
    if names != names_before:
        changes["recipients"] = [names_before, names]
    audit_record(action=AuditAction.UPDATE, obj=survey, changes=changes)
    return survey


def respondents_of(recipient: SurveyRecipient) -> list:
    """The users who answer for a recipient: the institution's users, or the office's staff who may."""
    if recipient.institution_id:
        return list(users_active(institution=recipient.institution_id))
    if recipient.partner_id:
        return list(users_active(partner=recipient.partner_id))
    return list(users_active(office=recipient.office_id, role__in=roles_with(Action.SURVEY_ANSWER)))


@transaction.atomic
def survey_send(*, survey: Survey, by) -> Survey:
    survey = _locked_draft(survey, by)
    recipients = list(survey.recipients.select_related("institution", "office"))
    if not recipients:
        raise ApplicationError(
            _("Choose at least one institution or office to send the survey to."),
            field="institutions",
            code=Code.NO_RECIPIENTS,
        )
    if survey.deadline < clock.today():
        raise ApplicationError(
            _("The deadline has passed; set a later one."), field="deadline", code=Code.DEADLINE_PASSED
        )
    now = clock.now()
    survey = transition(
        survey,
        to=SurveyStatus.SENT,
        by=by,
        lifecycle=SURVEY,
        locked=True,
        at=now,
        fields={"sent_by": by, "sent_at": now},
    )
    title = _("Survey: %(title)s (due %(due)s)") % {"title": survey.title, "due": survey.deadline.isoformat()}
    for recipient in recipients:
        notify(
            users=respondents_of(recipient),
            title=title,
            body=survey.basis[:500],
            url=recipient.get_absolute_url(),
            key=f"survey:{recipient.pk}:sent",
        )
    return survey


def _check_forward_deadline(parent: SurveyRecipient, deadline: datetime.date) -> None:
    if deadline > parent.survey.deadline:
        raise ApplicationError(
            _("Your deadline must be on or before the deadline you were given (%(due)s).")
            % {"due": parent.survey.deadline.isoformat()},
            field="deadline",
            code=Code.DEADLINE_AFTER_PARENT,
        )


def _may_answer(user, recipient: SurveyRecipient) -> bool:
    if not can(user, Action.SURVEY_ANSWER):
        return False
    if recipient.institution_id:
        return user.institution_id == recipient.institution_id
    if recipient.partner_id:
        # A resident bank's own users; or the sending office's staff who may manage its surveys, when the
        # bank sends its figures in a spreadsheet instead (the answer names who entered it).
        return user.partner_id == recipient.partner_id or (
            user.office_id is not None
            and user.office_id == recipient.survey.office_id
            and can(user, Action.SURVEY_MANAGE)
        )
    return not user.institution_id and recipient.office_id is not None and user.office_id == recipient.office_id


def may_answer(user, recipient: SurveyRecipient) -> bool:
    """Whether the user answers for this recipient (its institution's users; the office's own staff; for a
    resident bank, its users or the sending office's staff entering what it sent)."""
    return recipient.survey.status == SurveyStatus.SENT and _may_answer(user, recipient)


def _require_respondent(user, recipient: SurveyRecipient) -> None:
    if not _may_answer(user, recipient):
        raise PermissionDenied(
            _("Only the institution or office the survey was sent to answers it."), code=Code.NOT_THE_RESPONDENT
        )


@transaction.atomic
def survey_forward(*, recipient: SurveyRecipient, by, deadline: datetime.date | None = None) -> Survey:
    """An office that received a survey sends it on to the offices and institutions below it: a draft
    survey of that office with the same definition, whose recipients it then chooses. Its returns
    count as the office's own in the consolidation above (selectors.chain_figures)."""
    recipient = (
        SurveyRecipient.objects.select_for_update(of=("self",)).select_related("survey", "office").get(pk=recipient.pk)
    )
    if recipient.office_id is None:
        raise ApplicationError(
            _("Only an office forwards a survey to the offices and institutions below it."),
            code=Code.NOT_AN_OFFICE_RECIPIENT,
        )
    _require_respondent(by, recipient)
    require(by, Action.SURVEY_MANAGE, office=recipient.office, denied=NOT_YOUR_SURVEY)
    if recipient.survey.status != SurveyStatus.SENT:
        raise InvalidTransition(_("The survey is not sent."), code=Code.NOT_A_DRAFT)
    if Survey.objects.filter(forwarded_from=recipient).exists():
        raise ApplicationError(_("The survey is already forwarded."), code=Code.ALREADY_FORWARDED)
    parent = recipient.survey
    deadline = deadline or parent.deadline
    _check_forward_deadline(recipient, deadline)
    return _copy(parent, by=by, office=recipient.office, deadline=deadline, forwarded_from=recipient)


def _copy(source: Survey, *, by, office, deadline: datetime.date, **link) -> Survey:
    """A new draft of `office` with the source's title, basis and definition (forwarded or re-run)."""
    survey = Survey.objects.create(
        office=office,
        title=source.title,
        basis=source.basis,
        deadline=deadline,
        definition=source.definition,
        created_by=by,
        created_at=clock.now(),
        **link,
    )
    changes = {name: [None, str(value)] for name, value in link.items()}
    audit_record(action=AuditAction.CREATE, obj=survey, changes={**changes, "deadline": [None, deadline.isoformat()]})
    return survey


@transaction.atomic
def survey_rerun(*, survey: Survey, by, deadline: datetime.date) -> Survey:
    """The survey again for the next period: a new draft with the same definition and recipients."""
    require(by, Action.SURVEY_MANAGE, office=survey.office, denied=NOT_YOUR_SURVEY)
    if not isinstance(deadline, datetime.date):
        raise ApplicationError(_("Give the deadline."), field="deadline", code=Code.DEADLINE_REQUIRED)
    if deadline < clock.today():
        raise ApplicationError(
            _("The deadline has passed; set a later one."), field="deadline", code=Code.DEADLINE_PASSED
        )
    copy = _copy(survey, by=by, office=survey.office, deadline=deadline, rerun_of=survey)
    rows = [
        {"institution": r.institution, "office": r.office, "partner": r.partner, "within": r.within}
        for r in survey.recipients.all()
    ]
    SurveyRecipient.objects.bulk_create([SurveyRecipient(survey=copy, **row) for row in rows])
    audit_record(action=AuditAction.UPDATE, obj=copy, changes={"recipients": [None, _recipient_names(copy)]})
    return copy


def answer_validate(survey: Survey, raw: Mapping, location_of: Mapping | None = None):
    """(figures, errors): every problem at once, nothing written (the filings' validation)."""
    version = version_of(survey.definition)
    figures, errors = parse_figures(version, raw)
    errors += check_figures(version, figures, None, location_of=location_of)
    return figures, errors


def answer_submit(
    *,
    recipient: SurveyRecipient,
    by,
    raw: Mapping,
    channel: str,
    correction_reason: str = "",
    location_of: Mapping | None = None,
) -> SurveyAnswer:
    """Answers (or corrects the answer to) a survey. Raises AnswerRejected with every error; an
    Excel upload passes `location_of` (field id → "Sheet!C5") so errors name their cells."""
    _require_respondent(by, recipient)
    survey = Survey.objects.get(pk=recipient.survey_id)  # as stored: the caller's copy may be older
    if survey.status != SurveyStatus.SENT:
        raise InvalidTransition(_("The survey is not sent."), code=Code.NOT_A_DRAFT)
    figures, errors = answer_validate(survey, raw, location_of)
    if errors:
        located = [FieldError(e.field, e.message, (location_of or {}).get(e.field, e.location)) for e in errors]
        audit_record(
            action=AuditAction.REJECTED,
            obj=recipient,
            changes={"channel": channel, "errors": [str(e) for e in located][:50]},
        )
        raise AnswerRejected(
            _("The answer has %(n)s errors; nothing was saved.") % {"n": len(located)},
            errors=[(e.field, str(e)) for e in located],
        )
    return _store(recipient=recipient, by=by, figures=figures, channel=channel, reason=correction_reason.strip())


@transaction.atomic
def _store(*, recipient: SurveyRecipient, by, figures: dict, channel: str, reason: str) -> SurveyAnswer:
    SurveyRecipient.objects.select_for_update().filter(pk=recipient.pk).order_by("pk").first()  # one at a time
    last = recipient.answers.order_by("-version").first()
    if last is not None and not reason:
        raise ApplicationError(
            _("This survey is already answered (version %(v)s). To change the answer, say why.") % {"v": last.version},
            field="correction_reason",
            code=Code.CORRECTION_REASON_REQUIRED,
        )
    answer = SurveyAnswer.objects.create(
        recipient=recipient,
        version=(last.version + 1) if last else 1,
        values=stored_to_json(figures),
        channel=channel,
        correction_reason=reason if last else "",
        submitted_by=by,
        submitted_at=clock.now(),
    )
    audit_record(
        action=AuditAction.CREATE,
        obj=answer,
        changes={"version": [None, answer.version], "channel": [None, channel], "values": [None, answer.values]},
    )
    return answer
