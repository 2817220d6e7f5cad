"""Accountability (责任追究): cases against the office's own staff or a lower office, their
investigation, decision and transfers to the oversight bodies. Every case keeps its whole history
as append-only events; a transfer returned by a body stays on record beside any later one."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from finsup.core.append_only import AppendOnly
from finsup.core.scoping import Scope, ScopedManager

from .choices import Body, CaseStatus, Decision, EventKind, StepKind, SubjectKind, TransferStatus

USER = settings.AUTH_USER_MODEL


class AccountabilityCase(models.Model):
    office = models.ForeignKey(
        "accounts.Office", on_delete=models.PROTECT, related_name="accountability_cases", verbose_name=_("office")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    seq = models.PositiveIntegerField(_("number in the year"))
    subject_kind = models.CharField(_("case against"), max_length=10, choices=SubjectKind.choices)
    subject_user = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("member of staff")
    )
    subject_office = models.ForeignKey(
        "accounts.Office",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("lower office"),
    )
    title = models.CharField(_("title"), max_length=200)
    allegation = models.TextField(_("the failure alleged"))
    items = models.JSONField(_("responsibility list items"), default=list)
    status = models.CharField(
        _("status"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.OPEN, db_index=True
    )
    opened_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("opened by"))
    opened_at = models.DateTimeField(_("opened at"))
    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices, blank=True)
    decision_text = models.TextField(_("reasons for the decision"), blank=True)
    decided_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("decided by")
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    # The decision (处理决定) as an official document: its finsup.documents row, kept as a plain
    # reference as inspections.IssuedDocument keeps its own (no dependency on that app's migrations).
    decision_document_id = models.PositiveBigIntegerField(_("decision document"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    scope = Scope(office="office", institution_users=False)
    objects = ScopedManager()

    class Meta:
        verbose_name = _("accountability case")
        verbose_name_plural = _("accountability cases")
        ordering = ["-opened_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["office", "year", "seq"], name="accountability_case_number_once"),
            models.CheckConstraint(
                name="accountability_case_one_subject",
                condition=(
                    models.Q(subject_kind="staff", subject_user__isnull=False, subject_office__isnull=True)
                    | models.Q(subject_kind="office", subject_user__isnull=True, subject_office__isnull=False)
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("accountability:case_detail", args=[self.pk])

    @property
    def number(self) -> str:
        prefix = self.office.document_prefix or self.office.short_name
        return f"{prefix}责〔{self.year}〕{self.seq}号"

    @property
    def subject(self):
        return self.subject_user if self.subject_kind == SubjectKind.STAFF else self.subject_office

    @property
    def audit_office_path(self) -> str:
        return self.office.path

    @property
    def audit_subject(self) -> str:
        return f"office:{self.office.code}"


class CaseTransfer(models.Model):
    """The case sent to another body; it accepts it, and concludes it or returns it. The row keeps
    every date; a case returned and sent again gets a new transfer."""

    case = models.ForeignKey(AccountabilityCase, on_delete=models.PROTECT, related_name="transfers")
    to_body = models.CharField(_("sent to"), max_length=20, choices=Body.choices)
    status = models.CharField(_("status"), max_length=20, choices=TransferStatus.choices, db_index=True)
    # The number typed by hand before transfers issued their letter; kept for the rows of that time.
    reference = models.CharField(_("letter number"), max_length=60, blank=True)
    # The transfer letter (移送函) as an official document: its finsup.documents row (see above).
    letter_document_id = models.PositiveBigIntegerField(_("transfer letter"), null=True, blank=True)
    reason = models.TextField(_("why it is transferred"))
    sent_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("sent by"))
    sent_at = models.DateTimeField(_("sent at"))
    accepted_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True)
    return_reason = models.TextField(_("why it was returned"), blank=True)
    concluded_at = models.DateTimeField(_("concluded at"), null=True, blank=True)
    conclusion = models.TextField(_("conclusion of the receiving body"), blank=True)
    supervision_due = models.DateField(_("supervision: due by"), null=True, blank=True)

    scope = Scope(office="case__office", institution_users=False)
    objects = ScopedManager()

    class Meta:
        verbose_name = _("case transfer")
        verbose_name_plural = _("case transfers")
        ordering = ["sent_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=models.Q(status__in=["sent", "accepted"]),
                name="case_transfer_one_open",
            )
        ]

    def __str__(self) -> str:
        return f"{self.case_id} → {self.get_to_body_display()}"

    @property
    def is_open(self) -> bool:
        return self.status in (TransferStatus.SENT, TransferStatus.ACCEPTED)

    @property
    def audit_office_path(self) -> str:
        return self.case.office.path


class CaseEvent(AppendOnly):
    """The case's history: every step, link, transfer event, decision, in order. Never changed."""

    case = models.ForeignKey(AccountabilityCase, on_delete=models.PROTECT, related_name="events")
    transfer = models.ForeignKey(CaseTransfer, on_delete=models.PROTECT, null=True, blank=True, related_name="events")
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    step_kind = models.CharField(_("step"), max_length=20, choices=StepKind.choices, blank=True)
    body = models.CharField(_("by the body"), max_length=20, choices=Body.choices, default=Body.OFFICE)
    by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("by"))
    at = models.DateTimeField(_("time"))
    text = models.TextField(_("text"), blank=True)
    due_on = models.DateField(_("due by"), null=True, blank=True)

    scope = Scope(office="case__office", institution_users=False)
    objects = ScopedManager()

    class Meta:
        verbose_name = _("case event")
        verbose_name_plural = _("case history")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.kind}"


class CaseLink(AppendOnly):
    """A record of the platform the case is about (an overdue inspection duty's institution, a
    filing reviewed late, a finding, a complaint). The label is kept as it read when linked."""

    case = models.ForeignKey(AccountabilityCase, on_delete=models.PROTECT, related_name="links")
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    label = models.CharField(_("record"), max_length=300)
    url = models.CharField(_("link"), max_length=300, blank=True)
    by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("linked at"))

    scope = Scope(office="case__office", institution_users=False)
    objects = ScopedManager()

    class Meta:
        verbose_name = _("linked record")
        verbose_name_plural = _("linked records")
        ordering = ["at", "pk"]
        constraints = [models.UniqueConstraint(fields=["case", "content_type", "object_id"], name="case_link_once")]

    def __str__(self) -> str:
        return self.label
