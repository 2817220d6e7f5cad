"""Licensing pre-review (设立、变更、终止初审): filing with documents, county initial review, city
review, decision or forwarding to the province, and the province's decision taken by its own staff.
An approved establishment, change or termination goes into the registry through the registry's own
services (institutions.decisions), so it keeps its audit trail and the history of which decision
changed what; the province's decision is notified down to the city, the county and the institution."""

from __future__ import annotations

import copy
import datetime
import hashlib
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from finsup.accounts.choices import OfficeLevel
from finsup.accounts.policies import Action, require, roles_with
from finsup.accounts.selectors import offices_by_code, users_active
from finsup.audit.choices import AuditAction
from finsup.audit.services import audit_record, diff, snapshot
from finsup.core import clock
from finsup.core.errors import ApplicationError, InvalidTransition, PermissionDenied
from finsup.core.lifecycle import Event, Lifecycle, refused_move, transition
from finsup.documents.services import documents_step
from finsup.institutions import decisions as registry
from finsup.institutions.choices import ApprovalStatus, InstitutionKind
from finsup.notifications.services import notify

from .. import paperwork
from ..choices import (
    ALLOWED_TRANSITIONS,
    APPROVAL_KINDS,
    FILING_RULE_CITATION,
    STEP_OFFICE,
    ApplicationStatus,
    ApplicationType,
    ChangeKind,
    province_decides,
)
from ..errors import Code
from ..models import Application, ApplicationDocument, ApplicationEvent
from . import proposals
from ._common import outside

if TYPE_CHECKING:
    from finsup.accounts.models import Office, User
    from finsup.institutions.models import Institution

# What each kind of change carries and sets in the registry on approval: fields of the institution,
# the new shareholdings ("shareholders": each holder's new stake, 0 when it leaves) and the people
# appointed or leaving office ("executives"), written by institutions.decisions with their history.
CHANGE_FIELDS = {
    ChangeKind.NAME: ["name"],
    ChangeKind.CAPITAL: ["registered_capital", "paid_in_capital"],
    ChangeKind.ADDRESS: ["address"],
    ChangeKind.SCOPE_REGION: ["business_region"],
    ChangeKind.SHAREHOLDER: ["shareholders"],
    ChangeKind.EXECUTIVES: ["executives"],
}
DECISION_SOURCE = "licensing.application"  # how the registry's history names an application
DECISIONS = {ApplicationStatus.APPROVED, ApplicationStatus.REFUSED, ApplicationStatus.FORWARDED}


@transaction.atomic
def application_file(
    *,
    by: User,
    type: str,
    description: str,
    documents: list[tuple[str, object]],
    institution: Institution | None = None,
    county: Office | None = None,
    proposed_name: str = "",
    proposed_kind: str = "",
    change_kinds: list[str] | None = None,
    proposed_values: dict | None = None,
    resolution_date: datetime.date | None = None,
) -> Application:
    if type not in ApplicationType.values:
        raise ApplicationError(_("Choose the type of application."), field="type", code=Code.APPLICATION_TYPE_REQUIRED)
    if by.is_institution_user:
        if type == ApplicationType.ESTABLISH:
            raise PermissionDenied(
                _("An establishment is filed by its promoters at the county office."), code=Code.ESTABLISHMENT_AT_COUNTY
            )
        institution = by.institution
    if type == ApplicationType.ESTABLISH:
        if county is None or county.level not in (OfficeLevel.COUNTY, OfficeLevel.ZONE):
            raise ApplicationError(
                _("Choose the county office of the proposed institution."), field="county", code=Code.COUNTY_REQUIRED
            )
        if not proposed_name.strip():
            raise ApplicationError(
                _("Give the proposed name."), field="proposed_name", code=Code.PROPOSED_NAME_REQUIRED
            )
        if proposed_kind not in InstitutionKind.values:
            raise ApplicationError(
                _("Choose the proposed kind."), field="proposed_kind", code=Code.PROPOSED_KIND_REQUIRED
            )
        institution = None
    else:
        if institution is None:
            raise ApplicationError(_("Choose the institution."), field="institution", code=Code.INSTITUTION_REQUIRED)
        county = institution.county
        proposed_name, proposed_kind = "", ""
    require(by, Action.APPLICATION_FILE, office=county, institution=institution, outside=outside(county))
    change_kinds, values = _check_change(type, change_kinds or [], proposed_values or {}, resolution_date)
    if type == ApplicationType.ESTABLISH:
        values = proposals.clean_establishment(proposed_values or {})
        if values.get("business_region"):
            values["business_region"] = _clean_value("business_region", values["business_region"])
    if not description.strip():
        raise ApplicationError(_("Describe the application."), field="description", code=Code.DESCRIPTION_REQUIRED)
    if not documents:
        raise ApplicationError(_("Attach at least one document."), field="documents", code=Code.DOCUMENT_REQUIRED)
    now = clock.now()
    application = Application(
        type=type,
        institution=institution,
        county=county,
        proposed_name=proposed_name.strip(),
        proposed_kind=proposed_kind,
        change_kinds=change_kinds,
        proposed_values=values,
        description=description.strip(),
        resolution_date=resolution_date if type == ApplicationType.CHANGE else None,
        filed_by=by,
        filed_at=now,
        step_started_on=timezone.localdate(now),
    )
    application.full_clean(exclude=["institution", "county", "filed_by"])
    application.save()
    reason = _("Filed.")
    if application.filed_late:
        reason += " " + _("Filed after the 30-day limit of %(citation)s (last day %(date)s).") % {
            "citation": FILING_RULE_CITATION,
            "date": application.filing_deadline.isoformat(),
        }
    ApplicationEvent.objects.create(
        application=application, to_status=application.status, by=by, at=now, reason=reason, late=application.filed_late
    )
    audit_record(action=AuditAction.CREATE, obj=application, changes=diff(None, snapshot(application)))
    for title, upload in documents:
        _add_document(by=by, application=application, title=title, upload=upload)
    return application


