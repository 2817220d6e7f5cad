"""Outreach: campaigns per office and year (above all the May anti-illegal-fundraising month),
their events with reach figures, and the materials shown on the public portal once published."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from finsup.core.scoping import Scope, ScopedManager

from .choices import CampaignKind, CampaignStatus, Channel, MaterialKind


class Campaign(models.Model):
    """An office's outreach campaign of one year: its plan, and once over, its summary."""

    office = models.ForeignKey(
        "accounts.Office", on_delete=models.PROTECT, related_name="campaigns", verbose_name=_("office")
    )
    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    kind = models.CharField(_("kind"), max_length=20, choices=CampaignKind.choices, default=CampaignKind.MAY_MONTH)
    title = models.CharField(_("title"), max_length=200)
    theme = models.CharField(_("theme"), max_length=200, blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    plan = models.TextField(_("plan"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=CampaignStatus.choices, default=CampaignStatus.PLANNED, db_index=True
    )
    summary = models.TextField(_("summary"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"))
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)

    scope = Scope(office="office", institution_users=False)
    objects = ScopedManager()

    class Meta:
        verbose_name = _("outreach campaign")
        verbose_name_plural = _("outreach campaigns")
        ordering = ["-year", "office__path", "starts_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_on__gte=models.F("starts_on")), name="campaign_period"),
            models.CheckConstraint(
                condition=~models.Q(status="completed") | ~models.Q(summary=""), name="campaign_completed_has_summary"
            ),
            models.UniqueConstraint(
                fields=["office", "year"], condition=models.Q(kind="may_month"), name="campaign_one_may_month"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("outreach:campaign_detail", args=[self.pk])

    @property
    def audit_office_path(self) -> str:
        return self.office.path

    @property
    def audit_subject(self) -> str:
        return f"office:{self.office.code}"

    @property
    def is_open(self) -> bool:
        return self.status == CampaignStatus.PLANNED


class OutreachEvent(models.Model):
    """One event of a campaign and how many it reached. Corrections are audited with old and new values."""

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="events")
    held_on = models.DateField(_("date"))
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    title = models.CharField(_("title"), max_length=200)
    place = models.CharField(_("place or outlet"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    audience = models.PositiveIntegerField(_("people reached"), default=0)
    copies = models.PositiveIntegerField(_("materials distributed (copies)"), default=0)
    views = models.PositiveIntegerField(_("views or listeners"), default=0)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"))

    scope = Scope(office="campaign__office", institution_users=False)
    objects = ScopedManager()

    class Meta:
        verbose_name = _("outreach event")
        verbose_name_plural = _("outreach events")
        ordering = ["held_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(audience__gte=0, copies__gte=0, views__gte=0), name="outreach_event_reach"
            )
        ]

    def __str__(self) -> str:
        return f"{self.held_on:%Y-%m-%d} {self.title}"

    @property
    def audit_office_path(self) -> str:
        return self.campaign.office.path

    @property
    def audit_subject(self) -> str:
        return self.campaign.audit_subject


def _material_path(instance, filename: str) -> str:
    # The stored name is the content hash; the uploader's file name is kept only as data.
    return f"outreach/{instance.sha256[:2]}/{instance.sha256}"


class OutreachMaterial(models.Model):
    """A poster, leaflet or other material of a campaign; the public portal shows it once published."""

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="materials")
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=MaterialKind.choices)
    file = models.FileField(_("file"), upload_to=_material_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=60)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    published = models.BooleanField(_("published on the portal"), default=False, db_index=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded at"))

    scope = Scope(office="campaign__office", institution_users=False)
    objects = ScopedManager()

    class Meta:
        verbose_name = _("outreach material")
        verbose_name_plural = _("outreach materials")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def audit_office_path(self) -> str:
        return self.campaign.office.path

    @property
    def audit_subject(self) -> str:
        return self.campaign.audit_subject
