"""Writes for outreach: campaign plans, events with their reach figures, materials and their
publication on the portal, and completing a campaign with its summary. Each write is atomic and
audited; a refusal raises ApplicationError and changes nothing. Nothing filed is overwritten
silently: a corrected event is audited with its old and new values."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from finsup.accounts.policies import Action, require
from finsup.audit.choices import AuditAction
from finsup.audit.services import audit_record, diff, snapshot
from finsup.complaints.attachments import CheckedFile
from finsup.core import clock
from finsup.core.errors import ApplicationError, InvalidTransition
from finsup.core.lifecycle import Lifecycle, transition
from finsup.documents.choices import DocumentKind
from finsup.documents.selectors import documents_of
from finsup.documents.services import document_draft

from .choices import CAMPAIGN_TRANSITIONS, CampaignKind, CampaignStatus, Channel, MaterialKind
from .errors import Code
from .models import Campaign, OutreachEvent, OutreachMaterial
from .report import outreach_report_context

if TYPE_CHECKING:
    from finsup.accounts.models import Office
    from finsup.documents.models import OfficialDocument

CAMPAIGN_FIELDS = ("kind", "title", "theme", "starts_on", "ends_on", "plan")
EVENT_FIELDS = ("held_on", "channel", "title", "place", "description", "audience", "copies", "views")
REACH_FIELDS = ("audience", "copies", "views")
MAX_REACH = 100_000_000  # more than the city's population many times over: a typing error


# What `require` says to a user who may not manage the outreach of an office.
NOT_YOUR_OUTREACH = gettext_lazy("You may not plan or record outreach of this office.")


# A campaign has no event table: its completion is in the audit trail, with its summary.
CAMPAIGN = Lifecycle(
    model=Campaign,
    table=CAMPAIGN_TRANSITIONS,
    refusal=lambda current, to: _("The campaign is completed; its record is closed."),
    audit_note="summary",
    select_related=("office",),
)


def _locked(campaign: Campaign, by, *, open_only: bool = True) -> Campaign:
    campaign = CAMPAIGN.lock(campaign)
    require(by, Action.OUTREACH_MANAGE, office=campaign.office, denied=NOT_YOUR_OUTREACH)
    if open_only and not campaign.is_open:
        raise InvalidTransition(_("The campaign is completed; its record is closed."), code=Code.CAMPAIGN_COMPLETED)
    return campaign


def _text(data: dict, key: str, limit: int | None = None) -> str:
    value = (data.get(key) or "").strip()
    return value[:limit] if limit else value


def _clean_campaign(data: dict, year: int) -> dict:
    clean = {k: _text(data, k, 200) for k in ("title", "theme")}
    clean["plan"] = _text(data, "plan")
    clean["kind"] = data.get("kind") or CampaignKind.MAY_MONTH
    clean["starts_on"], clean["ends_on"] = data.get("starts_on"), data.get("ends_on")
    if clean["kind"] not in CampaignKind.values:
        raise ApplicationError(_("Choose the kind of campaign."), field="kind", code=Code.CAMPAIGN_KIND_REQUIRED)
    if not clean["title"]:
        raise ApplicationError(_("Give the campaign a title."), field="title", code=Code.CAMPAIGN_TITLE_REQUIRED)
    if not isinstance(clean["starts_on"], datetime.date) or not isinstance(clean["ends_on"], datetime.date):
        raise ApplicationError(
            _("Give the first and the last day of the campaign."), field="starts_on", code=Code.CAMPAIGN_DATES_REQUIRED
        )
    if clean["ends_on"] < clean["starts_on"]:
        raise ApplicationError(
            _("The campaign cannot end before it starts."), field="ends_on", code=Code.CAMPAIGN_ENDS_BEFORE_START
        )
    if clean["starts_on"].year != year:
        raise ApplicationError(
            _("The campaign must start in the year it is planned for."),
            field="starts_on",
            code=Code.CAMPAIGN_OUTSIDE_YEAR,
        )
    return clean


def _check_one_may_month(office: Office, year: int, kind: str, exclude_pk: int | None = None) -> None:
    if kind != CampaignKind.MAY_MONTH:
        return
    others = Campaign.objects.filter(office=office, year=year, kind=CampaignKind.MAY_MONTH).exclude(pk=exclude_pk)
    if others.exists():
        raise ApplicationError(
            _("%(office)s already has a May campaign month for %(year)s.") % {"office": office.name, "year": year},
            field="kind",
            code=Code.MAY_CAMPAIGN_EXISTS,
        )


@transaction.atomic
def campaign_create(*, by, office: Office, year: int, data: dict) -> Campaign:
    """Plans a campaign of the acting user's office or of an office below it."""
    require(by, Action.OUTREACH_MANAGE, office=office, denied=NOT_YOUR_OUTREACH)
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        raise ApplicationError(_("Give the year of the campaign."), field="year", code=Code.CAMPAIGN_YEAR_REQUIRED)
    clean = _clean_campaign(data, year)
    _check_one_may_month(office, year, clean["kind"])
    campaign = Campaign.objects.create(office=office, year=year, created_by=by, created_at=clock.now(), **clean)
    audit_record(action=AuditAction.CREATE, obj=campaign, changes={k: [None, v] for k, v in snapshot(campaign).items()})
    return campaign