def _check_change(type, change_kinds, proposed_values, resolution_date) -> tuple[list[str], dict]:
    if type != ApplicationType.CHANGE:
        return [], {}
    kinds = [k for k in ChangeKind.values if k in change_kinds]
    if not kinds or len(kinds) != len(set(change_kinds)):
        raise ApplicationError(_("Choose what changes."), field="change_kinds", code=Code.CHANGE_REQUIRED)
    if resolution_date is None:
        raise ApplicationError(
            _("Give the date of the resolution that decided the change."),
            field="resolution_date",
            code=Code.RESOLUTION_DATE_REQUIRED,
        )
    if resolution_date > clock.today():
        raise ApplicationError(
            _("The resolution date cannot be in the future."), field="resolution_date", code=Code.RESOLUTION_IN_FUTURE
        )
    allowed = {f for k in kinds for f in CHANGE_FIELDS[k]}
    values = {}
    for field in sorted(allowed):
        value = proposed_values.get(field)
        if value in (None, "", []):
            raise ApplicationError(_("Give the new value."), field=field, code=Code.NEW_VALUE_REQUIRED)
        values[field] = _clean_value(field, value)
    return kinds, values


def _clean_value(field: str, value):
    if field in ("registered_capital", "paid_in_capital"):
        try:
            amount = Decimal(str(value)).quantize(Decimal("0.01"))
        except InvalidOperation:
            raise ApplicationError(_("Enter an amount in yuan."), field=field, code=Code.AMOUNT_INVALID) from None
        if amount <= 0:
            raise ApplicationError(_("Enter an amount in yuan."), field=field, code=Code.AMOUNT_INVALID)
        return str(amount)
    if field == "shareholders":
        return proposals.clean_shareholders(value, establishing=False)
    if field == "executives":
        return proposals.clean_people(value, establishing=False)
    if field == "business_region":
        codes = sorted({str(c) for c in value})
        found = set(offices_by_code(codes).values_list("code", flat=True))
        if found != set(codes):
            raise ApplicationError(
                _("Unknown office in the business region."), field=field, code=Code.UNKNOWN_REGION_OFFICE
            )
        return codes
    return str(value).strip()


def _sha256(upload) -> str:
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks() if hasattr(upload, "chunks") else iter(lambda: upload.read(65536), b""):
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def _add_document(*, by: User, application: Application, title: str, upload) -> ApplicationDocument:
    if not title.strip():
        raise ApplicationError(_("Give the document a title."), field="documents", code=Code.DOCUMENT_TITLE_REQUIRED)
    sha = _sha256(upload)
    if ApplicationDocument.objects.filter(application=application, sha256=sha).exists():
        raise ApplicationError(
            _("This file is already attached to the application."),
            field="documents",
            code=Code.DOCUMENT_ALREADY_ATTACHED,
        )
    name = (getattr(upload, "name", "") or "document").rsplit("/", 1)[-1][:150]
    document = ApplicationDocument(
        application=application,
        title=title.strip(),
        original_name=name,
        size=upload.size,
        sha256=sha,
        uploaded_by=by,
        uploaded_at=clock.now(),
    )
    document.file.save(name, upload, save=False)
    document.save()
    audit_record(
        action=AuditAction.CREATE,
        obj=document,
        changes=diff(None, {"title": document.title, "file": name, "sha256": sha, "size": document.size}),
        object_repr=f"{application} · {document.title}",
        office_path=application.audit_office_path,
        subject=application.audit_subject,
    )
    return document


