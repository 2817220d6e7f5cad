"""Annual reviews, licensing applications with their steps and documents, and fit-and-proper
decisions. Every row reaches its office through a real foreign key (scoping)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from finsup.core.append_only import AppendOnly
from finsup.core.scoping import Scope, ScopedManager
from finsup.institutions.choices import ApprovalStatus, InstitutionKind

from .choices import (
    FILING_RULE_DAYS,
    FILING_RULE_KINDS,
    STEP_DAYS,
    ApplicationStatus,
    ApplicationType,
    ChangeKind,
    CheckItem,
    CheckResult,
    Consequence,
    ReviewOutcome,
    ReviewStatus,
)


class AnnualReview(models.Model):
    institution = models.ForeignKey(
        "institutions.Institution",
        on_delete=models.PROTECT,
        related_name="annual_reviews",
        verbose_name=_("institution"),
    )
    year = models.PositiveSmallIntegerField(_("year reviewed"))
    status = models.CharField(_("status"), max_length=20, choices=ReviewStatus.choices, default=ReviewStatus.OPEN)
    outcome = models.CharField(_("outcome"), max_length=30, choices=ReviewOutcome.choices, blank=True)
    reason = models.TextField(_("reasons"), blank=True)
    rectification_due = models.DateField(_("rectification due"), null=True, blank=True)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField(_("opened at"))
    concluded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    concluded_at = models.DateTimeField(_("concluded at"), null=True, blank=True)

    scope = Scope(office="institution__county", institution="institution", institution_users=False)
    objects = ScopedManager()

    class Meta:
        verbose_name = _("annual review")
        verbose_name_plural = _("annual reviews")
        ordering = ["-year", "institution__name"]
        constraints = [
            models.UniqueConstraint(fields=["institution", "year"], name="annual_review_one_per_year"),
            models.CheckConstraint(
                name="annual_review_concluded_has_outcome",
                condition=models.Q(status=ReviewStatus.OPEN, outcome="")
                | (models.Q(status=ReviewStatus.CONCLUDED) & ~models.Q(outcome="")),
                violation_error_message=_("A concluded review has an outcome; an open one has none."),
            ),
        ]

    def __str__(self) -> str:
        return _("Annual review %(year)s of %(institution)s") % {"year": self.year, "institution": self.institution}

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("licensing:review_detail", args=[self.pk])

    @property
    def audit_office_path(self) -> str:
        return self.institution.county.path

    @property
    def audit_subject(self) -> str:
        return self.institution.audit_subject


class ReviewCheck(models.Model):
    """One item of the checklist, with what it was judged on."""

    review = models.ForeignKey(AnnualReview, on_delete=models.CASCADE, related_name="checks")
    item = models.CharField(_("item"), max_length=40, choices=CheckItem.choices)
    result = models.CharField(_("result"), max_length=20, choices=CheckResult.choices, default=CheckResult.NOT_ASSESSED)
    computed = models.BooleanField(_("pre-filled from the platform's data"), default=False)
    evidence = models.TextField(_("evidence"), blank=True)
    remark = models.TextField(_("remark"), blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    scope = Scope(office="review__institution__county", institution="review__institution", institution_users=False)
    objects = ScopedManager()

    class Meta:
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist")
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["review", "item"], name="review_check_one_per_item")]

    def __str__(self) -> str:
        return self.get_item_display()

    @property
    def audit_office_path(self) -> str:
        return self.review.audit_office_path

    @property
    def audit_subject(self) -> str:
        return self.review.audit_subject


class ReviewConsequence(models.Model):
    """A consequence the review proposes; the inspections app turns it into a measure."""

    review = models.ForeignKey(AnnualReview, on_delete=models.CASCADE, related_name="consequences")
    kind = models.CharField(_("consequence"), max_length=30, choices=Consequence.choices)
    detail = models.TextField(_("detail"), blank=True)
    due_on = models.DateField(_("due on"), null=True, blank=True)

    scope = Scope(office="review__institution__county", institution="review__institution", institution_users=False)
    objects = ScopedManager()

    class Meta:
        verbose_name = _("proposed consequence")
        verbose_name_plural = _("proposed consequences")
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["review", "kind"], name="review_consequence_once")]

    def __str__(self) -> str:
        return self.get_kind_display()


class Application(models.Model):
    """An application to establish, change or terminate an institution. An establishment names a
    proposed institution; the others name the registered one."""

    type = models.CharField(_("type"), max_length=20, choices=ApplicationType.choices)
    institution = models.ForeignKey(
        "institutions.Institution",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="applications",
        verbose_name=_("institution"),
    )
    county = models.ForeignKey(
        "accounts.Office", on_delete=models.PROTECT, related_name="+", verbose_name=_("county office")
    )
    proposed_name = models.CharField(_("proposed name"), max_length=100, blank=True)
    proposed_kind = models.CharField(_("proposed kind"), max_length=20, choices=InstitutionKind.choices, blank=True)
    change_kinds = models.JSONField(_("what changes"), default=list, blank=True)
    # New registry values for a change: name, registered_capital, paid_in_capital, address,
    # business_region (office codes). Applied through the registry's services on approval.
    proposed_values = models.JSONField(_("new values"), default=dict, blank=True)
    description = models.TextField(_("description"))
    resolution_date = models.DateField(
        _("date of the resolution"),
        null=True,
        blank=True,
        help_text=_("The shareholders' or board resolution that decided the change."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ApplicationStatus.choices, default=ApplicationStatus.FILED, db_index=True
    )
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    filed_at = models.DateTimeField(_("filed at"))
    step_started_on = models.DateField(_("current step since"))
    effective_on = models.DateField(_("effective on"), null=True, blank=True)
    decision_doc_no = models.CharField(_("decision document number"), max_length=60, blank=True)
    # The city's request (请示) to the province when it forwards the application: its
    # finsup.documents row, a plain reference (no dependency on that app's migrations).
    request_document_id = models.PositiveBigIntegerField(_("request to the province"), null=True, blank=True)

    scope = Scope(office="county", institution="institution")
    objects = ScopedManager()
    # The proposed people's ID numbers are encrypted in proposed_values: the audit trail keeps their masked form.
    audit_masks = {"proposed_values": lambda values: _masked_proposals(values)}

    class Meta:
        verbose_name = _("licensing application")
        verbose_name_plural = _("licensing applications")
        ordering = ["-filed_at", "-id"]
        constraints = [
            models.CheckConstraint(
                name="application_names_its_institution",
                condition=(models.Q(type=ApplicationType.ESTABLISH) & ~models.Q(proposed_name=""))
                | (~models.Q(type=ApplicationType.ESTABLISH) & models.Q(institution__isnull=False)),
                violation_error_message=_("An establishment names the proposed institution; others a registered one."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_type_display()} · {self.subject_name}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("licensing:application_detail", args=[self.pk])

    @property
    def subject_name(self) -> str:
        return self.institution.name if self.institution_id else self.proposed_name

    @property
    def kind(self) -> str:
        return self.institution.kind if self.institution_id else self.proposed_kind

    @property
    def proposed_lines(self) -> list[tuple[str, str]]:
        from .proposed import proposed_lines

        return proposed_lines(self.proposed_values)

    @property
    def change_kind_labels(self) -> list[str]:
        return [ChangeKind(k).label for k in self.change_kinds]

    @property
    def filing_deadline(self) -> datetime.date | None:
        """The last day to file under the 30-day rule, when the rule covers this change."""
        covered = FILING_RULE_KINDS.get(self.kind, set())
        if self.type != ApplicationType.CHANGE or not self.resolution_date or not covered & set(self.change_kinds):
            return None
        return self.resolution_date + datetime.timedelta(days=FILING_RULE_DAYS)

    @property
    def filed_late(self) -> bool:
        from django.utils import timezone

        deadline = self.filing_deadline
        return deadline is not None and timezone.localdate(self.filed_at) > deadline

    def step_due(self) -> datetime.date | None:
        days = STEP_DAYS.get(self.status)
        return None if days is None else self.step_started_on + datetime.timedelta(days=days)

    def step_overdue(self, as_of: datetime.date) -> bool:
        due = self.step_due()
        return due is not None and as_of > due

    @property
    def audit_office_path(self) -> str:
        return self.county.path

    @property
    def audit_subject(self) -> str:
        return self.institution.audit_subject if self.institution_id else f"licensing.application:{self.pk}"


def _masked_proposals(values):
    from .proposed import masked

    return masked(values)


class ApplicationEvent(AppendOnly):
    """Append-only: each step of an application, who took it and why."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="events")
    from_status = models.CharField(_("previous status"), max_length=20, choices=ApplicationStatus.choices, blank=True)
    to_status = models.CharField(_("new status"), max_length=20, choices=ApplicationStatus.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("time"))
    reason = models.TextField(_("reason"))
    late = models.BooleanField(_("after the step's deadline"), default=False)

    scope = Scope(office="application__county", institution="application__institution")
    objects = ScopedManager()

    class Meta:
        verbose_name = _("application step")
        verbose_name_plural = _("application steps")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.application_id}: {self.from_status or '—'} → {self.to_status}"


