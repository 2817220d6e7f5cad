"""Writes for complaints and tip-offs: filing from the portal, the handling steps, internal notes,
referrals and the published, redacted result. Each write is atomic and audited; a refusal raises
ApplicationError and changes nothing."""

from __future__ import annotations

import datetime
import re
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from finsup.accounts.choices import Role
from finsup.accounts.policies import Action, require
from finsup.accounts.selectors import city_office, users_active
from finsup.audit.choices import AuditAction
from finsup.audit.services import audit_record, snapshot
from finsup.core import clock
from finsup.core.errors import ApplicationError, InvalidTransition
from finsup.core.lifecycle import Event, Lifecycle, refused_move, transition
from finsup.core.validators import normalize_id_number, validate_id_number
from finsup.notifications.services import notify

from . import codes
from .attachments import CheckedFile
from .choices import COMPLAINT_TRANSITIONS, ComplaintKind, ComplaintStatus, ReferralBody
from .errors import Code
from .models import (
    Complaint,
    ComplaintAttachment,
    ComplaintNote,
    ComplaintReferral,
    ComplaintStep,
)
from .redaction import redact

if TYPE_CHECKING:
    from finsup.accounts.models import Office, User

# Words that mark a complaint or tip-off as possible illegal fundraising (非法集资) for the handler.
FUNDRAISING_WORDS = ("非法集资", "集资", "吸收存款", "吸收公众存款", "高息", "保本保息", "返利", "理财产品")
_PHONE = re.compile(r"^\+?[\d\- ]{7,20}$")


def _route(institution) -> tuple[Office, User | None]:
    if institution is not None:
        return institution.county, institution.lead_supervisor
    return city_office(), None


def _office_handlers(office: Office):
    return users_active(office=office, role__in=[Role.LEAD_SUPERVISOR, Role.LEADER])


def _clean_identity(data: dict) -> dict:
    if data.get("anonymous"):
        return {"complainant_name": "", "complainant_phone": "", "complainant_id_number": ""}
    name, phone = (data.get("name") or "").strip(), (data.get("phone") or "").strip()
    id_number = normalize_id_number(data.get("id_number") or "")
    if not name:
        raise ApplicationError(
            _("Give your name, or choose to complain anonymously."), field="name", code=Code.NAME_REQUIRED
        )
    if not _PHONE.match(phone):
        raise ApplicationError(_("Give a phone number we can reach you at."), field="phone", code=Code.PHONE_REQUIRED)
    if id_number:
        try:
            validate_id_number(id_number)
        except ValidationError as exc:
            raise ApplicationError(exc.messages[0], field="id_number", code=Code.INVALID_ID_NUMBER) from None
    return {"complainant_name": name[:50], "complainant_phone": phone, "complainant_id_number": id_number}


@transaction.atomic
def complaint_file(*, data: dict, attachments: list[CheckedFile] = (), now=None) -> Complaint:
    """Files a complaint or tip-off from the public portal; returns it with its tracking code."""
    now = now or clock.now()
    subject, description = (data.get("subject") or "").strip(), (data.get("description") or "").strip()
    if not subject or not description:
        raise ApplicationError(
            _("Say what the complaint is about and what happened."),
            field="description",
            code=Code.COMPLAINT_TEXT_REQUIRED,
        )
    institution = data.get("institution")
    office, assignee = _route(institution)
    text = f"{subject}\n{description}"
    complaint = Complaint(
        tracking_code=codes.new_code(),
        kind=data.get("kind") or ComplaintKind.COMPLAINT,
        institution=institution,
        respondent_name=(data.get("respondent_name") or "").strip()[:200],
        office=office,
        assigned_to=assignee,
        subject=subject[:200],
        description=description,
        anonymous=bool(data.get("anonymous")),
        illegal_fundraising=bool(data.get("illegal_fundraising")) or any(w in text for w in FUNDRAISING_WORDS),
        received_at=now,
        **_clean_identity(data),
    )
    while Complaint.objects.filter(tracking_code=complaint.tracking_code).exists():  # ~2^-59: never, but cheap
        complaint.tracking_code = codes.new_code()
    complaint.save()
    for f in attachments:
        attachment = ComplaintAttachment(
            complaint=complaint, original_name=f.name, content_type=f.content_type, size=f.size, sha256=f.sha256
        )
        attachment.file.save(f.sha256, ContentFile(f.content), save=False)
        attachment.save()
    ComplaintStep.objects.create(complaint=complaint, to_status=ComplaintStatus.RECEIVED, at=now)
    audit_record(
        action=AuditAction.CREATE,
        obj=complaint,
        changes={**{k: [None, v] for k, v in snapshot(complaint).items()}, "attachments": [None, len(attachments)]},
    )
    recipients = [assignee] if assignee else list(_office_handlers(office))
    title = _("New complaint %(code)s: %(subject)s") % {"code": complaint.tracking_code, "subject": complaint.subject}
    if complaint.illegal_fundraising:
        title = _("New tip-off of possible illegal fundraising %(code)s") % {"code": complaint.tracking_code}
    url = complaint.get_absolute_url()
    transaction.on_commit(lambda: notify(users=recipients, title=title, url=url, key=f"complaint:{complaint.pk}"))
    return complaint


def _locked_for(complaint: Complaint, by, action: Action = Action.COMPLAINT_HANDLE) -> Complaint:
    complaint = COMPLAINT.lock(complaint)
    require(by, action, office=complaint.office, denied=_("You may not handle this complaint."))
    return complaint


