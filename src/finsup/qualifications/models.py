"""Practitioner qualification (从业人员资格认定, duty ㉕) and self-regulatory organisations (自律组织,
duty ㉖: at the end).

Practitioner qualification: the staff of private capital managers and
private lending registration services, and each one's history of steps: training attended, an
examination or assessment, a certificate issued (numbered 临金从字〔year〕第N号, valid three
years), a certificate revoked. The steps are append-only: a correction is a later step, and a
certificate's state (valid, expired, revoked) is computed from the steps and the day.

A practitioner belongs to an institution, which scopes them: staff see those of their jurisdiction,
an institution's users its own."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from finsup.core.append_only import AppendOnly
from finsup.core.personal_data import EncryptedTextField, mask_id_number, mask_phone
from finsup.core.scoping import Scope, ScopedManager

from .choices import AssociationKind, GuidanceKind, StepKind

USER = settings.AUTH_USER_MODEL


class CertificateCounter(models.Model):
    """The last serial given per year; issuing locks this row, so certificate numbers have neither
    gaps nor duplicates."""

    year = models.PositiveSmallIntegerField(unique=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("certificate counter")
        verbose_name_plural = _("certificate counters")

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class Practitioner(models.Model):
    institution = models.ForeignKey(
        "institutions.Institution", on_delete=models.PROTECT, related_name="+", verbose_name=_("institution")
    )
    name = models.CharField(pgettext_lazy("person", "name"), max_length=50)
    id_number = EncryptedTextField(_("resident ID number"))
    id_number_hash = models.CharField(max_length=64, db_index=True, editable=False)
    phone = EncryptedTextField(_("mobile phone"), blank=True)
    position = models.CharField(_("position"), max_length=50, blank=True)
    registered_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    registered_at = models.DateTimeField(_("registered at"))

    audit_masks = {"id_number": mask_id_number, "phone": mask_phone}
    scope = Scope(office="institution__county", institution="institution")
    objects = ScopedManager()

    class Meta:
        verbose_name = _("practitioner")
        verbose_name_plural = _("practitioners")
        ordering = ["institution_id", "name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["institution", "id_number_hash"], name="qualifications_one_per_person")
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("qualifications:detail", args=[self.pk])

    @property
    def masked_id_number(self) -> str:
        return mask_id_number(self.id_number)

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)

    @property
    def audit_office_path(self) -> str:
        return self.institution.county.path


class Step(AppendOnly):
    """One step of a practitioner's qualification; which fields it fills depends on its kind."""

    practitioner = models.ForeignKey(
        Practitioner, on_delete=models.PROTECT, related_name="steps", verbose_name=_("practitioner")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=StepKind.choices)
    on = models.DateField(_("date"))
    # training
    course = models.CharField(_("course"), max_length=100, blank=True)
    organiser = models.CharField(_("organiser"), max_length=100, blank=True)
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1, null=True, blank=True)
    # examination or assessment
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=1, null=True, blank=True)
    pass_mark = models.DecimalField(_("pass mark"), max_digits=5, decimal_places=1, null=True, blank=True)
    passed = models.BooleanField(_("passed"), null=True, blank=True)
    # certificate
    number = models.CharField(_("certificate number"), max_length=40, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    # revocation
    revokes = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="revocation",
        verbose_name=_("certificate"),
    )
    reason = models.TextField(_("reason"), blank=True)
    by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("recorded at"))

    scope = Scope(office="practitioner__institution__county", institution="practitioner__institution")
    objects = ScopedManager()

    class Meta:
        verbose_name = _("qualification step")
        verbose_name_plural = _("qualification steps")
        ordering = ["on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["number"], condition=~models.Q(number=""), name="qualifications_unique_number"
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="certificate") | (~models.Q(number="") & models.Q(valid_until__isnull=False)),
                name="qualifications_certificate_numbered",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="revocation") | models.Q(revokes__isnull=False),
                name="qualifications_revocation_names_certificate",
            ),
        ]

    def __str__(self) -> str:
        if self.kind == StepKind.CERTIFICATE:
            return f"{self.practitioner} {self.number}"
        return f"{self.practitioner} {self.get_kind_display()} {self.on:%Y-%m-%d}"

    @property
    def audit_office_path(self) -> str:
        return self.practitioner.institution.county.path

    @property
    def audit_subject(self) -> str:
        return f"qualifications.practitioner:{self.practitioner_id}"


class Association(models.Model):
    """A self-regulatory organisation of private lending institutions (a 民间融资行业协会), guided by
    the office of its level (the city's or a county's), with its member institutions."""

    office = models.ForeignKey(
        "accounts.Office", on_delete=models.PROTECT, related_name="+", verbose_name=_("guiding office")
    )
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=30, choices=AssociationKind.choices)
    members = models.ManyToManyField(
        "institutions.Institution", related_name="+", blank=True, verbose_name=_("member institutions")
    )
    contact_person = models.CharField(_("contact person"), max_length=50, blank=True)
    contact_phone = EncryptedTextField(_("contact phone"), blank=True)
    registered_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    registered_at = models.DateTimeField(_("registered at"))

    audit_masks = {"contact_phone": mask_phone}
    scope = Scope(office="office", institution_users=False)
    objects = ScopedManager()

    class Meta:
        verbose_name = _("self-regulatory organisation")
        verbose_name_plural = _("self-regulatory organisations")
        ordering = ["office__path", "name"]
        constraints = [models.UniqueConstraint(fields=["office", "name"], name="qualifications_association_name")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("qualifications:association", args=[self.pk])

    @property
    def masked_contact_phone(self) -> str:
        return mask_phone(self.contact_phone)

    @property
    def audit_office_path(self) -> str:
        return self.office.path


class GuidanceRecord(AppendOnly):
    """The office's guidance of an association: a meeting, a document, an inspection of it, other."""

    association = models.ForeignKey(
        Association, on_delete=models.PROTECT, related_name="guidance", verbose_name=_("self-regulatory organisation")
    )
    on = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=20, choices=GuidanceKind.choices)
    summary = models.TextField(pgettext_lazy("guidance", "summary"))
    attendees = models.TextField(_("attendees"), blank=True)
    by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("recorded at"))

    scope = Scope(office="association__office", institution_users=False)
    objects = ScopedManager()

    class Meta:
        verbose_name = _("guidance record")
        verbose_name_plural = _("guidance records")
        ordering = ["-on", "-pk"]

    def __str__(self) -> str:
        return f"{self.association} {self.on:%Y-%m-%d} {self.get_kind_display()}"

    def get_absolute_url(self) -> str:
        return self.association.get_absolute_url() + f"#guidance-{self.pk}"

    @property
    def audit_office_path(self) -> str:
        return self.association.office.path
