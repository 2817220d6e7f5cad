import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from finsup.core.scoping import Scope, ScopedQuerySet

from .choices import KIND_TITLES, DeliveryMethod, DocumentKind, DocumentStatus, PdfState


class DocumentQuerySet(ScopedQuerySet):
    def for_user(self, user):
        """Staff see the documents of their office's subtree; an institution's users see only the
        signed-off documents delivered to their institution: never a draft, nor the office's internal
        records about it (an inspection report, a request to the province)."""
        qs = super().for_user(user)
        if user is not None and getattr(user, "institution_id", None):
            delivered = DocumentDelivery.objects.filter(
                document=models.OuterRef("pk"), institution_id=user.institution_id
            )
            qs = qs.filter(models.Exists(delivered), status=DocumentStatus.FINAL)
        return qs


class OfficialDocument(models.Model):
    """One version of an official document. Versions of one document share `series`; a revision
    is a new row, and the row of a final version is never changed again (the services refuse)."""

    kind = models.CharField(_("kind"), max_length=30, choices=DocumentKind.choices)
    office = models.ForeignKey(
        "accounts.Office", on_delete=models.PROTECT, related_name="documents", verbose_name=_("issuing office")
    )
    # The institution the document concerns and, unless `context["addressee"]` says otherwise, is
    # addressed to; none for a document to another authority about no institution (a report upward).
    institution = models.ForeignKey(
        "institutions.Institution",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("institution"),
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    subject = GenericForeignKey("content_type", "object_id")
    series = models.UUIDField(_("series"), default=uuid.uuid4, editable=False, db_index=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    status = models.CharField(
        _("status"), max_length=10, choices=DocumentStatus.choices, default=DocumentStatus.DRAFT, db_index=True
    )
    # The number and its parts, set when the document becomes final: 临金办检〔2026〕12号.
    number = models.CharField(_("document number"), max_length=50, blank=True)
    word = models.CharField(_("number word"), max_length=4)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    seq = models.PositiveIntegerField(_("serial number"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=200)
    context = models.JSONField(_("content"), default=dict)
    docx = models.FileField(_("DOCX file"), max_length=200, blank=True)
    pdf = models.FileField(_("PDF file"), max_length=200, blank=True)
    docx_sha256 = models.CharField(max_length=64, blank=True)
    pdf_sha256 = models.CharField(max_length=64, blank=True)
    # The PDF is converted off the request path (services.document_pdf_convert, run by the worker):
    # the state, the attempts made so far and the last failure, in words for people.
    pdf_state = models.CharField(_("PDF state"), max_length=10, choices=PdfState.choices, blank=True, default="")
    pdf_attempts = models.PositiveSmallIntegerField(_("PDF attempts"), default=0)
    pdf_error = models.CharField(_("PDF error"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created at"))
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("checked by"),
    )
    checked_at = models.DateTimeField(_("checked at"), null=True, blank=True)
    # Signed off (签发): the leader who signed and when; the number is taken then.
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("signed off by"),
    )
    finalised_at = models.DateTimeField(_("signed off at"), null=True, blank=True)

    scope = Scope(office="office", institution="institution")
    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("official document")
        verbose_name_plural = _("official documents")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id"])]
        constraints = [
            models.UniqueConstraint(fields=["series", "version"], name="document_series_version_unique"),
            models.UniqueConstraint(
                fields=["series"], condition=models.Q(status="final"), name="document_one_final_per_series"
            ),
            models.UniqueConstraint(
                fields=["office", "year", "word", "seq"],
                condition=models.Q(seq__isnull=False),
                name="document_number_unique",
            ),
            models.CheckConstraint(
                name="document_final_is_numbered",
                condition=(
                    models.Q(status__in=["draft", "checked"], seq__isnull=True, number="", finalised_at__isnull=True)
                    | models.Q(status="final", seq__isnull=False, year__isnull=False, finalised_at__isnull=False)
                    & ~models.Q(number="")
                ),
            ),
            # A draft has no PDF; a final version's PDF is pending, ready or failed, and it is stored
            # with its SHA-256 exactly when ready: never half-stored.
            models.CheckConstraint(
                name="document_pdf_state",
                condition=models.Q(status__in=["draft", "checked"], pdf_state="")
                | models.Q(status="final", pdf_state__in=["pending", "ready", "failed"]),
            ),
            models.CheckConstraint(
                name="document_pdf_ready_is_stored",
                condition=models.Q(pdf_state="ready") & ~models.Q(pdf="") & ~models.Q(pdf_sha256="")
                | ~models.Q(pdf_state="ready") & models.Q(pdf="", pdf_sha256=""),
            ),
            models.CheckConstraint(name="document_version_positive", condition=models.Q(version__gte=1)),
            models.CheckConstraint(
                name="document_checked_has_checker",
                condition=models.Q(status="draft") | models.Q(checked_by__isnull=False, checked_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number or KIND_TITLES.get(self.kind, self.kind)} v{self.version}"

    @property
    def is_final(self) -> bool:
        return self.status == DocumentStatus.FINAL

    @property
    def pdf_ready(self) -> bool:
        return self.pdf_state == PdfState.READY

    @property
    def pdf_pending(self) -> bool:
        return self.pdf_state == PdfState.PENDING

    @property
    def pdf_failed(self) -> bool:
        return self.pdf_state == PdfState.FAILED

    @property
    def audit_office_path(self) -> str:
        return self.office.path

    @property
    def audit_subject(self) -> str:
        return self.institution.audit_subject if self.institution_id else f"office:{self.office.code}"


class DocumentCounter(models.Model):
    """The last number given per office, year and word; finalising locks this row, so numbers
    have neither gaps nor duplicates."""

    office = models.ForeignKey("accounts.Office", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    word = models.CharField(max_length=4)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("document counter")
        verbose_name_plural = _("document counters")
        constraints = [
            models.UniqueConstraint(fields=["office", "year", "word"], name="document_counter_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.office_id}/{self.year}/{self.word}: {self.last}"


class DocumentDelivery(models.Model):
    """One delivery (送达) of a signed-off document to the institution it is addressed to: in the
    platform at sign-off (电子送达, acknowledged once by a user of the institution, with the time), or
    on paper, recorded by office staff with the recipient who signed the receipt of service (送达回证)."""

    document = models.ForeignKey(
        OfficialDocument, on_delete=models.PROTECT, related_name="deliveries", verbose_name=_("official document")
    )
    institution = models.ForeignKey(
        "institutions.Institution", on_delete=models.PROTECT, related_name="+", verbose_name=_("institution")
    )
    method = models.CharField(_("delivery method"), max_length=10, choices=DeliveryMethod.choices)
    delivered_at = models.DateTimeField(_("delivered at"))
    delivered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("delivered by")
    )
    place = models.CharField(_("place of delivery"), max_length=200, blank=True)
    recipient_name = models.CharField(_("recipient"), max_length=100, blank=True)
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("acknowledged by"),
    )

    scope = Scope(office="document__office", institution="institution")
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("document delivery")
        verbose_name_plural = _("document deliveries")
        ordering = ["delivered_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["document"], condition=models.Q(method="electronic"), name="document_one_electronic_delivery"
            ),
            models.CheckConstraint(
                name="document_delivery_acknowledged_whole",
                condition=models.Q(acknowledged_at__isnull=True, acknowledged_by__isnull=True)
                | models.Q(acknowledged_at__isnull=False, acknowledged_by__isnull=False),
            ),
            models.CheckConstraint(
                name="document_paper_delivery_names_recipient",
                condition=models.Q(method="electronic") | ~models.Q(recipient_name=""),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document} → {self.institution_id} ({self.method})"

    @property
    def audit_office_path(self) -> str:
        return self.document.office.path

    @property
    def audit_subject(self) -> str:
        return self.institution.audit_subject