COMPLAINT = Lifecycle(
    model=Complaint,
    table=COMPLAINT_TRANSITIONS,
    refusal=refused_move(gettext_lazy("A complaint that is “%(from)s” cannot become “%(to)s”."), ComplaintStatus),
    event=Event(model=ComplaintStep, owner="complaint"),
    refusal_field="to_status",
    audit_note="note",
    select_related=("office", "institution"),
)


_TIMESTAMP = {
    ComplaintStatus.ACCEPTED: "accepted_at",
    ComplaintStatus.INVESTIGATING: "investigating_at",
    ComplaintStatus.RESOLVED: "resolved_at",
    ComplaintStatus.PUBLISHED: "published_at",
    ComplaintStatus.DECLINED: "closed_at",
}


@transaction.atomic
def complaint_transition(*, complaint: Complaint, to_status: str, by, note: str = "") -> Complaint:
    """Accept, decline or start the investigation; declining needs the reason (it is the reply)."""
    complaint = _locked_for(complaint, by)
    note = note.strip()
    if to_status not in (ComplaintStatus.ACCEPTED, ComplaintStatus.DECLINED, ComplaintStatus.INVESTIGATING):
        raise InvalidTransition(
            _("Use the result form to record or publish the result."), field="to_status", code=Code.USE_RESULT_FORM
        )
    if to_status == ComplaintStatus.DECLINED and not note:
        raise ApplicationError(
            _("Record why the complaint is not accepted."), field="note", code=Code.DECLINE_REASON_REQUIRED
        )
    now = clock.now()
    assigned_to = (
        by if to_status == ComplaintStatus.ACCEPTED and complaint.assigned_to_id is None else complaint.assigned_to
    )
    fields = {_TIMESTAMP[to_status]: now, "assigned_to": assigned_to}
    return transition(
        complaint, to=to_status, by=by, note=note, lifecycle=COMPLAINT, locked=True, at=now, fields=fields
    )


@transaction.atomic
def complaint_resolve(*, complaint: Complaint, by, result: str) -> Complaint:
    """Records the result of the investigation (the reply); it is published in a separate step."""
    complaint = _locked_for(complaint, by)
    result = result.strip()
    if not result:
        raise ApplicationError(_("Record the result of the investigation."), field="result", code=Code.RESULT_REQUIRED)
    now = clock.now()
    fields = {"result": result, "resolved_at": now}
    transition(complaint, to=ComplaintStatus.RESOLVED, by=by, lifecycle=COMPLAINT, locked=True, at=now, fields=fields)
    audit_record(action=AuditAction.UPDATE, obj=complaint, changes={"result": [None, f"[{len(result)}]"]})
    return complaint


def complaint_redacted_result(*, complaint: Complaint, extra_names: list[str] = ()) -> str:
    """The result as it would be published: ID numbers, phones and the names of the complainant,
    the institution's key persons and any names the handler lists are masked."""
    names = [complaint.complainant_name, *extra_names]
    if complaint.institution_id:
        names += list(complaint.institution.key_persons.values_list("name", flat=True))
    return redact(complaint.result, names=names)


@transaction.atomic
def complaint_publish(*, complaint: Complaint, by, extra_names: list[str] = ()) -> Complaint:
    """Publishes the redacted result on the portal under the tracking code (leaders and lead supervisors)."""
    complaint = _locked_for(complaint, by, Action.COMPLAINT_PUBLISH)
    published = complaint_redacted_result(complaint=complaint, extra_names=extra_names)
    now = clock.now()
    fields = {"published_result": published, "published_at": now, "closed_at": now}
    transition(complaint, to=ComplaintStatus.PUBLISHED, by=by, lifecycle=COMPLAINT, locked=True, at=now, fields=fields)
    audit_record(action=AuditAction.UPDATE, obj=complaint, changes={"published_result": [None, published]})
    return complaint


@transaction.atomic
def complaint_note_add(*, complaint: Complaint, by, text: str) -> ComplaintNote:
    complaint = _locked_for(complaint, by)
    if not text.strip():
        raise ApplicationError(_("The note is empty."), field="text", code=Code.NOTE_EMPTY)
    note = ComplaintNote.objects.create(complaint=complaint, by=by, at=clock.now(), text=text.strip())
    audit_record(action=AuditAction.UPDATE, obj=complaint, changes={"note": [None, f"[{len(note.text)}]"]})
    return note


@transaction.atomic
def complaint_refer(
    *, complaint: Complaint, by, body: str, referred_on: datetime.date, note: str = ""
) -> ComplaintReferral:
    """Records that the complaint (mostly a tip-off of illegal fundraising) was referred to another body."""
    complaint = _locked_for(complaint, by)
    if body not in ReferralBody.values:
        raise ApplicationError(
            _("Choose the body the complaint was referred to."), field="body", code=Code.REFERRAL_BODY_REQUIRED
        )
    if referred_on > clock.today():
        raise ApplicationError(
            _("The referral date cannot be in the future."), field="referred_on", code=Code.REFERRAL_IN_FUTURE
        )
    if complaint.status in (ComplaintStatus.RECEIVED,):
        raise ApplicationError(
            _("Accept or decline the complaint before referring it."), field="body", code=Code.NOT_YET_DECIDED
        )
    referral = ComplaintReferral.objects.create(
        complaint=complaint, body=body, referred_on=referred_on, note=note.strip(), by=by, at=clock.now()
    )
    audit_record(
        action=AuditAction.UPDATE,
        obj=complaint,
        changes={"referral": [None, {"body": body, "referred_on": referred_on.isoformat(), "note": note.strip()}]},
    )
    return referral
