"""The register of entities suspected of illegal fundraising, the texts the office holds about
each, the steps of their disposal, and the versioned weights of the early-warning index.

An entity may be licensed (an institution of the registry) or not (most are not). It belongs to
the office that handles it (the county where the activity takes place); the city sees every
county's. Institutions never see this register. Texts and steps are append-only: a correction is
a new step or a new text, and a merged entity keeps its own records under the one it joined."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from finsup.core.append_only import AppendOnly
from finsup.core.scoping import Scope, ScopedManager

from .choices import DocumentKind, EntityStatus, Origin, Outcome, PoliceAnswer, StepKind


class SuspectEntity(models.Model):
    office = models.ForeignKey(
        "accounts.Office", on_delete=models.PROTECT, related_name="+", verbose_name=_("handling office")
    )
    name = models.CharField(_("name"), max_length=200, db_index=True)
    credit_code = models.CharField(_("unified social credit code"), max_length=18, blank=True, db_index=True)
    institution = models.ForeignKey(
        "institutions.Institution",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("licensed institution"),
    )
    addresses = models.TextField(_("addresses"), blank=True, help_text=_("One per line."))
    people = models.TextField(_("people involved"), blank=True, help_text=_("One per line."))
    channels = models.TextField(
        _("channels"), blank=True, help_text=_("Websites, app or chat groups, phone numbers; one per line.")
    )
    origin = models.CharField(_("origin"), max_length=20, choices=Origin.choices)
    source = models.CharField(_("source record"), max_length=80, blank=True, db_index=True)
    status = models.CharField(
        _("status"), max_length=20, choices=EntityStatus.choices, default=EntityStatus.REGISTERED, db_index=True
    )
    outcome = models.CharField(_("determination"), max_length=20, choices=Outcome.choices, blank=True)
    next_step = models.CharField(_("next step"), max_length=20, choices=StepKind.choices, blank=True)
    due_on = models.DateField(_("next step due"), null=True, blank=True, db_index=True)
    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="merged", verbose_name=_("merged into")
    )
    opened_on = models.DateField(_("registered on"))
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    determined_on = models.DateField(_("determined on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)

    scope = Scope(office="office", institution_users=False)
    objects = ScopedManager()

    class Meta:
        verbose_name = _("suspected illegal-fundraising entity")
        verbose_name_plural = _("suspected illegal-fundraising entities")
        ordering = ["-opened_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="merged") | models.Q(merged_into__isnull=False),
                name="fundraising_merged_has_target",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("fundraising:entity", args=[self.pk])

    @property
    def audit_office_path(self) -> str:
        return self.office.path

    @property
    def audit_subject(self) -> str:
        return self.institution.audit_subject if self.institution_id else f"fundraising:{self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status not in (EntityStatus.CLOSED, EntityStatus.MERGED)


class EntityText(AppendOnly):
    """A text the office holds about an entity: a tip-off, an advertisement, a web page saved as a
    file, verification evidence. `text` is what the signals read; the file, when there is one, is
    kept as it came. `source` names the record it was copied from ("complaints.complaint:12")."""

    entity = models.ForeignKey(SuspectEntity, on_delete=models.PROTECT, related_name="texts")
    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind.choices)
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"))
    file = models.FileField(_("file"), upload_to="fundraising/%Y/", blank=True)
    original_name = models.CharField(_("file name"), max_length=200, blank=True)
    received_on = models.DateField(_("received on"), db_index=True)
    source = models.CharField(_("source record"), max_length=80, blank=True)
    from_office = models.ForeignKey(
        "accounts.Office",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("received by"),
    )  # a tip-off's receiving office: how far the complaints spread
    returns = models.JSONField(_("promised returns"), default=list, blank=True)  # [[quote, annual %, basis]]
    tokens = models.JSONField(_("tokens"), default=list, blank=True)  # the segmented text, for near duplicates
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(_("added at"))

    scope = Scope(office="entity__office", institution_users=False)
    objects = ScopedManager()

    class Meta:
        verbose_name = _("text about a suspected entity")
        verbose_name_plural = _("texts about suspected entities")
        ordering = ["received_on", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def audit_office_path(self) -> str:
        return self.entity.office.path

    @property
    def audit_subject(self) -> str:
        return self.entity.audit_subject


class DisposalStep(AppendOnly):
    """One step of an entity's disposal, as it was taken: its date, who recorded it, what was found
    or done, and for each kind what the law asks it to carry (a determination its outcome and legal
    basis; a referral its 移送书; the police's answer its reference number)."""

    entity = models.ForeignKey(SuspectEntity, on_delete=models.PROTECT, related_name="steps")
    kind = models.CharField(_("step"), max_length=20, choices=StepKind.choices)
    done_on = models.DateField(_("date"))
    due_on = models.DateField(_("was due on"), null=True, blank=True)
    text = models.TextField(_("record"))
    outcome = models.CharField(_("determination"), max_length=20, choices=Outcome.choices, blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=300, blank=True)
    body = models.CharField(_("body"), max_length=200, blank=True)
    answer = models.CharField(_("answer"), max_length=20, choices=PoliceAnswer.choices, blank=True)
    reference = models.CharField(_("reference number"), max_length=100, blank=True)
    document_id = models.BigIntegerField(_("official document"), null=True, blank=True)
    next_due_on = models.DateField(_("next step due"), null=True, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("recorded at"))

    scope = Scope(office="entity__office", institution_users=False)
    objects = ScopedManager()

    class Meta:
        verbose_name = _("disposal step")
        verbose_name_plural = _("disposal steps")
        ordering = ["done_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.done_on}"

    @property
    def audit_office_path(self) -> str:
        return self.entity.office.path

    @property
    def audit_subject(self) -> str:
        return self.entity.audit_subject


class TextSimilarity(models.Model):
    """Two texts of different entities that read alike (the same advertisement under another name),
    found when the later one was added; `similarity` 0–100. Pairs below 80 are not kept."""

    a = models.ForeignKey(EntityText, on_delete=models.CASCADE, related_name="+")
    b = models.ForeignKey(EntityText, on_delete=models.CASCADE, related_name="+")
    similarity = models.FloatField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["a", "b"], name="fundraising_text_pair")]

    def __str__(self) -> str:
        return f"{self.a_id}~{self.b_id} {self.similarity:.0f}"


class WeightSet(AppendOnly):
    """One version of the index's weights (the feature words and the signals), as data: a new
    version is a new row, from the day it applies; the index of a day uses the latest version in
    force that day. The first version is the file data/weights.toml (migration 0002)."""

    version = models.PositiveIntegerField(_("version"), unique=True)
    valid_from = models.DateField(_("in force from"))
    weights = models.JSONField(_("weights"))
    note = models.CharField(_("reason for the change"), max_length=300)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        verbose_name = _("index weights")
        verbose_name_plural = _("index weights")
        ordering = ["-version"]

    def __str__(self) -> str:
        return f"v{self.version}"

    @property
    def audit_subject(self) -> str:
        return "fundraising:weights"