@transaction.atomic
def campaign_update(*, campaign: Campaign, by, data: dict) -> Campaign:
    """Changes the plan of a campaign that is not completed; the audit entry holds old and new values."""
    campaign = _locked(campaign, by)
    clean = _clean_campaign(data, campaign.year)
    _check_one_may_month(campaign.office, campaign.year, clean["kind"], exclude_pk=campaign.pk)
    outside = campaign.events.exclude(held_on__range=(clean["starts_on"], clean["ends_on"]))
    if outside.exists():
        raise ApplicationError(
            _("Events already recorded would fall outside the new period."),
            field="starts_on",
            code=Code.EVENTS_OUTSIDE_NEW_PERIOD,
        )
    before = snapshot(campaign)
    for key, value in clean.items():
        setattr(campaign, key, value)
    changes = diff(before, snapshot(campaign))
    if changes:
        campaign.save(update_fields=list(changes))
        audit_record(action=AuditAction.UPDATE, obj=campaign, changes=changes)
    return campaign


def _clean_event(data: dict, campaign: Campaign) -> dict:
    clean = {k: _text(data, k, 200) for k in ("title", "place")}
    clean["description"] = _text(data, "description")
    clean["channel"], clean["held_on"] = data.get("channel"), data.get("held_on")
    if clean["channel"] not in Channel.values:
        raise ApplicationError(_("Choose the channel of the event."), field="channel", code=Code.EVENT_CHANNEL_REQUIRED)
    if not clean["title"]:
        raise ApplicationError(_("Say what the event was."), field="title", code=Code.EVENT_DESCRIPTION_REQUIRED)
    if not isinstance(clean["held_on"], datetime.date):
        raise ApplicationError(_("Give the date of the event."), field="held_on", code=Code.EVENT_DATE_REQUIRED)
    if not campaign.starts_on <= clean["held_on"] <= campaign.ends_on:
        raise ApplicationError(
            _("The event must fall within the campaign (%(start)s to %(end)s).")
            % {"start": campaign.starts_on.isoformat(), "end": campaign.ends_on.isoformat()},
            field="held_on",
            code=Code.EVENT_OUTSIDE_CAMPAIGN,
        )
    for key in REACH_FIELDS:
        value = data.get(key) or 0
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_REACH:
            raise ApplicationError(
                _("Reach figures are whole numbers from 0 to %(max)s.") % {"max": f"{MAX_REACH:,}"},
                field=key,
                code=Code.REACH_OUT_OF_RANGE,
            )
        clean[key] = value
    if clean["held_on"] > clock.today() and any(clean[k] for k in REACH_FIELDS):
        raise ApplicationError(
            _("An event still to come has reached nobody yet: record its figures after it is held."),
            field="audience",
            code=Code.EVENT_NOT_HELD_YET,
        )
    return clean


@transaction.atomic
def event_record(*, campaign: Campaign, by, data: dict) -> OutreachEvent:
    """Records an event of an open campaign (a planned one, or one held, with its reach figures)."""
    campaign = _locked(campaign, by)
    event = OutreachEvent.objects.create(
        campaign=campaign, recorded_by=by, recorded_at=clock.now(), **_clean_event(data, campaign)
    )
    audit_record(
        action=AuditAction.CREATE,
        obj=event,
        changes={k: [None, v] for k, v in snapshot(event).items() if k in EVENT_FIELDS},
    )
    return event