@transaction.atomic
def application_document_add(*, by: User, application: Application, title: str, upload) -> ApplicationDocument:
    """Another document for an application still under review; earlier files stay as they were."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    if by.is_institution_user:
        require(by, Action.APPLICATION_FILE, institution=application.institution)
    else:
        require(by, Action.APPLICATION_REVIEW, office=application.county, outside=outside(application.county))
    if application.status in (ApplicationStatus.APPROVED, ApplicationStatus.REFUSED):
        raise InvalidTransition(
            _("The application is decided: no document can be added."), code=Code.APPLICATION_DECIDED
        )
    return _add_document(by=by, application=application, title=title, upload=upload)


APPLICATION = Lifecycle(
    model=Application,
    table=ALLOWED_TRANSITIONS,
    refusal=refused_move(gettext_lazy("An application cannot go from “%(from)s” to “%(to)s”."), ApplicationStatus),
    event=Event(model=ApplicationEvent, owner="application", note="reason"),
    refusal_field="to_status",
    select_related=("county", "institution"),
)


@documents_step()  # a transaction that deletes the files of the request it drafts if the step fails
def application_step(
    *,
    by: User,
    application: Application,
    to_status: str,
    reason: str,
    effective_on: datetime.date | None = None,
    decision_doc_no: str = "",
) -> Application:
    """One step: the county's initial review, the city's review, the city's decision (of what the
    province does not decide) or the forwarding to the province, and the province's decision."""
    application = APPLICATION.lock(application)
    APPLICATION.check(application.status, to_status)
    _require_step_right(by, application, to_status)
    if not reason.strip():
        raise ApplicationError(_("Give the reasons for this step."), field="reason", code=Code.STEP_REASONS_REQUIRED)
    today = clock.today()
    by_province = application.status == ApplicationStatus.FORWARDED
    provincial = province_decides(application.type, application.kind, application.change_kinds)
    if application.status == ApplicationStatus.CITY_PASSED and to_status == ApplicationStatus.APPROVED and provincial:
        raise ApplicationError(
            _("The provincial office decides this application: forward it to the province."),
            field="to_status",
            code=Code.PROVINCE_DECIDES,
        )
    if by_province and not decision_doc_no.strip():
        raise ApplicationError(
            _("Give the number of the province's decision document."),
            field="decision_doc_no",
            code=Code.DOCUMENT_NUMBER_REQUIRED,
        )
    if to_status == ApplicationStatus.APPROVED:
        if effective_on is None:
            raise ApplicationError(
                _("Give the date the approval takes effect."), field="effective_on", code=Code.EFFECTIVE_DATE_REQUIRED
            )
        if effective_on > today:
            # The registry records what is in force; a later date would need a job to flip it.
            raise ApplicationError(
                _("Record the approval on or after the date it takes effect."),
                field="effective_on",
                code=Code.APPROVAL_BEFORE_EFFECT,
            )
    if to_status == ApplicationStatus.FORWARDED and not provincial:
        raise ApplicationError(
            _("The province decides nothing here: a change of these items is only filed."),
            field="to_status",
            code=Code.NOT_FOR_THE_PROVINCE,
        )
    late = application.step_overdue(today)
    fields = {"step_started_on": today}
    if to_status in DECISIONS:
        fields["decision_doc_no"] = decision_doc_no.strip()
    if to_status == ApplicationStatus.APPROVED:
        fields["effective_on"] = effective_on
    # The audit entry is the diff of the whole row (status included), as before the helper.
    moved = copy.copy(application)
    for name, value in {"status": to_status, **fields}.items():
        setattr(moved, name, value)
    transition(
        application,
        to=to_status,
        by=by,
        note=reason.strip(),
        lifecycle=APPLICATION,
        locked=True,
        fields=fields,
        event_fields={"late": late},
        audit_changes=diff(snapshot(application), snapshot(moved)),
    )
    if to_status == ApplicationStatus.FORWARDED:
        application.request_document_id = paperwork.draft_request(application, by=by, opinion=reason.strip())
        application.save(update_fields=["request_document_id"])
        audit_record(
            action=AuditAction.UPDATE,
            obj=application,
            changes={"request_document_id": [None, application.request_document_id]},
        )
    if to_status == ApplicationStatus.APPROVED:
        _apply_to_registry(by=by, application=application, reason=reason.strip())
    if by_province:
        _notify_province_decision(application)
    return application


