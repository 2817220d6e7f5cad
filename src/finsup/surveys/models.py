"""Special surveys: the office's definition (fields and checks in the report catalogue's terms), the
recipients it is sent to (institutions or offices below), and their answers, versioned and never
overwritten. A survey forwarded by an office that received it is a survey of that office, linked to
the recipient row it answers (`forwarded_from`), so the chain province → city → county → institution
is a tree of surveys."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from finsup.core.append_only import AppendOnly
from finsup.core.scoping import Scope, ScopedManager

from .choices import AnswerChannel, SurveyStatus


class Survey(models.Model):
    office = models.ForeignKey(
        "accounts.Office", on_delete=models.PROTECT, related_name="surveys", verbose_name=_("sending office")
    )
    title = models.CharField(_("title"), max_length=200)
    basis = models.TextField(_("legal basis and purpose"))
    deadline = models.DateField(_("deadline"))
    # {"fields": [{id, label_zh, type, unit, required, min, max}], "checks": [{id, expr, message_zh}]}:
    # what catalogue.adhoc turns into a ReportVersion. Frozen once sent.
    definition = models.JSONField(_("definition"), default=dict)
    status = models.CharField(
        _("status"), max_length=10, choices=SurveyStatus.choices, default=SurveyStatus.DRAFT, db_index=True
    )
    forwarded_from = models.ForeignKey(
        "SurveyRecipient",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="forwards",
        verbose_name=_("forwarded from"),
    )
    rerun_of = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="reruns", verbose_name=_("re-run of")
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    scope = Scope(office="office", institution_users=False)
    objects = ScopedManager()

    class Meta:
        verbose_name = _("special survey")
        verbose_name_plural = _("special surveys")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="draft") | models.Q(sent_at__isnull=False), name="survey_sent_has_time"
            ),
            models.UniqueConstraint(fields=["forwarded_from"], name="survey_forwarded_once"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("surveys:detail", args=[self.pk])

    @property
    def audit_office_path(self) -> str:
        return self.office.path

    @property
    def audit_subject(self) -> str:
        return f"office:{self.office.code}"

    @property
    def is_draft(self) -> bool:
        return self.status == SurveyStatus.DRAFT

    @property
    def fields(self) -> list[dict]:
        return list((self.definition or {}).get("fields", []))

    @property
    def checks(self) -> list[dict]:
        return list((self.definition or {}).get("checks", []))


class SurveyRecipient(models.Model):
    """One respondent of a survey: an institution, or an office below the sender. `within` is the
    office whose jurisdiction it lies in (the institution's county, or the office itself): staff see
    the recipients within their jurisdiction; an institution only its own, once the survey is sent."""

    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="recipients")
    institution = models.ForeignKey(
        "institutions.Institution",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="survey_requests",
        verbose_name=_("institution"),
    )
    office = models.ForeignKey(
        "accounts.Office",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="survey_requests",
        verbose_name=_("office"),
    )
    # A resident institution or partner department (finsup.partners): the banks answer the monthly
    # figures of the city's finance (item ①) through the same surveys.
    partner = models.ForeignKey(
        "partners.Partner",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="survey_requests",
        verbose_name=_("resident institution or partner"),
    )
    within = models.ForeignKey("accounts.Office", on_delete=models.PROTECT, related_name="+")

    scope = Scope(
        office="within",
        institution="institution",
        institution_rows=models.Q(survey__status="sent"),
        partner="partner",
        partner_rows=models.Q(survey__status="sent"),
    )
    objects = ScopedManager()

    class Meta:
        verbose_name = _("survey recipient")
        verbose_name_plural = _("survey recipients")
        ordering = ["survey", "office__path", "institution__name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(institution__isnull=True, office__isnull=False, partner__isnull=True)
                | models.Q(institution__isnull=False, office__isnull=True, partner__isnull=True)
                | models.Q(institution__isnull=True, office__isnull=True, partner__isnull=False),
                name="survey_recipient_one_kind",
            ),
            models.UniqueConstraint(fields=["survey", "institution"], name="survey_recipient_institution_once"),
            models.UniqueConstraint(fields=["survey", "partner"], name="survey_recipient_partner_once"),
            models.UniqueConstraint(fields=["survey", "office"], name="survey_recipient_office_once"),
        ]

    def __str__(self) -> str:
        return f"{self.survey} · {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("surveys:request", args=[self.pk])

    @property
    def name(self) -> str:
        if self.partner_id:
            return self.partner.name
        return self.institution.name if self.institution_id else self.office.name

    @property
    def audit_office_path(self) -> str:
        return self.within.path


class SurveyAnswer(AppendOnly):
    """One version of a recipient's answer: the figures as stored (money in yuan, exact text), as a
    filing keeps them. A correction is the next version, with its reason."""

    recipient = models.ForeignKey(SurveyRecipient, on_delete=models.PROTECT, related_name="answers")
    version = models.PositiveIntegerField(_("version"))
    values = models.JSONField(_("figures"))
    channel = models.CharField(_("channel"), max_length=10, choices=AnswerChannel.choices)
    correction_reason = models.TextField(_("reason for the correction"), blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(_("submitted at"))

    scope = Scope(
        office="recipient__within",
        institution="recipient__institution",
        institution_rows=models.Q(recipient__survey__status="sent"),
        partner="recipient__partner",
        partner_rows=models.Q(recipient__survey__status="sent"),
    )
    objects = ScopedManager()

    class Meta:
        verbose_name = _("survey answer")
        verbose_name_plural = _("survey answers")
        ordering = ["recipient", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "version"], name="survey_answer_version_once"),
            models.CheckConstraint(condition=models.Q(version__gte=1), name="survey_answer_version_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.recipient} v{self.version}"

    @property
    def audit_office_path(self) -> str:
        return self.recipient.within.path