def _document_path(instance: ApplicationDocument, filename: str) -> str:
    # The digest in the name: a file is never written over by another upload.
    return f"licensing/{instance.application_id}/{instance.sha256}/{filename}"


class ApplicationDocument(models.Model):
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="documents")
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=_document_path, max_length=300)
    original_name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded at"))

    scope = Scope(office="application__county", institution="application__institution")
    objects = ScopedManager()

    class Meta:
        verbose_name = _("application document")
        verbose_name_plural = _("application documents")
        ordering = ["uploaded_at", "id"]
        constraints = [models.UniqueConstraint(fields=["application", "sha256"], name="application_document_once")]

    def __str__(self) -> str:
        return self.title


class FitAndProperDecision(AppendOnly):
    """The office's decision on a director, supervisor or executive, with what it rested on.
    The person's current approval status lives on institutions.KeyPerson; this is the history."""

    key_person = models.ForeignKey(
        "institutions.KeyPerson", on_delete=models.PROTECT, related_name="fit_and_proper_decisions"
    )
    decision = models.CharField(_("decision"), max_length=20, choices=ApprovalStatus.choices)
    qualification_ok = models.BooleanField(_("qualification meets the requirements"))
    training_ok = models.BooleanField(_("training attended"))
    clean_record_ok = models.BooleanField(_("clean record"))
    reason = models.TextField(_("reasons"))
    document_no = models.CharField(_("approval document number"), max_length=60, blank=True)
    decided_on = models.DateField(_("decided on"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("recorded at"))

    scope = Scope(office="key_person__institution__county", institution="key_person__institution")
    objects = ScopedManager()

    class Meta:
        verbose_name = _("fit-and-proper decision")
        verbose_name_plural = _("fit-and-proper decisions")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.key_person.name}: {self.get_decision_display()}"

    @property
    def audit_office_path(self) -> str:
        return self.key_person.institution.county.path

    @property
    def audit_subject(self) -> str:
        return self.key_person.institution.audit_subject
