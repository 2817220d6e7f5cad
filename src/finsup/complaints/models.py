"""Complaints and tip-offs from the public."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from finsup.core.append_only import AppendOnly
from finsup.core.personal_data import EncryptedTextField, mask_id_number, mask_phone
from finsup.core.scoping import Scope, ScopedManager

from .choices import ComplaintKind, ComplaintStatus, ReferralBody


def _mask_name(value: str | None) -> str:
    return (value[:1] + "*" * (len(value) - 1)) if value else ""


class Complaint(models.Model):
    """A complaint or tip-off from the public, routed to the office that supervises the institution
    named (the city office when none is named) and to its lead supervisor."""

    tracking_code = models.CharField(_("tracking code"), max_length=14, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=ComplaintKind.choices, default=ComplaintKind.COMPLAINT)
    institution = models.ForeignKey(
        "institutions.Institution",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints",
        verbose_name=_("institution"),
    )
    respondent_name = models.CharField(_("respondent as named by the complainant"), max_length=200, blank=True)
    office = models.ForeignKey(
        "accounts.Office", on_delete=models.PROTECT, related_name="complaints", verbose_name=_("handling office")
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_complaints",
        verbose_name=_("assigned to"),
    )
    subject = models.CharField(pgettext_lazy("complaint", "subject"), max_length=200)
    description = models.TextField(_("what happened"))
    anonymous = models.BooleanField(_("anonymous"), default=False)
    complainant_name = EncryptedTextField(_("complainant's name"), blank=True)
    complainant_phone = EncryptedTextField(_("complainant's phone"), blank=True)
    complainant_id_number = EncryptedTextField(_("complainant's ID number"), blank=True)
    illegal_fundraising = models.BooleanField(_("possible illegal fundraising"), default=False, db_index=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ComplaintStatus.choices, default=ComplaintStatus.RECEIVED, db_index=True
    )
    received_at = models.DateTimeField(_("received at"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    investigating_at = models.DateTimeField(_("investigation started at"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("result recorded at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    result = models.TextField(_("result (internal, unredacted)"), blank=True)
    published_result = models.TextField(_("published result (redacted)"), blank=True)

    scope = Scope(office="office", institution="institution", institution_users=False)
    objects = ScopedManager()
    audit_masks = {
        "complainant_name": _mask_name,
        "complainant_phone": mask_phone,
        "complainant_id_number": mask_id_number,
        "description": lambda v: f"[{len(v or '')}]",
    }

    class Meta:
        verbose_name = _("complaint or tip-off")
        verbose_name_plural = _("complaints and tip-offs")
        ordering = ["-received_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(anonymous=True)
                | (models.Q(complainant_name="") & models.Q(complainant_phone="") & models.Q(complainant_id_number="")),
                name="complaint_anonymous_has_no_identity",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="published") | ~models.Q(published_result=""),
                name="complaint_published_has_result",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.tracking_code} {self.subject}"

    def get_absolute_url(self) -> str:
        return reverse("complaints:detail", args=[self.pk])

    @property
    def audit_office_path(self) -> str:
        return self.office.path

    @property
    def audit_subject(self) -> str:
        return self.institution.audit_subject if self.institution_id else f"complaint:{self.tracking_code}"


class ComplaintStep(AppendOnly):
    """Append-only: each handling step, who took it and what they recorded."""

    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="steps")
    from_status = models.CharField(_("previous status"), max_length=20, choices=ComplaintStatus.choices, blank=True)
    to_status = models.CharField(_("new status"), max_length=20, choices=ComplaintStatus.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    at = models.DateTimeField(_("time"))
    note = models.TextField(_("note"), blank=True)

    scope = Scope(office="complaint__office", institution_users=False)
    objects = ScopedManager()

    class Meta:
        verbose_name = _("handling step")
        verbose_name_plural = _("handling steps")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.complaint_id}: {self.to_status}"


class ComplaintNote(AppendOnly):
    """An internal note of the handlers; never shown to the complainant or on the portal."""

    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="notes")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("time"))
    text = models.TextField(_("note"))

    scope = Scope(office="complaint__office", institution_users=False)
    objects = ScopedManager()

    class Meta:
        verbose_name = _("internal note")
        verbose_name_plural = _("internal notes")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.complaint_id}: {self.at:%Y-%m-%d}"


class ComplaintReferral(AppendOnly):
    """A tip-off (mostly of illegal fundraising) referred to another body."""

    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="referrals")
    body = models.CharField(_("referred to"), max_length=20, choices=ReferralBody.choices)
    referred_on = models.DateField(_("referred on"))
    note = models.TextField(_("note"), blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("recorded at"))

    scope = Scope(office="complaint__office", institution_users=False)
    objects = ScopedManager()

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["referred_on", "pk"]

    def __str__(self) -> str:
        return f"{self.complaint_id} → {self.body}"


def _attachment_path(instance, filename: str) -> str:
    # The stored name is the content hash: the complainant's file name never reaches the disk.
    return f"complaints/{instance.sha256[:2]}/{instance.sha256}"


class ComplaintAttachment(models.Model):
    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="attachments")
    file = models.FileField(_("file"), upload_to=_attachment_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=60)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)

    scope = Scope(office="complaint__office", institution_users=False)
    objects = ScopedManager()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.original_name


class SubmissionCounter(models.Model):
    """Public submissions per client address and time window (the address is stored hashed)."""

    key = models.CharField(max_length=64)
    window_start = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "window_start"], name="submission_counter_once")]

    def __str__(self) -> str:
        return f"{self.key[:8]} {self.window_start:%Y-%m-%d %H:%M}: {self.count}"