@transaction.atomic
def event_correct(*, event: OutreachEvent, by, data: dict, reason: str) -> OutreachEvent:
    """Corrects a recorded event; the reason and each changed value, old and new, are audited."""
    campaign = _locked(event.campaign, by)
    event = OutreachEvent.objects.select_for_update().get(pk=event.pk, campaign=campaign)
    event.campaign = campaign
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(
            _("Say why the event is corrected."), field="reason", code=Code.CORRECTION_REASON_REQUIRED
        )
    clean = _clean_event(data, campaign)
    before = snapshot(event)
    for key, value in clean.items():
        setattr(event, key, value)
    changes = diff(before, snapshot(event))
    if not changes:
        raise ApplicationError(_("Nothing was changed."), code=Code.NOTHING_CHANGED)
    event.save(update_fields=list(changes))
    audit_record(action=AuditAction.UPDATE, obj=event, changes={**changes, "reason": [None, reason]})
    return event


@transaction.atomic
def material_upload(*, campaign: Campaign, by, title: str, kind: str, file: CheckedFile) -> OutreachMaterial:
    """Stores a checked file (see uploads.check_material) as a material; it is not yet published."""
    campaign = _locked(campaign, by, open_only=False)
    title = (title or "").strip()[:200]
    if not title:
        raise ApplicationError(_("Give the material a title."), field="title", code=Code.MATERIAL_TITLE_REQUIRED)
    if kind not in MaterialKind.values:
        raise ApplicationError(_("Choose the kind of material."), field="kind", code=Code.MATERIAL_KIND_REQUIRED)
    material = OutreachMaterial(
        campaign=campaign,
        title=title,
        kind=kind,
        original_name=file.name[-200:],
        content_type=file.content_type,
        size=file.size,
        sha256=file.sha256,
        uploaded_by=by,
        uploaded_at=clock.now(),
    )
    material.file.save(file.sha256, ContentFile(file.content), save=False)
    material.save()
    audit_record(
        action=AuditAction.CREATE,
        obj=material,
        changes={k: [None, v] for k, v in snapshot(material).items() if k != "file"},
    )
    return material


@transaction.atomic
def material_publish(*, material: OutreachMaterial, by, published: bool) -> OutreachMaterial:
    """Shows the material on the public portal, or withdraws it."""
    campaign = _locked(material.campaign, by, open_only=False)
    material = OutreachMaterial.objects.select_for_update().get(pk=material.pk, campaign=campaign)
    material.campaign = campaign
    if material.published == published:
        raise ApplicationError(
            _("The material is already published.") if published else _("The material is not published."),
            code=Code.MATERIAL_PUBLICATION_UNCHANGED,
        )
    material.published, material.published_at = published, clock.now() if published else None
    material.save(update_fields=["published", "published_at"])
    audit_record(action=AuditAction.STATUS, obj=material, changes={"published": [not published, published]})
    return material


@transaction.atomic
def campaign_complete(*, campaign: Campaign, by, summary: str) -> Campaign:
    """Closes the campaign with its written summary; its events can no longer be changed."""
    campaign = _locked(campaign, by)
    summary = (summary or "").strip()
    if not summary:
        raise ApplicationError(_("Write the summary of the campaign."), field="summary", code=Code.SUMMARY_REQUIRED)
    if campaign.ends_on > clock.today():
        raise InvalidTransition(_("The campaign has not ended yet."), field="summary", code=Code.CAMPAIGN_NOT_ENDED)
    return transition(
        campaign,
        to=CampaignStatus.COMPLETED,
        by=by,
        note=summary,
        lifecycle=CAMPAIGN,
        locked=True,
        fields={"summary": summary, "completed_by": by, "completed_at": clock.now()},
    )


@transaction.atomic
def campaign_report_draft(*, campaign: Campaign, by) -> OfficialDocument:
    """Drafts the campaign's summary report (宣传活动总结报告) to the superior office (a county's to
    the city, the city's to the province) once the campaign is completed; the draft then goes
    through the documents' check and sign-off. One report per campaign (revise it to change it)."""
    campaign = _locked(campaign, by, open_only=False)
    if campaign.is_open:
        raise InvalidTransition(
            _("The report is drafted once the campaign is completed."), code=Code.CAMPAIGN_NOT_COMPLETED
        )
    if campaign.office.parent_id is None:
        raise ApplicationError(_("This office has no superior office to report to."), code=Code.NO_SUPERIOR_OFFICE)
    if documents_of(actor=by, subject=campaign).filter(kind=DocumentKind.OUTREACH_REPORT).exists():
        raise ApplicationError(
            _("This campaign's report is drafted already: revise it instead."), code=Code.REPORT_ALREADY_DRAFTED
        )
    return document_draft(
        kind=DocumentKind.OUTREACH_REPORT,
        office=campaign.office,
        institution=None,  # a report to the superior office: its addressee is in the context
        context=outreach_report_context(campaign),
        by=by,
        subject=campaign,
    )