def _require_step_right(by: User, application: Application, to_status: str) -> None:
    deciding = application.status in (ApplicationStatus.CITY_PASSED, ApplicationStatus.FORWARDED)
    action = Action.APPLICATION_DECIDE if deciding else Action.APPLICATION_REVIEW
    require(by, action, office=application.county, outside=outside(application.county))
    office = by.office
    step = STEP_OFFICE[application.status]
    if step == "county":
        ok = office is not None and office.pk == application.county_id
        message = _("The initial review is made by the county office.")
    elif step == "province":
        ok = office is not None and office.level == OfficeLevel.PROVINCE
        message = _("The provincial office decides an application forwarded to it.")
    else:
        ok = office is not None and office.level == OfficeLevel.CITY
        message = _("This step is taken by the city office.")
    if not ok:
        raise PermissionDenied(message, code=Code.MAY_NOT_TAKE_STEP)


def _apply_to_registry(*, by: User, application: Application, reason: str) -> None:
    """The approval into the registry, through its services; the registry's history names the decision."""
    decision = registry.Decision(
        source=DECISION_SOURCE,
        pk=application.pk,
        document_no=application.decision_doc_no,
        effective_on=application.effective_on,
        reason=reason,
    )
    values = dict(application.proposed_values or {})
    approval = ApprovalStatus.APPROVED if application.kind in APPROVAL_KINDS else ApprovalStatus.FILED
    if application.type == ApplicationType.ESTABLISH:
        if not values.get("shareholders") or not values.get("executives") or not values.get("credit_code"):
            raise ApplicationError(
                _("The application names no credit code, shareholders or executives: the registry cannot be written."),
                code=Code.NEW_VALUE_REQUIRED,
            )
        region = list(offices_by_code(values.get("business_region") or [application.county.code]))
        institution = registry.institution_establish(
            by=by,
            decision=decision,
            data={
                "credit_code": values["credit_code"],
                "name": application.proposed_name,
                "kind": application.proposed_kind,
                "county": application.county,
                "registered_capital": Decimal(values["registered_capital"]),
                "paid_in_capital": Decimal(values["paid_in_capital"]),
                "address": values.get("address", ""),
                "legal_representative": values.get("legal_representative", ""),
            },
            business_region=region,
            shareholders=proposals.shareholder_entries(values["shareholders"]),
            people=proposals.person_entries(values["executives"]),
            approval_status=approval,
        )
        application.institution = institution
        application.save(update_fields=["institution"])
        audit_record(action=AuditAction.UPDATE, obj=application, changes={"institution": [None, institution.pk]})
    elif application.type == ApplicationType.CHANGE:
        region_codes = values.pop("business_region", None)
        shareholders = values.pop("shareholders", None)
        people = values.pop("executives", None)
        data = {k: (Decimal(v) if k.endswith("_capital") else v) for k, v in values.items()}
        registry.registry_change_apply(
            by=by,
            institution=application.institution,
            decision=decision,
            data=data,
            business_region=list(offices_by_code(region_codes)) if region_codes is not None else None,
            shareholders=proposals.shareholder_entries(shareholders),
            people=proposals.person_entries(people),
            approval_status=approval,
        )
    else:
        registry.institution_close(by=by, institution=application.institution, decision=decision)


def _notify_province_decision(application: Application) -> None:
    """The province's decision, down to the city and county offices' licensing staff and the
    institution's users (after the commit: only what was decided is announced)."""
    roles = roles_with(Action.APPLICATION_REVIEW) | roles_with(Action.APPLICATION_DECIDE)
    county = application.county
    cities = [o for o in (county.parent, getattr(county.parent, "parent", None)) if o and o.level == OfficeLevel.CITY]
    users = list(users_active(office__in=[county, *cities], role__in=roles, institution__isnull=True))
    if application.institution_id:
        users += list(users_active(institution=application.institution))
    if application.status == ApplicationStatus.APPROVED:
        title = _("The provincial office approved: %(subject)s (%(no)s)")
    else:
        title = _("The provincial office refused: %(subject)s (%(no)s)")
    title = title % {"subject": application, "no": application.decision_doc_no}
    url, key = application.get_absolute_url(), f"application-decision:{application.pk}"
    transaction.on_commit(lambda: notify(users=users, title=title, url=url, key=key))
